//! Byte offsets to code-point offsets, for Python and the command line.
//!
//! No per-byte map is built: ASCII texts need no conversion, and otherwise a cursor walks the
//! text once, only as far as the last match start, counting characters.

use crate::matcher::Match;

/// Converts the byte offsets of `matches` (sorted by start, as every [`Matcher`] result is)
/// into code-point offsets into `text`, in place.
///
/// [`Matcher`]: crate::Matcher
pub fn to_char_offsets(text: &str, matches: &mut [Match]) {
    if matches.is_empty() || text.is_ascii() {
        return;
    }
    let mut cursor = CharCursor::new(text);
    for m in matches.iter_mut() {
        let (start, end) = (m.start, m.end);
        m.start = cursor.char_offset(start);
        m.end = m.start + text[start..end].chars().count();
    }
}

/// Walks a text forward converting increasing byte offsets into code-point offsets.
#[derive(Debug)]
pub struct CharCursor<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> CharCursor<'t> {
        CharCursor { text, byte: 0, chars: 0 }
    }

    /// The code-point offset of byte offset `byte` (on a character boundary). Amortized linear
    /// over increasing offsets; a smaller offset than the last one restarts from the beginning.
    pub fn char_offset(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts() {
        let text = "é 🎉 ab";
        let mut ms = vec![
            Match { start: 0, end: 2, pattern: 0 },
            Match { start: 3, end: 7, pattern: 1 },
            Match { start: 3, end: 10, pattern: 2 },
            Match { start: 8, end: 10, pattern: 3 },
        ];
        to_char_offsets(text, &mut ms);
        let got: Vec<_> = ms.iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(got, [(0, 1), (2, 3), (2, 6), (4, 6)]);
    }
}
