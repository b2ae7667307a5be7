//! Byte offsets to code-point offsets, for Python and the command line: one converter for
//! matches, attribution records and corpus rows.
//!
//! No per-byte map is built. An ASCII text needs no conversion; otherwise the offsets to
//! convert are sorted and the text is walked once, up to the largest of them, so converting `k`
//! offsets in a text of `n` bytes costs `O(n + k log k)` whatever their order.
//!
//! ```
//! use asper::offsets::CharOffsets;
//!
//! let text = "Zürich-based Nestlé said";
//! let conv = CharOffsets::new(text, [14, 21, 0]);
//! assert_eq!((conv.get(14), conv.get(21)), (13, 19));
//! assert_eq!(&text[14..21], "Nestlé");
//! assert_eq!(text.chars().skip(13).take(6).collect::<String>(), "Nestlé");
//! ```

use crate::matcher::Match;

/// Converts a set of byte offsets of one text (each on a character boundary) to code-point
/// offsets.
#[derive(Clone, Debug)]
pub struct CharOffsets {
    /// Sorted, distinct byte offsets and their code-point offsets; empty for an ASCII text.
    table: Vec<(usize, usize)>,
    ascii: bool,
    scanned: usize,
}

impl CharOffsets {
    /// Prepares the conversion of `offsets` (in any order, repeats allowed) in `text`.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets { table: Vec::new(), ascii: true, scanned: 0 };
        }
        let mut offs: Vec<usize> = offsets.into_iter().collect();
        // Matches of the non-overlapping kinds come sorted: no sort then.
        if !offs.is_sorted() {
            offs.sort_unstable();
        }
        offs.dedup();
        let mut table = Vec::with_capacity(offs.len());
        let (mut byte, mut chars) = (0usize, 0usize);
        let bytes = text.as_bytes();
        for b in offs {
            let b = b.min(text.len());
            // Count the characters of text[byte..b]: the bytes that are not continuation bytes.
            chars += bytes[byte..b].iter().filter(|&&x| (x as i8) >= -0x40).count();
            byte = b;
            table.push((b, chars));
        }
        CharOffsets { table, ascii: false, scanned: byte }
    }

    /// The code-point offset of byte offset `byte`, which must be one of the offsets given to
    /// [`CharOffsets::new`] (any other offset is converted as the nearest given one below it
    /// plus the bytes in between).
    #[inline]
    pub fn get(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table[i].1,
            Err(0) => byte,
            Err(i) => {
                let (b, c) = self.table[i - 1];
                c + (byte - b)
            }
        }
    }

    /// Bytes of text walked to build the conversion: at most the text's length, whatever the
    /// number and order of the offsets (for tests that pin the linear cost).
    pub fn bytes_scanned(&self) -> usize {
        self.scanned
    }
}

/// Something with byte offsets into one text that can be rewritten as code-point offsets:
/// [`Match`], [`Attribution`](crate::Attribution).
pub trait Spans {
    /// Calls `f` with each offset.
    fn each_offset(&self, f: &mut dyn FnMut(usize));
    /// Replaces each offset `o` by `f(o)`.
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize);
}

impl Spans for Match {
    fn each_offset(&self, f: &mut dyn FnMut(usize)) {
        f(self.start);
        f(self.end);
    }

    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        self.start = f(self.start);
        self.end = f(self.end);
    }
}

/// Rewrites the byte offsets of `items` (found in `text`) as code-point offsets, in place, in
/// one walk of the text. Returns the bytes walked ([`CharOffsets::bytes_scanned`]).
pub fn to_char_offsets<T: Spans>(text: &str, items: &mut [T]) -> usize {
    if items.is_empty() || text.is_ascii() {
        return 0;
    }
    let mut offs = Vec::with_capacity(items.len() * 2);
    for it in items.iter() {
        it.each_offset(&mut |o| offs.push(o));
    }
    let conv = CharOffsets::new(text, offs);
    for it in items.iter_mut() {
        it.map_offsets(&mut |o| conv.get(o));
    }
    conv.bytes_scanned()
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

    #[test]
    fn any_order_one_walk() {
        let text = "αβγ ".repeat(1000);
        let offsets: Vec<usize> = (0..1000).rev().map(|i| i * 7).collect();
        let conv = CharOffsets::new(&text, offsets.iter().copied().chain(offsets.iter().copied()));
        for &o in &offsets {
            assert_eq!(conv.get(o), text[..o].chars().count());
        }
        assert!(conv.bytes_scanned() <= text.len());
        assert_eq!(CharOffsets::new("ascii", [3]).get(3), 3);
    }
}
