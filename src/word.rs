//! The whole-word engine: under `whole_words`, a match of a pattern that starts with a word
//! character can only start at a word start, and one that starts with another character only
//! where the text has that character. So the text is not run through an automaton byte by
//! byte: word starts are found a block at a time, a two-level gate on the first folded bytes
//! of each word rejects almost all of them, and each start that passes is verified by an
//! anchored walk of a radix trie over the folded patterns, folding the text on the fly
//! ([`FoldStream`]). The walk sees every pattern that starts there, shortest first, which is
//! exactly the candidate set `C(s)` of DESIGN.md; the boundary test and the match kind pick
//! from it.
//!
//! Plain-ASCII blocks of 64 bytes are classified with comparisons the compiler vectorizes
//! (word bytes to a bit mask, word starts to the mask's rising edges); a block with a
//! non-ASCII byte is walked character by character with the Unicode tables.

use crate::boundary::word_after;
use crate::normalize::{FoldOptions, FoldStream, char_at, is_ascii_white_space};
use crate::trie::{ByteStream, Trie};
use crate::unicode::{is_white_space, is_word_char};

/// Bytes of a word that the first gate level hashes.
const KEY_BYTES: usize = 8;
/// Folded bytes after the first word that the second level hashes.
const NEXT_BYTES: usize = 3;
/// Bytes per classified block.
const BLOCK: usize = 64;

/// A bit set of `1 << bits` bits, addressed by a hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BitSet {
    pub(crate) words: Vec<u64>,
    pub(crate) shift: u32,
}

impl BitSet {
    fn for_keys(n: usize) -> BitSet {
        // About 16 bits per key, between 2^12 and 2^24 bits.
        let bits = (n.max(1) * 16).next_power_of_two().trailing_zeros().clamp(12, 24);
        BitSet { words: vec![0; 1 << (bits - 6)], shift: 64 - bits }
    }

    #[inline]
    fn index(&self, h: u64) -> usize {
        (h >> self.shift) as usize
    }

    fn insert(&mut self, h: u64) {
        let i = self.index(h);
        self.words[i >> 6] |= 1 << (i & 63);
    }

    #[inline]
    fn contains(&self, h: u64) -> bool {
        let i = self.index(h);
        self.words[i >> 6] & (1 << (i & 63)) != 0
    }
}

/// The hash of up to 8 key bytes (little-endian, zero padded) and their count.
#[inline]
fn hash(x: u64, len: usize) -> u64 {
    (x ^ ((len as u64) << 59) ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// The level-2 hash: the word's hash and the next folded bytes.
#[inline]
fn hash2(h1: u64, next: u64) -> u64 {
    (h1.rotate_left(23) ^ next ^ 0xA076_1D64_78BD_642F).wrapping_mul(0xE703_7ED1_A0B4_28DB)
}

/// Up to 8 bytes as a little-endian u64.
#[inline]
fn pack(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = bytes.len().min(8);
    buf[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(buf)
}

/// The gate over word starts, and the first bytes of the patterns that start with another
/// character.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Gate {
    /// Level 1: the first word (its first 8 folded bytes) of the patterns that start with a word
    /// character.
    pub(crate) first: BitSet,
    /// Those of the first words after which a pattern has fewer than 3 bytes: no level 2.
    pub(crate) short: BitSet,
    /// Level 2: the first word and the 3 folded bytes after it.
    pub(crate) second: BitSet,
    /// The first folded byte of the patterns that start with a non-word character.
    pub(crate) other_first: Vec<bool>,
    /// Whether any pattern starts with a non-word character.
    pub(crate) any_other: bool,
    /// The ASCII bytes of the text that can start such a pattern (the byte itself, or under
    /// `ignore_case` its capital), when there are few of them; else None (a table lookup per
    /// byte).
    pub(crate) other_ascii: Option<Vec<u8>>,
}

/// The folded bytes of the first word of a folded pattern, and what follows it.
fn split_first_word(p: &str) -> (&str, &str) {
    let end = p.char_indices().find(|&(_, c)| !is_word_char(c)).map_or(p.len(), |(i, _)| i);
    (&p[..end], &p[end..])
}

impl Gate {
    /// The gate of the distinct folded patterns.
    pub(crate) fn new(patterns: &[&str], ignore_case: bool) -> Gate {
        let mut g = Gate {
            first: BitSet::for_keys(patterns.len()),
            short: BitSet::for_keys(patterns.len()),
            second: BitSet::for_keys(patterns.len()),
            other_first: vec![false; 256],
            any_other: false,
            other_ascii: None,
        };
        for p in patterns {
            let (word, rest) = split_first_word(p);
            if word.is_empty() {
                g.other_first[p.as_bytes()[0] as usize] = true;
                g.any_other = true;
                continue;
            }
            let w = word.as_bytes();
            let h1 = hash(pack(w), w.len().min(KEY_BYTES));
            g.first.insert(h1);
            if rest.len() < NEXT_BYTES {
                g.short.insert(h1);
            } else {
                g.second.insert(hash2(h1, pack(&rest.as_bytes()[..NEXT_BYTES])));
            }
        }
        let mut ascii: Vec<u8> = (0u8..0x80)
            .filter(|&b| {
                let f = if ignore_case { b.to_ascii_lowercase() } else { b };
                g.other_first[f as usize]
            })
            .collect();
        ascii.dedup();
        if ascii.len() <= 4 {
            g.other_ascii = Some(ascii);
        }
        g
    }

    /// Bytes of memory the gate holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        8 * (self.first.words.len() + self.short.words.len() + self.second.words.len()) + 256
    }
}

/// What the engine knows of each distinct folded pattern (in sorted order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// The lowest original id among the patterns with this folded form.
    pub(crate) min_id: u32,
    /// Whether the last character is a word character (the right boundary is checked).
    pub(crate) check_right: bool,
}

/// The whole-word engine of a matcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WordEngine {
    pub(crate) opts: FoldOptions,
    pub(crate) trie: Trie,
    pub(crate) gate: Gate,
    pub(crate) patterns: Vec<Pattern>,
}

/// A candidate of `C(s)`: its end (original offset) and distinct pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) end: usize,
    pub(crate) pattern: usize,
}

impl WordEngine {
    /// The engine of the distinct folded patterns (sorted, with their metadata in that order).
    pub(crate) fn new(opts: FoldOptions, folded: &[&str], patterns: Vec<Pattern>) -> WordEngine {
        let bytes: Vec<&[u8]> = folded.iter().map(|p| p.as_bytes()).collect();
        WordEngine {
            opts,
            trie: Trie::new(&bytes),
            gate: Gate::new(folded, opts.ignore_case),
            patterns,
        }
    }

    /// Bytes of memory the engine holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.trie.heap_bytes() + self.gate.heap_bytes() + 8 * self.patterns.len()
    }

    /// The valid candidates starting at `s`, shortest first, into `out`; returns the folded
    /// bytes walked (the work done).
    #[inline]
    fn candidates(&self, text: &[u8], s: usize, out: &mut Vec<Candidate>) -> usize {
        out.clear();
        let mut stream = FoldStream::new(text, s, self.opts);
        let mut walked = 0usize;
        let mut counted = Counted { inner: &mut stream, n: &mut walked };
        self.trie.walk(&mut counted, |p, end| {
            if !self.patterns[p].check_right || !word_after(text, end) {
                out.push(Candidate { end, pattern: p });
            }
        });
        walked
    }

    /// The level-1 hash of the all-ASCII word `text[s..e]`.
    #[inline(always)]
    fn key_ascii(&self, text: &[u8], s: usize, e: usize) -> u64 {
        let n = (e - s).min(KEY_BYTES);
        let mut x = match text.get(s..s + 8) {
            // One load, the bytes past the word masked off.
            Some(eight) => {
                let x = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
                if n == 8 { x } else { x & ((1u64 << (8 * n)) - 1) }
            }
            None => pack(&text[s..s + n]),
        };
        if self.opts.ignore_case {
            x = lower8(x);
        }
        hash(x, n)
    }

    /// The level-1 hash of the word starting at `s` (any characters), and where it ends.
    #[inline(never)]
    fn key_slow(&self, text: &[u8], s: usize) -> (u64, usize) {
        let mut key = [0u8; KEY_BYTES];
        let mut n = 0;
        let mut i = s;
        while let Some((c, len)) = char_at(text, i) {
            if !is_word_char(c) {
                break;
            }
            i += len;
            if n < KEY_BYTES {
                let f = self.opts.fold_char(c);
                let mut buf = [0u8; 4];
                for &b in f.encode_utf8(&mut buf).as_bytes() {
                    if n < KEY_BYTES {
                        key[n] = b;
                        n += 1;
                    }
                }
            }
        }
        (hash(u64::from_le_bytes(key), n), i)
    }

    /// Whether the gate lets through a word with level-1 hash `h1` ending at `after`.
    #[inline(always)]
    fn gate(&self, text: &[u8], h1: u64, after: usize) -> bool {
        if !self.gate.first.contains(h1) {
            return false;
        }
        self.gate.short.contains(h1) || self.level2(text, h1, after)
    }

    /// Level 2: the 3 folded bytes after the word; passes when they cannot be read cheaply.
    #[inline]
    fn level2(&self, text: &[u8], h1: u64, after: usize) -> bool {
        let ic = self.opts.ignore_case;
        let mut next = [0u8; NEXT_BYTES];
        let mut n = 0;
        let mut i = after;
        while n < NEXT_BYTES {
            let Some(&b) = text.get(i) else { return false };
            if b >= 0x80 {
                return true;
            }
            if self.opts.normalize && is_ascii_white_space(b) {
                next[n] = b' ';
                n += 1;
                i += 1;
                while i < text.len() && is_ascii_white_space(text[i]) {
                    i += 1;
                }
                continue;
            }
            next[n] = if ic { b.to_ascii_lowercase() } else { b };
            n += 1;
            i += 1;
        }
        self.gate.second.contains(hash2(h1, pack(&next)))
    }
}

/// ASCII capitals of 8 packed bytes to lower case (other bytes unchanged).
#[inline]
fn lower8(x: u64) -> u64 {
    // Per byte: 0x80 where the byte is in 'A'..='Z' (all bytes are ASCII here).
    let heptets = x & 0x7F7F_7F7F_7F7F_7F7F;
    let ge_a = heptets.wrapping_add(0x3F3F_3F3F_3F3F_3F3F); // b + 63 >= 128 iff b >= 'A'
    let gt_z = heptets.wrapping_add(0x2525_2525_2525_2525); // b + 37 >= 128 iff b > 'Z'
    let upper = ge_a & !gt_z & !x & 0x8080_8080_8080_8080;
    x | (upper >> 2)
}

/// A stream that counts the bytes read through it.
struct Counted<'a, S> {
    inner: &'a mut S,
    n: &'a mut usize,
}

impl<S: ByteStream> ByteStream for Counted<'_, S> {
    #[inline]
    fn next(&mut self) -> Option<u8> {
        *self.n += 1;
        self.inner.next()
    }
    #[inline]
    fn pos(&self) -> usize {
        self.inner.pos()
    }
}

/// Whether an ASCII byte is a word byte.
#[inline(always)]
fn ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Bytes `0x01` in every lane.
const LO: u64 = 0x0101_0101_0101_0101;
/// Bytes `0x80` in every lane.
const HI: u64 = 0x8080_8080_8080_8080;

/// Per byte lane of `x` (ASCII bytes only: below 0x80), 0x80 where the byte is in `lo..=hi`.
#[inline(always)]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // For a byte b < 0x80: b + (0x80 - lo) has its high bit set iff b >= lo, without a carry
    // into the next lane (b + 0x80 - lo < 0x100 as lo >= 1); likewise for hi + 1.
    let ge_lo = x.wrapping_add(LO * (0x80 - lo as u64));
    let gt_hi = x.wrapping_add(LO * (0x7F - hi as u64));
    ge_lo & !gt_hi & HI
}

/// Per byte lane of `x` (ASCII), 0x80 where the byte equals `c`.
#[inline(always)]
fn equal(x: u64, c: u8) -> u64 {
    let y = x ^ (LO * c as u64);
    // Zero lanes of y: (y - 1) borrows into the high bit only for y == 0 (y < 0x80 here).
    !(y.wrapping_add(LO * 0x7F) | y) & HI
}

/// The high bits of the 8 lanes, as 8 bits (lane i to bit i).
#[inline(always)]
fn gather(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The word-byte mask of a 64-byte block, and whether the block is all ASCII. Eight bytes at a
/// time in a u64 (SWAR): portable, and no slower than SIMD for this.
#[inline(always)]
fn classify(block: &[u8; BLOCK]) -> (u64, bool) {
    let mut mask = 0u64;
    let mut high = 0u64;
    for k in 0..BLOCK / 8 {
        let x = u64::from_le_bytes(block[8 * k..8 * k + 8].try_into().unwrap_or([0; 8]));
        high |= x;
        let x = x & !HI;
        let lower = x | (LO * 0x20);
        let w = in_range(lower, b'a', b'z') | in_range(x, b'0', b'9') | equal(x, b'_');
        mask |= gather(w) << (8 * k);
    }
    (mask, high & HI == 0)
}

/// The mask of the bytes of an ASCII block that equal one of `bytes`.
#[inline(always)]
fn any_of(block: &[u8; BLOCK], bytes: &[u8]) -> u64 {
    let mut mask = 0u64;
    for k in 0..BLOCK / 8 {
        let x = u64::from_le_bytes(block[8 * k..8 * k + 8].try_into().unwrap_or([0; 8]));
        let mut m = 0;
        for &c in bytes {
            m |= equal(x, c);
        }
        mask |= gather(m) << (8 * k);
    }
    mask
}

/// The scan of one text: candidates in increasing order, with the state carried between calls
/// of [`Scan::next_start`].
#[derive(Debug)]
pub(crate) struct Scan<'e, 't> {
    engine: &'e WordEngine,
    text: &'t [u8],
    /// Start of the block being looked at.
    block: usize,
    /// Candidate starts left in the current block (bit i: byte `block + i`), ASCII blocks.
    pending: u64,
    /// Word mask of the current ASCII block (to measure words).
    mask: u64,
    /// For a non-ASCII block: the next character boundary to look at.
    slow_at: Option<usize>,
    /// Whether the character before the next one looked at is a word character.
    prev_word: bool,
    /// Candidates before this offset are skipped (the end of the last match, non-overlapping).
    pub(crate) resume: usize,
    /// Folded bytes walked, and text bytes scanned, for the work budget.
    pub(crate) walked: usize,
}

impl<'e, 't> Scan<'e, 't> {
    pub(crate) fn new(engine: &'e WordEngine, text: &'t [u8]) -> Scan<'e, 't> {
        let mut scan = Scan {
            engine,
            text,
            block: 0,
            pending: 0,
            mask: 0,
            slow_at: None,
            prev_word: false,
            resume: 0,
            walked: 0,
        };
        scan.load_block();
        scan
    }

    /// Bytes of text scanned so far.
    pub(crate) fn scanned(&self) -> usize {
        self.block.min(self.text.len())
    }

    /// Loads the next block: its candidate mask (ASCII) or the slow path.
    #[inline]
    fn load_block(&mut self) -> bool {
        if self.block >= self.text.len() {
            return false;
        }
        let rest = &self.text[self.block..];
        // The last, short block is padded with spaces (no word, no candidate).
        let mut padded = [b' '; BLOCK];
        let b: &[u8; BLOCK] = match rest.get(..BLOCK) {
            Some(full) => full.try_into().unwrap_or(&padded),
            None => {
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        {
            let (mask, ascii) = classify(b);
            if ascii {
                let starts = mask & !((mask << 1) | self.prev_word as u64);
                let mut cand = starts;
                let gate = &self.engine.gate;
                if gate.any_other {
                    match &gate.other_ascii {
                        Some(bytes) => cand |= any_of(b, bytes),
                        None => {
                            let ic = self.engine.opts.ignore_case;
                            for (i, &x) in b.iter().enumerate() {
                                let f = if ic { x.to_ascii_lowercase() } else { x };
                                cand |= (gate.other_first[f as usize] as u64) << i;
                            }
                        }
                    }
                }
                self.pending = cand;
                self.mask = mask;
                self.prev_word = mask >> 63 != 0;
                self.slow_at = None;
                return true;
            }
        }
        // Non-ASCII: character by character from the first boundary.
        let mut at = self.block;
        while at < self.text.len() && self.text[at] & 0xC0 == 0x80 {
            at += 1;
        }
        self.slow_at = Some(at);
        self.pending = 0;
        true
    }

    /// The next candidate of a non-ASCII block: (position, is a word start); moves to the next
    /// block (which may be ASCII again) when this one is done.
    #[inline(never)]
    fn next_slow(&mut self, at: usize) -> Option<(usize, bool)> {
        let end = (self.block + BLOCK).min(self.text.len());
        let mut i = at;
        while i < end {
            let Some((c, len)) = char_at(self.text, i) else { break };
            let word = is_word_char(c);
            let start = word && !self.prev_word;
            self.prev_word = word;
            let here = i;
            i += len;
            if here < self.resume {
                continue;
            }
            if start {
                self.slow_at = Some(i);
                return Some((here, true));
            }
            if !word && self.engine.gate.any_other && self.other_start(c) {
                self.slow_at = Some(i);
                return Some((here, false));
            }
        }
        // The next block starts at the character boundary reached (a character may straddle
        // the end of this one).
        self.slow_at = None;
        self.block = i.max(end);
        self.load_block();
        None
    }

    /// Where the ASCII word running to the end of the current block ends, and whether it is all
    /// ASCII (false: it goes on with a non-ASCII character).
    #[inline(never)]
    fn word_end(&self, mut i: usize) -> (usize, bool) {
        while let Some(&b) = self.text.get(i) {
            if b >= 0x80 {
                return (i, false);
            }
            if !ascii_word(b) {
                break;
            }
            i += 1;
        }
        (i, true)
    }

    #[inline]
    fn other_start(&self, c: char) -> bool {
        let f = if self.engine.opts.normalize && is_white_space(c) {
            ' '
        } else {
            self.engine.opts.fold_char(c)
        };
        let mut buf = [0u8; 4];
        let first = f.encode_utf8(&mut buf).as_bytes()[0];
        self.engine.gate.other_first[first as usize]
    }

    /// The next start with a non-empty candidate set, into `out` (shortest first).
    pub(crate) fn next_candidates(&mut self, out: &mut Vec<Candidate>) -> Option<usize> {
        let engine = self.engine;
        let text = self.text;
        loop {
            if self.block >= text.len() {
                return None;
            }
            if let Some(at) = self.slow_at {
                let Some((s, word)) = self.next_slow(at) else { continue };
                if word {
                    let (h1, e) = engine.key_slow(text, s);
                    if !engine.gate(text, h1, e) {
                        continue;
                    }
                }
                self.walked += engine.candidates(text, s, out);
                if !out.is_empty() {
                    return Some(s);
                }
                continue;
            }
            while self.pending != 0 {
                let bit = self.pending.trailing_zeros() as usize;
                self.pending &= self.pending - 1;
                let s = self.block + bit;
                if s < self.resume {
                    continue;
                }
                if self.mask & (1 << bit) != 0 {
                    let run = (!(self.mask >> bit)).trailing_zeros() as usize;
                    let (h1, e) = if bit + run < BLOCK {
                        (engine.key_ascii(text, s, s + run), s + run)
                    } else {
                        match self.word_end(s + run) {
                            (e, true) => (engine.key_ascii(text, s, e), e),
                            (_, false) => engine.key_slow(text, s),
                        }
                    };
                    if !engine.gate(text, h1, e) {
                        continue;
                    }
                }
                self.walked += engine.candidates(text, s, out);
                if !out.is_empty() {
                    return Some(s);
                }
            }
            self.block += BLOCK;
            self.load_block();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_eight_bytes() {
        let x = pack(b"AZaz@[`{");
        assert_eq!(lower8(x), pack(b"azaz@[`{"));
        assert_eq!(lower8(pack(b"NEW YORK")), pack(b"new york"));
    }

    #[test]
    fn swar_lanes_agree_with_bytes() {
        for b in 0u8..0x80 {
            let x = LO * b as u64;
            let word = (b as char).is_ascii_alphanumeric() || b == b'_';
            let lower = x | (LO * 0x20);
            let w = in_range(lower, b'a', b'z') | in_range(x, b'0', b'9') | equal(x, b'_');
            assert_eq!(w == HI, word, "{b:#x}");
            assert_eq!(w == 0, !word, "{b:#x}");
            for c in [b'(', b'"', 0x7F, 1] {
                assert_eq!(equal(x, c) == HI, b == c, "{b:#x} {c:#x}");
            }
        }
        assert_eq!(gather(0x8000_0000_0000_0080), 0b1000_0001);
        let mut block = [b'x'; BLOCK];
        block[3] = b'(';
        block[60] = b'"';
        assert_eq!(any_of(&block, b"(\""), (1 << 3) | (1 << 60));
    }

    #[test]
    fn ascii_classification() {
        let mut block = [b' '; BLOCK];
        block[..11].copy_from_slice(b"Hello_w0rld");
        let (mask, ascii) = classify(&block);
        assert!(ascii);
        assert_eq!(mask, (1 << 11) - 1);
        block[20] = 0xC3;
        assert!(!classify(&block).1);
    }
}
