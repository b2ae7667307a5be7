//! Unicode word boundaries for whole-word matching.

use crate::unicode_tables::MARK_OR_CONNECTOR;

/// Whether `c` is a word character: alphanumeric (`char::is_alphanumeric`), or of general
/// category Mn, Mc, Me (marks) or Pc (connector punctuation, such as `_`).
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || is_mark_or_connector(c)
}

#[inline]
fn is_mark_or_connector(c: char) -> bool {
    let cp = c as u32;
    let i = MARK_OR_CONNECTOR.partition_point(|&(lo, _)| lo <= cp);
    i > 0 && cp <= MARK_OR_CONNECTOR[i - 1].1
}

/// Whether a word character ends right before byte offset `at` of `text`.
#[inline]
pub(crate) fn word_before(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    if at == 0 {
        return false;
    }
    let b = bytes[at - 1];
    if b < 0x80 {
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    text[..at].chars().next_back().is_some_and(is_word_char)
}

/// Whether a word character starts at byte offset `at` of `text`.
#[inline]
pub(crate) fn word_after(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(at) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => text[at..].chars().next().is_some_and(is_word_char),
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
        assert!(word_before("aé", 3));
        assert!(!word_before("a ", 2));
        assert!(word_after("xé", 1));
        assert!(!word_after("x", 1));
    }
}
