//! Name normalisation: the one function that turns any spelling of a name into the key the
//! name index stores, and the character classes the tokenizer shares with it.
//!
//! A key is lower case, without diacritics, with every run of separators (spaces, hyphens,
//! apostrophes, dots) turned into one ASCII space. "Şuşa", "SUSA" and "Susa" share the key
//! `susa`; "Nagorno-Karabakh" and "Nagorno Karabakh" share `nagorno karabakh`; "Xi'an" is
//! `xi an`. Transliteration variants (Shusha/Şuşa) are *not* folded together here: they are
//! separate names in the data, plus generated variants (see [`az_latin_variants`]).

use unicode_normalization::char::decompose_canonical;

/// Appends the folded form of `c` (lower case, diacritics removed) to `out`.
///
/// Letters that Unicode does not decompose but that writers commonly replace with a plain
/// letter (Azerbaijani `ə` and dotless `ı`, `ß`, `ø`, `ł`…) are mapped explicitly.
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    fold_char_with(c, |f| out.push(f));
}

/// Calls `emit` with each character of the folded form of `c` (see [`fold_char_into`]),
/// without allocating.
#[inline]
pub fn fold_char_with(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    let mapped: &str = match c {
        'ə' | 'Ə' | 'ǝ' | 'Ǝ' => "e",
        'ı' | 'İ' => "i",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' => "d",
        'þ' | 'Þ' => "th",
        'ё' | 'Ё' => "е",
        _ => {
            for l in c.to_lowercase() {
                decompose_canonical(l, |d| {
                    if !is_combining_mark(d) {
                        emit(d);
                    }
                });
            }
            return;
        }
    };
    mapped.chars().for_each(emit);
}

/// True for combining diacritical marks, which folding drops.
#[inline]
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// True for characters that belong inside a word: letters, digits and combining marks.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// True for characters that may separate the words of one name: spaces, hyphens,
/// apostrophes and dots ("Nagorno-Karabakh", "Côte d'Ivoire", "St. Petersburg").
#[inline]
pub fn is_name_separator(c: char) -> bool {
    c.is_whitespace() || is_hyphen(c) || is_apostrophe(c) || c == '.'
}

/// Hyphens and dashes that join the parts of a compound name.
#[inline]
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}')
}

/// Apostrophes and the letters used as apostrophes in transliteration.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}'
    )
}

/// The index key of a name: folded words joined by single spaces. Empty when the name has
/// no word characters.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.chars() {
        if is_word_char(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            fold_char_into(c, &mut out);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Writing systems we tell apart for names and for case rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Latin letters (English, Azerbaijani, Spanish, German…).
    Latin,
    /// Cyrillic (Russian…).
    Cyrillic,
    /// Armenian.
    Armenian,
    /// Georgian.
    Georgian,
    /// Greek.
    Greek,
    /// Arabic script (Arabic, Persian, Urdu…).
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Chinese, Japanese and Korean.
    Cjk,
    /// Anything else, or no letters.
    Other,
}

/// The script of the first letter of `s`.
pub fn script_of(s: &str) -> Script {
    s.chars()
        .find(|c| c.is_alphabetic())
        .map_or(Script::Other, char_script)
}

/// The script of one letter.
pub fn char_script(c: char) -> Script {
    match c as u32 {
        0..=0x02AF | 0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
        0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF => Script::Cjk,
        _ => Script::Other,
    }
}

/// True when the script distinguishes upper and lower case, so that a lower-case word is
/// not a proper noun.
pub fn script_has_case(s: Script) -> bool {
    matches!(
        s,
        Script::Latin | Script::Cyrillic | Script::Armenian | Script::Greek
    )
}

/// The choices for ə, ğ and ı that English texts use.
const VARIANT_CHOICES: [(&str, &str, char); 8] = [
    ("a", "g", 'y'),
    ("a", "g", 'i'),
    ("a", "gh", 'y'),
    ("a", "gh", 'i'),
    ("e", "g", 'y'),
    ("e", "g", 'i'),
    ("e", "gh", 'y'),
    ("e", "gh", 'i'),
];

/// English spellings of an Azerbaijani Latin name ("Şuşa" → "Shusha", "Xocalı" → "Khojali",
/// "Kəlbəcər" → "Kalbajar"), generated so that texts using the common English
/// transliteration find names the data holds only in Azerbaijani. Returns nothing for names
/// without Azerbaijani-specific letters.
pub fn az_latin_variants(name: &str) -> Vec<String> {
    const MARKERS: &[char] = &[
        'ə', 'Ə', 'ş', 'Ş', 'ç', 'Ç', 'ğ', 'Ğ', 'ı', 'x', 'X', 'q', 'Q', 'c', 'C',
    ];
    if !name.contains(MARKERS)
        || !name
            .chars()
            .all(|c| char_script(c) == Script::Latin || !c.is_alphabetic())
    {
        return Vec::new();
    }
    // Two conventions are common in English texts: ə as "a" (Kalbajar, Agdam) and as "e"
    // (Terter, Berde); x is "kh", c is "j", ç is "ch", ş is "sh", ğ is "g" or "gh".
    let mut out = Vec::new();
    for (schwa, gh, dotless) in VARIANT_CHOICES {
        let mut s = String::with_capacity(name.len() + 4);
        for c in name.chars() {
            match c {
                'ə' => s.push_str(schwa),
                'Ə' => s.push_str(&schwa.to_uppercase()),
                'ş' => s.push_str("sh"),
                'Ş' => s.push_str("Sh"),
                'ç' => s.push_str("ch"),
                'Ç' => s.push_str("Ch"),
                'ğ' => s.push_str(gh),
                'Ğ' => s.push_str(&gh.to_uppercase()),
                'x' => s.push_str("kh"),
                'X' => s.push_str("Kh"),
                'c' => s.push('j'),
                'C' => s.push('J'),
                'q' => s.push('g'),
                'Q' => s.push('G'),
                'ı' => s.push(dotless),
                _ => s.push(c),
            }
        }
        if !out.contains(&s) && s != name {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_and_separators() {
        let cases = [
            ("Şuşa", "susa"),
            ("SUSA", "susa"),
            ("Gəncə", "gence"),
            ("Laçın", "lacin"),
            ("Nagorno-Karabakh", "nagorno karabakh"),
            ("Nagorno Karabakh", "nagorno karabakh"),
            ("Xi’an", "xi an"),
            ("Côte d'Ivoire", "cote d ivoire"),
            ("St. Petersburg", "st petersburg"),
            ("İstanbul", "istanbul"),
            ("Straße", "strasse"),
            ("Гянджа", "гянджа"),
            ("Ставрополь", "ставрополь"),
            ("Ёлки", "елки"),
            ("Լեռնային Ղարաբաղ", "լեռնային ղարաբաղ"),
            ("  --  ", ""),
        ];
        for (name, key) in cases {
            assert_eq!(name_key(name), key, "{name}");
        }
    }

    #[test]
    fn scripts_are_told_apart() {
        assert_eq!(script_of("Barda"), Script::Latin);
        assert_eq!(script_of("Барда"), Script::Cyrillic);
        assert_eq!(script_of("Պարտավ"), Script::Armenian);
        assert_eq!(script_of("ბარდა"), Script::Georgian);
        assert_eq!(script_of("بردع"), Script::Arabic);
        assert_eq!(script_of("12"), Script::Other);
        assert!(!script_has_case(Script::Georgian));
    }

    #[test]
    fn azerbaijani_names_get_english_transliterations() {
        let cases = [
            ("Şuşa", "Shusha"),
            ("Xocalı", "Khojaly"),
            ("Kəlbəcər", "Kalbajar"),
            ("Ağdam", "Agdam"),
            ("Ağdam", "Aghdam"),
            ("Tərtər", "Terter"),
            ("Laçın", "Lachyn"),
            ("Qubadlı", "Gubadly"),
        ];
        for (az, en) in cases {
            let v = az_latin_variants(az);
            assert!(v.iter().any(|x| x == en), "{az} -> {v:?} lacks {en}");
        }
        assert!(az_latin_variants("Barda").is_empty());
        assert!(az_latin_variants("Гянджа").is_empty());
    }
}
