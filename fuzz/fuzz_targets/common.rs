//! Inputs shared by the fuzz targets: strings over small alphabets that make matches, folds and
//! boundaries likely, or any UTF-8.

#![allow(dead_code)]

use arbitrary::{Arbitrary, Unstructured};

/// Characters that exercise folding, whitespace runs, word boundaries and multi-byte offsets.
pub const ALPHABET: &[char] = &[
    'a',
    'b',
    'c',
    'A',
    'B',
    'C',
    ' ',
    ' ',
    '\t',
    '\n',
    '\r',
    '\u{a0}',
    '\u{2009}',
    '\u{3000}',
    'i',
    'I',
    '\u{130}',
    '\u{131}',
    'k',
    'K',
    '\u{212a}',
    's',
    'S',
    '\u{17f}',
    '\u{df}',
    '\u{1e9e}',
    '\u{3c3}',
    '\u{3a3}',
    '\u{3c2}',
    '\u{1c5}',
    'e',
    '\u{e9}',
    '\u{301}',
    '_',
    '1',
    '\u{663}',
    '.',
    ',',
    '-',
    '\u{2014}',
    '\u{2212}',
    '\'',
    '\u{2019}',
    '"',
    '\u{201c}',
    '(',
    ')',
    '\u{5d0}',
    '\u{627}',
    '\u{200d}',
    '\u{1f469}',
    '\u{1f3fd}',
    '\u{fe0f}',
    '\u{0}',
    '\u{85}',
    '\u{2028}',
    'x',
    'y',
    'z',
    '\u{10400}',
    '\u{10428}',
    '\u{ff21}',
    '\u{ff41}',
    '\u{fffd}',
];

/// A string of `max` characters at most: over [`ALPHABET`] or, when `raw`, any characters.
pub fn string(u: &mut Unstructured<'_>, max: usize, raw: bool) -> arbitrary::Result<String> {
    let n = u.int_in_range(0..=max)?;
    let mut s = String::new();
    for _ in 0..n {
        if raw {
            s.push(char::arbitrary(u)?);
        } else {
            s.push(ALPHABET[u.choose_index(ALPHABET.len())?]);
        }
    }
    Ok(s)
}
