//! The folded view of a text and the map from folded offsets back to the original.
//!
//! Folding is character by character and never reorders: each original character becomes one
//! folded character, except that a run of White_Space characters becomes a single space when
//! whitespace normalization is on. Offsets in the folded view map back to the original through a
//! short list of segments, one per place where the byte lengths of the two diverge, so the map
//! costs memory in proportion to the changes, not to the text.

use std::borrow::Cow;

use crate::unicode_tables::CASE_FOLD;

/// What folding does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FoldOptions {
    /// Apply simple case folding (and `İ` → `i`).
    pub ignore_case: bool,
    /// Collapse whitespace runs and fold typographic quotes and dashes.
    pub normalize: bool,
}

/// The simple case fold of `c` (CaseFolding.txt statuses C and S), with `İ` (U+0130) folding
/// to `i`. Characters without a fold map to themselves.
#[inline]
pub fn simple_fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    match CASE_FOLD.binary_search_by_key(&(c as u32), |&(from, _)| from) {
        // Every entry of the table is a valid scalar value.
        Ok(i) => char::from_u32(CASE_FOLD[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// The punctuation fold of `c` under normalization: typographic apostrophes and quotes to
/// ASCII ones, hyphens, dashes and the minus sign to `-`.
#[inline]
pub fn punct_fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Whether `c` has the Unicode White_Space property.
#[inline]
pub fn is_white_space(c: char) -> bool {
    c.is_whitespace()
}

impl FoldOptions {
    /// The fold of one non-whitespace character.
    #[inline]
    fn fold_char(self, c: char) -> char {
        let c = if self.normalize { punct_fold(c) } else { c };
        if self.ignore_case { simple_fold(c) } else { c }
    }
}

/// A text's folded view and the map back to the original.
#[derive(Debug)]
pub(crate) struct Folded<'t> {
    /// The folded text (borrowed when folding changes nothing).
    pub text: Cow<'t, str>,
    /// `(folded_offset, original_offset)` at each point after which the difference between
    /// the two changes; `(0, 0)` is implied before the first entry.
    segments: Vec<(usize, usize)>,
}

impl<'t> Folded<'t> {
    /// Maps a byte offset on a character boundary of the folded text to the byte offset of the
    /// same character in the original text (the text length for the folded length).
    #[inline]
    pub fn to_original(&self, folded: usize) -> usize {
        let i = self.segments.partition_point(|&(f, _)| f <= folded);
        if i == 0 {
            folded
        } else {
            let (f, o) = self.segments[i - 1];
            o + (folded - f)
        }
    }
}

/// Byte classes for the scan: 0 plain, 1 space, 2 other ASCII whitespace, 3 non-ASCII lead.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0x80;
    while b < 256 {
        t[b] = 3;
        b += 1;
    }
    t[b' ' as usize] = 1;
    t[b'\t' as usize] = 2;
    t[b'\n' as usize] = 2;
    t[0x0B] = 2;
    t[0x0C] = 2;
    t[b'\r' as usize] = 2;
    t
};

/// Lead bytes of the non-ASCII characters that normalization (without case folding) changes:
/// U+0085 and U+00A0 (0xC2), U+1680 (0xE1), U+2000..U+206F (0xE2), U+3000 (0xE3).
#[inline]
fn normalize_lead(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Folds `text`. ASCII letters are not lowercased: the automaton matches them case-insensitively,
/// so the common case of ASCII text under `ignore_case` needs no copy at all.
pub(crate) fn fold_text(text: &str, opts: FoldOptions) -> Folded<'_> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Find the first byte that folding may change; borrow if there is none.
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        match CLASS[b as usize] {
            0 => {}
            1 => {
                if opts.normalize && i > 0 && bytes[i - 1] == b' ' {
                    break;
                }
            }
            2 => {
                if opts.normalize {
                    break;
                }
            }
            _ => {
                if opts.ignore_case || (opts.normalize && normalize_lead(b)) {
                    break;
                }
            }
        }
        i += 1;
    }
    if i == n {
        return Folded { text: Cow::Borrowed(text), segments: Vec::new() };
    }
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let mut segments = Vec::new();
    out.extend_from_slice(&bytes[..i]);
    let mut plain_start = i;
    while i < n {
        let b = bytes[i];
        let class = CLASS[b as usize];
        let event = match class {
            0 => false,
            1 => opts.normalize && out_last_is_space(&out, &bytes[plain_start..i]),
            2 => opts.normalize,
            _ => opts.ignore_case || (opts.normalize && normalize_lead(b)),
        };
        if !event {
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[plain_start..i]);
        // Decode the character at i. `text` is valid UTF-8 and i is on a char boundary.
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let len = c.len_utf8();
        if opts.normalize && is_white_space(c) {
            // Consume the whole run of whitespace.
            let mut j = i + len;
            for c2 in text[j..].chars() {
                if !is_white_space(c2) {
                    break;
                }
                j += c2.len_utf8();
            }
            let emit = out.last() != Some(&b' ');
            if emit {
                out.push(b' ');
            }
            if j - i != usize::from(emit) {
                segments.push((out.len(), j));
            }
            i = j;
        } else {
            let f = opts.fold_char(c);
            let mut buf = [0u8; 4];
            let enc = f.encode_utf8(&mut buf);
            out.extend_from_slice(enc.as_bytes());
            if enc.len() != len {
                segments.push((out.len(), i + len));
            }
            i += len;
        }
        plain_start = i;
    }
    out.extend_from_slice(&bytes[plain_start..n]);
    // Every byte pushed comes from valid UTF-8 slices or from `char::encode_utf8`.
    let text = String::from_utf8(out).map(Cow::Owned).unwrap_or(Cow::Borrowed(text));
    Folded { text, segments }
}

#[inline]
fn out_last_is_space(out: &[u8], pending: &[u8]) -> bool {
    match pending.last() {
        Some(&b) => b == b' ',
        None => out.last() == Some(&b' '),
    }
}

/// The normalized, folded form of a pattern: whitespace trimmed and collapsed (under
/// normalization), punctuation folded, case folded (ASCII included) under `ignore_case`.
pub(crate) fn fold_pattern(pattern: &str, opts: FoldOptions) -> String {
    let src = if opts.normalize { pattern.trim_matches(is_white_space) } else { pattern };
    let mut out = String::with_capacity(src.len());
    let mut in_space = false;
    for c in src.chars() {
        if opts.normalize && is_white_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        out.push(opts.fold_char(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: FoldOptions = FoldOptions { ignore_case: true, normalize: true };

    fn check_map(text: &str, opts: FoldOptions) {
        let folded = fold_text(text, opts);
        // Walk the original and folded characters in lockstep and check the map.
        let mut o = 0;
        for (f, fc) in folded.text.char_indices() {
            assert_eq!(folded.to_original(f), o, "text {text:?} folded {:?}", folded.text);
            let oc = text[o..].chars().next().unwrap();
            if opts.normalize && oc.is_whitespace() {
                assert_eq!(fc, ' ');
                while let Some(c) = text[o..].chars().next() {
                    if !c.is_whitespace() {
                        break;
                    }
                    o += c.len_utf8();
                }
            } else {
                o += oc.len_utf8();
            }
        }
        assert_eq!(o, text.len());
        assert_eq!(folded.to_original(folded.text.len()), text.len());
    }

    #[test]
    fn folds() {
        assert_eq!(simple_fold('İ'), 'i');
        assert_eq!(simple_fold('ı'), 'ı');
        assert_eq!(simple_fold('ẞ'), 'ß');
        assert_eq!(simple_fold('ς'), 'σ');
        assert_eq!(simple_fold('Σ'), 'σ');
        assert_eq!(simple_fold('\u{212A}'), 'k');
        assert_eq!(simple_fold('Ω'), 'ω');
        assert_eq!(fold_pattern("  New\u{a0}\n York  ", ALL), "new york");
        assert_eq!(fold_pattern("Reuters’", ALL), "reuters'");
    }

    #[test]
    fn text_map() {
        for text in [
            "",
            "plain ascii",
            "a  b",
            " \n\n x \r\n",
            "İSTANBUL and STRAẞE",
            "‘quoted’ — “double” \u{212A}",
            "emoji 🎉\u{00a0}\u{3000}end",
            "tab\there\u{2028}",
        ] {
            for ignore_case in [false, true] {
                for normalize in [false, true] {
                    check_map(text, FoldOptions { ignore_case, normalize });
                }
            }
        }
        assert!(matches!(fold_text("New York", ALL).text, Cow::Borrowed(_)));
        assert_eq!(fold_text("A\n\nB\u{a0} C", ALL).text, "A B C");
    }
}
