//! Unicode word boundaries for whole-word matching.

use crate::unicode::is_word_char;

/// Length in bytes of the UTF-8 sequence that starts with `lead`.
#[inline]
pub(crate) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Whether a word character ends right before byte offset `at` of the UTF-8 `text`.
#[inline]
pub(crate) fn word_before(text: &[u8], at: usize) -> bool {
    if at == 0 {
        return false;
    }
    let b = text[at - 1];
    if b < 0x80 {
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    let mut s = at - 1;
    while s > 0 && at - s < 4 && text[s] & 0xC0 == 0x80 {
        s -= 1;
    }
    std::str::from_utf8(&text[s..at]).ok().and_then(|c| c.chars().next()).is_some_and(is_word_char)
}

/// Whether a word character starts at byte offset `at` of the UTF-8 `text`.
#[inline]
pub(crate) fn word_after(text: &[u8], at: usize) -> bool {
    match text.get(at) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(&b) => text
            .get(at..at + utf8_len(b))
            .and_then(|c| std::str::from_utf8(c).ok())
            .and_then(|c| c.chars().next())
            .is_some_and(is_word_char),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars() {
        for c in ['a', 'Z', '0', '_', 'é', 'Ж', '中', '٣', '\u{301}', '\u{20DD}', '\u{203F}'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in [' ', '-', '.', '\'', '’', '"', '(', '🎉', '\u{a0}', '€'] {
            assert!(!is_word_char(c), "{c:?}");
        }
        assert!(word_before("aé".as_bytes(), 3));
        assert!(!word_before("a ".as_bytes(), 2));
        assert!(word_before("🎉中".as_bytes(), 7));
        assert!(!word_before("中🎉".as_bytes(), 7));
        assert!(word_after("xé".as_bytes(), 1));
        assert!(word_after("x中".as_bytes(), 1));
        assert!(!word_after("x".as_bytes(), 1));
    }
}
