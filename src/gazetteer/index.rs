//! The name index: every name key of every place in one finite-state transducer (`fst`),
//! mapping to a postings list of `(place, name)` references.
//!
//! The transducer is what makes recognition fast and small: the geoparser walks it byte by
//! byte while it reads the text (see [`Cursor`]), so a word that starts no name is rejected
//! after its first letters, and multi-word names need no separate phrase table. It also
//! scales: the same structure over GeoNames allCountries (12M names) maps in tens of MB.

use std::borrow::Cow;

use fst::raw::{Fst, Node, Output};
use fst::{IntoStreamer, Map, MapBuilder, Streamer};

use super::GazetteerError;

/// A reference to one name of one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NameRef {
    /// Index of the place in the gazetteer.
    pub place: u32,
    /// Index of the name in the place's `names`.
    pub name: u32,
}

/// Name keys → places.
pub struct NameIndex {
    map: Map<Cow<'static, [u8]>>,
    postings: Vec<NameRef>,
}

/// First bytes of a serialised index.
const MAGIC: &[u8; 8] = b"DLNIDX01";

impl std::fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameIndex")
            .field("keys", &self.map.len())
            .field("postings", &self.postings.len())
            .finish()
    }
}

impl NameIndex {
    /// Builds the index from `(key, reference)` pairs in any order; duplicates are dropped.
    ///
    /// # Runtime
    /// O(n log n) for n pairs (one sort), then linear.
    ///
    /// # Errors
    /// Occurs only if the transducer cannot be built, which would be a bug in the sort.
    pub fn build(mut pairs: Vec<(String, NameRef)>) -> Result<NameIndex, GazetteerError> {
        pairs.sort_unstable();
        pairs.dedup();
        let mut builder = MapBuilder::memory();
        let mut postings = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while i < pairs.len() {
            let key = &pairs[i].0;
            let start = postings.len() as u64;
            let mut j = i;
            while j < pairs.len() && pairs[j].0 == *key {
                postings.push(pairs[j].1);
                j += 1;
            }
            let count = (j - i) as u64;
            if !key.is_empty() {
                builder
                    .insert(key.as_bytes(), (start << 24) | count.min(0xFF_FFFF))
                    .map_err(|e| GazetteerError::Index(e.to_string()))?;
            }
            i = j;
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| GazetteerError::Index(e.to_string()))?;
        let map = Map::new(Cow::Owned(bytes)).map_err(|e| GazetteerError::Index(e.to_string()))?;
        Ok(NameIndex { map, postings })
    }

    /// Serialises the index with `source_hash`, the hash of the data it was built from
    /// (see [`NameIndex::from_bytes`]).
    pub fn to_bytes(&self, source_hash: u64) -> Vec<u8> {
        let fst = self.map.as_fst().as_bytes();
        let mut out = Vec::with_capacity(32 + fst.len() + self.postings.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&source_hash.to_le_bytes());
        out.extend_from_slice(&(fst.len() as u64).to_le_bytes());
        out.extend_from_slice(fst);
        out.extend_from_slice(&(self.postings.len() as u64).to_le_bytes());
        for r in &self.postings {
            out.extend_from_slice(&r.place.to_le_bytes());
            out.extend_from_slice(&r.name.to_le_bytes());
        }
        out
    }

    /// Reads an index written by [`NameIndex::to_bytes`], borrowing the transducer.
    /// `Ok(None)` when the index was built from other data than `source_hash` says (stale:
    /// the caller builds it afresh). With `verify`, the transducer's checksum is checked too
    /// (a few milliseconds for the shipped index).
    ///
    /// # Errors
    /// What is wrong, when the bytes are not an index, are cut short or are damaged.
    pub fn from_bytes(
        bytes: &'static [u8],
        source_hash: u64,
        verify: bool,
    ) -> Result<Option<NameIndex>, String> {
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0xff; 8]));
        let Some((magic, rest)) = bytes.split_at_checked(8) else {
            return Err(format!(
                "truncated: {} bytes, not even a header",
                bytes.len()
            ));
        };
        if magic != MAGIC {
            return Err("not a Dateline name index (or one of another version)".into());
        }
        let Some((hash, rest)) = rest.split_at_checked(8) else {
            return Err(format!(
                "truncated: {} bytes, not even a header",
                bytes.len()
            ));
        };
        if word(hash) != source_hash {
            return Ok(None);
        }
        let truncated = |what: &str| format!("truncated: {} bytes end in {what}", bytes.len());
        let (len, rest) = rest
            .split_at_checked(8)
            .ok_or_else(|| truncated("the header"))?;
        let fst_len = usize::try_from(word(len)).map_err(|_| "damaged header".to_owned())?;
        let (fst, rest) = rest
            .split_at_checked(fst_len)
            .ok_or_else(|| truncated("the transducer"))?;
        let (n, rest) = rest
            .split_at_checked(8)
            .ok_or_else(|| truncated("the postings header"))?;
        let n = usize::try_from(word(n)).map_err(|_| "damaged postings header".to_owned())?;
        if Some(rest.len()) != n.checked_mul(8) {
            return Err(format!(
                "truncated or damaged: {n} postings declared, {} bytes of postings found",
                rest.len()
            ));
        }
        let postings = rest
            .chunks_exact(8)
            .map(|c| NameRef {
                place: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                name: u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            })
            .collect();
        let map = Map::new(Cow::Borrowed(fst)).map_err(|e| format!("damaged transducer: {e}"))?;
        if verify {
            map.as_fst()
                .verify()
                .map_err(|e| format!("damaged transducer: {e}"))?;
        }
        Ok(Some(NameIndex { map, postings }))
    }

    /// Checks that every posting points at a name of a place: `names[p]` is the number of
    /// names of place `p`.
    ///
    /// # Errors
    /// The first posting that points outside.
    pub fn check_postings(&self, names: &[usize]) -> Result<(), String> {
        match self.postings.iter().find(|r| {
            names
                .get(r.place as usize)
                .is_none_or(|&n| r.name as usize >= n)
        }) {
            Some(r) => Err(format!(
                "damaged: a posting points at name {} of place {}, which the gazetteer does not have",
                r.name, r.place
            )),
            None => Ok(()),
        }
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the index holds no key.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Size of the transducer in bytes.
    pub fn fst_bytes(&self) -> usize {
        self.map.as_fst().as_bytes().len()
    }

    /// The places named exactly `key` (a key made by [`super::normalize::name_key`]).
    pub fn get(&self, key: &str) -> &[NameRef] {
        self.map.get(key).map_or(&[], |v| self.postings_of(v))
    }

    /// Keys starting with `prefix`, with their postings, at most `limit` keys.
    pub fn prefixed(&self, prefix: &str, limit: usize) -> Vec<(String, &[NameRef])> {
        let auto = fst::automaton::Str::new(prefix);
        let auto = fst::Automaton::starts_with(auto);
        let mut stream = self.map.search(auto).into_stream();
        let mut out = Vec::new();
        while let Some((k, v)) = stream.next() {
            out.push((String::from_utf8_lossy(k).into_owned(), self.postings_of(v)));
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    /// The postings of a transducer output value.
    pub fn postings_of(&self, value: u64) -> &[NameRef] {
        let start = (value >> 24) as usize;
        let count = (value & 0xFF_FFFF) as usize;
        self.postings.get(start..start + count).unwrap_or(&[])
    }

    /// A cursor at the root, for walking keys byte by byte.
    pub fn cursor(&self) -> Cursor<'_> {
        let fst = self.map.as_fst();
        Cursor {
            fst,
            node: fst.root(),
            out: Output::zero(),
        }
    }
}

/// A position in the transducer: the state reached after some key prefix.
#[derive(Clone, Copy)]
pub struct Cursor<'a> {
    fst: &'a Fst<Cow<'static, [u8]>>,
    node: Node<'a>,
    out: Output,
}

impl<'a> Cursor<'a> {
    /// The cursor after one more byte, or `None` when no key continues that way.
    #[inline]
    pub fn step(&self, byte: u8) -> Option<Cursor<'a>> {
        let i = self.node.find_input(byte)?;
        let t = self.node.transition(i);
        Some(Cursor {
            fst: self.fst,
            node: self.fst.node(t.addr),
            out: self.out.cat(t.out),
        })
    }

    /// The cursor after all bytes of `s`.
    #[inline]
    pub fn step_str(&self, s: &str) -> Option<Cursor<'a>> {
        let mut c = *self;
        for &b in s.as_bytes() {
            c = c.step(b)?;
        }
        Some(c)
    }

    /// The output value when the bytes so far form a whole key.
    #[inline]
    pub fn value(&self) -> Option<u64> {
        self.node
            .is_final()
            .then(|| self.out.cat(self.node.final_output()).value())
    }

    /// True when some key continues with a space (a further word).
    #[inline]
    pub fn can_continue_word(&self) -> bool {
        self.node.find_input(b' ').is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(place: u32) -> NameRef {
        NameRef { place, name: 0 }
    }

    fn index() -> NameIndex {
        NameIndex::build(vec![
            ("barda".into(), r(1)),
            ("barda".into(), r(2)),
            ("barda".into(), r(2)),
            ("nagorno karabakh".into(), r(3)),
            ("baku".into(), r(4)),
        ])
        .expect("builds")
    }

    #[test]
    fn get_returns_every_place_once() {
        let ix = index();
        assert_eq!(ix.get("barda"), &[r(1), r(2)]);
        assert_eq!(ix.get("bard"), &[]);
        assert_eq!(ix.len(), 3);
    }

    #[test]
    fn cursor_walks_multi_word_keys() {
        let ix = index();
        let c = ix.cursor().step_str("nagorno").expect("prefix exists");
        assert!(c.value().is_none());
        assert!(c.can_continue_word());
        let c = c.step_str(" karabakh").expect("key exists");
        assert_eq!(ix.postings_of(c.value().expect("final")), &[r(3)]);
        assert!(ix.cursor().step_str("paris").is_none());
    }

    #[test]
    fn serialised_indexes_round_trip_and_reject_stale_data() {
        let ix = index();
        let bytes: &'static [u8] = Box::leak(ix.to_bytes(42).into_boxed_slice());
        let back = NameIndex::from_bytes(bytes, 42, true)
            .expect("intact")
            .expect("same hash");
        assert_eq!(back.get("barda"), ix.get("barda"));
        assert!(
            NameIndex::from_bytes(bytes, 43, true)
                .expect("intact")
                .is_none(),
            "stale"
        );
        for cut in [4, 20, 30, bytes.len() - 1] {
            let e = NameIndex::from_bytes(&bytes[..cut], 42, true).expect_err("truncated");
            assert!(e.contains("truncated"), "{cut}: {e}");
        }
        assert!(NameIndex::from_bytes(b"not an index at all", 42, true).is_err());
        // A flipped byte inside the transducer fails its checksum.
        let mut flipped = bytes.to_vec();
        flipped[24 + 10] ^= 0x55;
        let flipped: &'static [u8] = Box::leak(flipped.into_boxed_slice());
        assert!(NameIndex::from_bytes(flipped, 42, true).is_err());
        assert!(back.check_postings(&[9, 9, 9, 9, 9]).is_ok());
        assert!(back.check_postings(&[1]).is_err(), "places missing");
    }

    #[test]
    fn prefixed_lists_completions() {
        let ix = index();
        let keys: Vec<String> = ix.prefixed("ba", 10).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec!["baku", "barda"]);
    }
}
