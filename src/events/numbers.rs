//! Figures in running text, in digits or in words: "21", "3,000", "Ninety-two",
//! "ten thousand", "one million". Spans are UTF-8 byte offsets into the text.

/// A number found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// The value.
    pub value: u64,
}

const UNITS: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];
const TENS: &[(&str, u64)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];
const SCALES: &[(&str, u64)] = &[
    ("hundred", 100),
    ("thousand", 1_000),
    ("thousands", 1_000),
    ("million", 1_000_000),
    ("millions", 1_000_000),
];

fn lookup(table: &[(&str, u64)], w: &str) -> Option<u64> {
    table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(w))
        .map(|&(_, v)| v)
}

/// The value of one number word or hyphenated pair ("ninety-two"), below 100.
fn small(w: &str) -> Option<u64> {
    if let Some(v) = lookup(UNITS, w).or_else(|| lookup(TENS, w)) {
        return Some(v);
    }
    let (t, u) = w.split_once(['-', '\u{2010}', '\u{2011}'])?;
    let (t, u) = (lookup(TENS, t)?, lookup(UNITS, u)?);
    (1..10).contains(&u).then_some(t + u)
}

/// Words with their byte spans.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == ',' || c == '-' || c == '.';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    // Trailing punctuation is not part of a word ("70." "killed,").
    out.into_iter()
        .filter_map(|(s, mut e)| {
            while e > s && text[..e].ends_with([',', '.', '-']) {
                e -= 1;
            }
            (e > s).then_some((s, e))
        })
        .collect()
}

/// Parses digits with optional thousands separators: "21", "3,000", "1,044,752".
fn digits(w: &str) -> Option<u64> {
    if !w.bytes().next()?.is_ascii_digit() {
        return None;
    }
    let groups: Vec<&str> = w.split(',').collect();
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    let joined: String = groups.concat();
    if !joined.bytes().all(|b| b.is_ascii_digit()) || joined.len() > 15 {
        return None;
    }
    joined.parse().ok()
}

/// Every figure in `text`, in order.
pub fn find_numbers(text: &str) -> Vec<Figure> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let (s, e) = ws[i];
        let w = &text[s..e];
        if let Some(v) = digits(w) {
            // "3 million"
            let (value, end, next) = match ws
                .get(i + 1)
                .and_then(|&(s2, e2)| lookup(SCALES, &text[s2..e2]).map(|m| (m, e2)))
            {
                Some((m, e2)) => (v * m, e2, i + 2),
                None => (v, e, i + 1),
            };
            out.push(Figure {
                start: s,
                end,
                value,
            });
            i = next;
            continue;
        }
        // Words: [small] [hundred] [and] [small] [thousand|million] …
        let mut j = i;
        let mut total = 0u64;
        let mut current = 0u64;
        let mut any = false;
        let mut end = e;
        while let Some(&(s2, e2)) = ws.get(j) {
            let w2 = &text[s2..e2];
            if let Some(v) = small(w2) {
                if any && current % 100 != 0 && current > 0 {
                    break; // "two three" is not one number
                }
                current += v;
            } else if let Some(m) = lookup(SCALES, w2) {
                if !any {
                    break;
                }
                if m == 100 {
                    current = current.max(1) * 100;
                } else {
                    total += current.max(1) * m;
                    current = 0;
                }
            } else if w2.eq_ignore_ascii_case("and")
                && any
                && ws
                    .get(j + 1)
                    .is_some_and(|&(a, b)| small(&text[a..b]).is_some())
                && current >= 100
            {
                j += 1;
                continue;
            } else {
                break;
            }
            any = true;
            end = e2;
            j += 1;
        }
        if any {
            out.push(Figure {
                start: s,
                end,
                value: total + current,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_in_digits_and_words() {
        let cases: &[(&str, &[u64])] = &[
            ("killing 21 people and injuring 70.", &[21, 70]),
            (
                "Ninety-two civilians have been killed, 405 wounded and almost 3,000 houses",
                &[92, 405, 3000],
            ),
            ("Ten civilians were killed and 34 wounded", &[10, 34]),
            ("ten thousands of people used to live", &[10_000]),
            ("one million refugees", &[1_000_000]),
            ("two hundred and fifty homes", &[250]),
            ("3 million people", &[3_000_000]),
            ("one village after another", &[1]),
            ("no figures here", &[]),
            ("1,2345 is not a grouped number", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<u64> = find_numbers(text).iter().map(|f| f.value).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn spans_cover_the_words() {
        let text = "Ninety-two civilians, 3,000 houses.";
        let f = find_numbers(text);
        assert_eq!(&text[f[0].start..f[0].end], "Ninety-two");
        assert_eq!(&text[f[1].start..f[1].end], "3,000");
    }
}
