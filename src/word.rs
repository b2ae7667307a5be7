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

use crate::ac::Unique;
use crate::boundary::word_after;
use crate::normalize::{FoldOptions, FoldStream, char_at, is_ascii_white_space};
use crate::trie::Trie;
use crate::unicode::{is_white_space, is_word_char};

/// Bytes of a word that the first gate level hashes.
const KEY_BYTES: usize = 8;
/// Folded bytes after the first word that the second level hashes.
const NEXT_BYTES: usize = 3;
/// Bytes per classified block.
const BLOCK: usize = 64;
/// Bytes of text the fast path reads from a block's start: the block and 16 more.
const WINDOW: usize = BLOCK + 16;
/// The log2 of the slots (bits) of a gate level for `n` patterns: about 16 a pattern, between
/// 2^12 and 2^24; but a table of more than 2^21 slots (a megabyte for level 1) costs a cache
/// miss at most words, so it is halved as long as that leaves 12 slots a pattern (at 140k
/// patterns this measured 10% faster under `ignore_case`, at 10k halving was 5% slower).
fn gate_bits(n: usize) -> u32 {
    let bits = (n.max(1) * 16).next_power_of_two().trailing_zeros().clamp(12, 24);
    if bits > 21 && (1usize << (bits - 1)) >= 12 * n { bits - 1 } else { bits }
}

/// A bit set of `1 << bits` bits, addressed by a hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BitSet {
    pub(crate) words: Vec<u64>,
    pub(crate) shift: u32,
}

impl BitSet {
    fn for_keys(n: usize) -> BitSet {
        let bits = gate_bits(n);
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

/// The first level of the gate: two bits per slot addressed by a hash, one saying that a
/// pattern's first word hashes there and one that a pattern made of little more than its first
/// word (fewer than 3 bytes after it) does, so that one load answers both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Level1 {
    pub(crate) words: Vec<u64>,
    pub(crate) shift: u32,
}

/// [`Level1`] slot values.
const FIRST: u64 = 1;
const SHORT: u64 = 2;

impl Level1 {
    fn for_keys(n: usize) -> Level1 {
        // 32 slots to a word.
        let bits = gate_bits(n);
        Level1 { words: vec![0; 1 << (bits - 5)], shift: 64 - bits }
    }

    fn insert(&mut self, h: u64, value: u64) {
        let i = (h >> self.shift) as usize;
        self.words[i >> 5] |= value << (2 * (i & 31));
    }

    /// The slot of `h`: 0, or [`FIRST`] possibly with [`SHORT`].
    #[inline(always)]
    fn get(&self, h: u64) -> u64 {
        let i = (h >> self.shift) as usize;
        (self.words[i >> 5] >> (2 * (i & 31))) & 3
    }
}

/// The hash of up to 8 key bytes (little-endian, zero padded) and their count.
#[inline]
fn hash(x: u64, len: usize) -> u64 {
    (x ^ ((len as u64) << 59) ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// The level-1 hash of a word's first `n` (1 to 8) folded bytes, packed little-endian with zero
/// padding. Under `ignore_case` every key byte has bit 0x20 set first, on the patterns' side
/// and the text's alike: that lowercases an ASCII word byte in one operation, and maps the
/// folded (already lowercase) bytes of a pattern to themselves or, for `_` and a few
/// non-ASCII bytes, to the same value as the text's.
#[inline(always)]
fn word_key(x: u64, n: usize, ignore_case: bool) -> u64 {
    let x = if ignore_case { x | (0x2020_2020_2020_2020 & (u64::MAX >> (64 - 8 * n))) } else { x };
    hash(x, n)
}

/// The level-1 hash of the ASCII word of `n` (1 to 8) key bytes at `bit` of a block's window
/// ([`word_key`] without the padding: the bytes past the word masked off).
#[inline(always)]
fn key_hash<const IC: bool>(window: &[u8; WINDOW], bit: usize, n: usize) -> u64 {
    let keep = u64::MAX >> (64 - 8 * n);
    let x = u64::from_le_bytes(window[bit..bit + 8].try_into().unwrap_or([0; 8]));
    hash(if IC { (x | 0x2020_2020_2020_2020) & keep } else { x & keep }, n)
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

/// The 64 commonest words of the BBC news corpus and how many of every 1,000 words they are.
const COMMON_WORDS: [(&str, u16); 64] = [
    ("the", 51),
    ("to", 28),
    ("of", 22),
    ("and", 20),
    ("a", 19),
    ("in", 19),
    ("s", 10),
    ("is", 9),
    ("for", 9),
    ("The", 9),
    ("that", 9),
    ("said", 8),
    ("on", 8),
    ("was", 6),
    ("it", 6),
    ("be", 6),
    ("with", 5),
    ("has", 5),
    ("have", 5),
    ("as", 5),
    ("will", 5),
    ("are", 5),
    ("by", 5),
    ("at", 5),
    ("he", 5),
    ("I", 4),
    ("from", 4),
    ("not", 3),
    ("Mr", 3),
    ("his", 3),
    ("an", 3),
    ("but", 3),
    ("which", 2),
    ("had", 2),
    ("would", 2),
    ("they", 2),
    ("been", 2),
    ("their", 2),
    ("this", 2),
    ("year", 2),
    ("up", 2),
    ("more", 2),
    ("were", 2),
    ("its", 2),
    ("also", 2),
    ("It", 2),
    ("who", 2),
    ("people", 2),
    ("we", 2),
    ("But", 2),
    ("about", 2),
    ("can", 1),
    ("out", 1),
    ("or", 1),
    ("than", 1),
    ("He", 1),
    ("one", 1),
    ("after", 1),
    ("US", 1),
    ("could", 1),
    ("new", 1),
    ("all", 1),
    ("over", 1),
    ("there", 1),
];

/// The gate over word starts, and the first bytes of the patterns that start with another
/// character.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Gate {
    /// Level 1: the first word (its first 8 folded bytes) of the patterns that start with a word
    /// character, and whether a pattern has fewer than 3 bytes after it (no level 2).
    pub(crate) first: Level1,
    /// Level 2: the first word and the 3 folded bytes after it.
    pub(crate) second: BitSet,
    /// The first folded byte of the patterns that start with a non-word character.
    pub(crate) other_first: Vec<bool>,
    /// Whether any pattern starts with a non-word character.
    pub(crate) any_other: bool,
    /// The ASCII bytes of the text that can start such a pattern (the byte itself, or under
    /// `ignore_case` its capital), when there are at most 4 of them (repeated to fill the
    /// array); else None (a table lookup per byte).
    pub(crate) other_ascii: Option<[u8; 4]>,
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
            first: Level1::for_keys(patterns.len()),
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
            let h1 = word_key(pack(w), w.len().min(KEY_BYTES), ignore_case);
            if rest.len() < NEXT_BYTES {
                g.first.insert(h1, FIRST | SHORT);
            } else {
                g.first.insert(h1, FIRST);
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
        g.other_ascii = match ascii.len() {
            // No ASCII byte starts one: NUL stands for none (a NUL start finds no pattern in
            // the trie, as none starts with it).
            0 => Some([0; 4]),
            // Repeated to fill the array.
            1..=4 => Some(std::array::from_fn(|i| ascii[i % ascii.len()])),
            // A table lookup per byte.
            _ => None,
        };
        g
    }

    /// Bytes of memory the gate holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        8 * (self.first.words.len() + self.second.words.len()) + 256
    }

    /// Whether level 1 lets through at least 6% of the words of English news, estimated from
    /// the frequencies of its 64 commonest words (39% of the words of the BBC corpus;
    /// `COMMON_WORDS`, per mille of all words). Patterns starting with common words ("said",
    /// "the", "a", "in") or folded case make it so. Measured on 30 MB of BBC news: the cues
    /// (14%) and 10k names under `ignore_case` (15%) scanned 1-3% and 6% faster with their
    /// level-1 loads first, 140k places under `ignore_case` (26%) 5% faster; 140k places
    /// (4.7%) were 6% slower so, 10k names (1.9%) 10% slower.
    pub(crate) fn busy(&self, ignore_case: bool) -> bool {
        let share: u32 = COMMON_WORDS
            .iter()
            .filter(|(w, _)| {
                let n = w.len().min(KEY_BYTES);
                self.first.get(word_key(pack(w.as_bytes()), n, ignore_case)) != 0
            })
            .map(|&(_, f)| f as u32)
            .sum();
        share >= 60
    }
}

/// The whole-word engine of a matcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WordEngine {
    pub(crate) opts: FoldOptions,
    pub(crate) trie: Trie,
    pub(crate) gate: Gate,
    /// Whether the first gate level lets through a good part of the words of English news
    /// ([`Gate::busy`]): then a block's level-1 loads go first, all of them, before any branch
    /// on their answers (their mispredictions would cost more than the extra work); otherwise
    /// each start is tested and rejected in turn.
    pub(crate) busy: bool,
}

/// A candidate of `C(s)`: its end (original offset) and distinct pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) end: usize,
    pub(crate) pattern: usize,
}

impl WordEngine {
    /// The engine of the distinct folded patterns (sorted, with their metadata in that order).
    pub(crate) fn new(opts: FoldOptions, folded: &[&str]) -> WordEngine {
        let bytes: Vec<&[u8]> = folded.iter().map(|p| p.as_bytes()).collect();
        let gate = Gate::new(folded, opts.ignore_case);
        let busy = gate.busy(opts.ignore_case);
        WordEngine { opts, trie: Trie::new(&bytes), gate, busy }
    }

    /// Bytes of memory the engine holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.trie.heap_bytes() + self.gate.heap_bytes()
    }

    /// The valid candidates starting at `s`, shortest first, into `out`; returns the bytes of
    /// text the walk read (the work done).
    #[inline]
    fn candidates(
        &self,
        uniq: &[Unique],
        text: &[u8],
        s: usize,
        out: &mut Vec<Candidate>,
    ) -> usize {
        out.clear();
        let mut stream = FoldStream::new(text, s, self.opts);
        self.trie.walk(&mut stream, |p, end| {
            if !uniq[p].check_right || !word_after(text, end) {
                out.push(Candidate { end, pattern: p });
            }
        });
        stream.read_to() - s
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
        (word_key(u64::from_le_bytes(key), n, self.opts.ignore_case), i)
    }

    /// Whether the gate lets through a word with level-1 hash `h1` ending at `after`.
    #[inline(always)]
    fn gate(&self, text: &[u8], h1: u64, after: usize) -> bool {
        match self.gate.first.get(h1) {
            0 => false,
            FIRST => self.level2(text, h1, after),
            _ => true,
        }
    }

    /// Level 2: the 3 folded bytes after the word; passes when they cannot be read cheaply.
    #[inline]
    fn level2(&self, text: &[u8], h1: u64, after: usize) -> bool {
        // The common case in one load: three printable ASCII bytes (a single space among them
        // is its own fold).
        if let Some(four) = text.get(after..after + 4) {
            let x = u32::from_le_bytes(four.try_into().unwrap_or([0; 4]));
            if let Some(pass) = self.level2_plain(h1, x) {
                return pass;
            }
        }
        self.level2_slow(text, h1, after)
    }

    /// Level 2 on the next 3 bytes of the text (the low 3 bytes of `x`) when they are their
    /// own fold: printable ASCII, no two spaces in a row under normalization. None otherwise.
    #[inline(always)]
    fn level2_plain(&self, h1: u64, x: u32) -> Option<bool> {
        let x = x as u64 & 0xFF_FFFF;
        // Lanes 3 to 7 filled with a printable byte other than space.
        let fill = x | 0x4141_4141_4100_0000;
        if fill & HI != 0 || in_range(fill, 0x20, 0x7E) != HI {
            return None;
        }
        let spaces = equal(fill, b' ');
        if self.opts.normalize && spaces & (spaces >> 8) != 0 {
            return None;
        }
        let next = if self.opts.ignore_case { lower8(x) } else { x };
        Some(self.gate.second.contains(hash2(h1, next)))
    }

    /// Level 2 byte by byte.
    #[inline(never)]
    fn level2_slow(&self, text: &[u8], h1: u64, after: usize) -> bool {
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

/// The word-byte mask of a 64-byte block, and whether the block is all ASCII. Written as a byte
/// loop into flags that the compiler vectorizes (SSE2 on any x86-64, NEON on aarch64, plain
/// code elsewhere), the flags then packed to bits eight at a time with a multiplication.
#[inline(always)]
fn classify(block: &[u8; BLOCK]) -> (u64, bool) {
    let mut flags = [0u8; BLOCK];
    let mut high = 0u8;
    for (f, &b) in flags.iter_mut().zip(block) {
        high |= b;
        let lower = b | 0x20;
        *f = ((lower.wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'_')) as u8;
    }
    let mut mask = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
        // Lane i (0 or 1) to bit 56 + i, no two partial products meeting in one bit.
        mask |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    (mask, high < 0x80)
}

/// The word-byte mask of the first (up to) 8 bytes of `bytes`, non-ASCII bytes counted as word
/// bytes, and whether they are all ASCII.
#[inline(always)]
fn classify8(bytes: &[u8]) -> (u64, bool) {
    let x = match bytes.get(..8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
        None => pack(bytes),
    };
    let high = x & HI;
    let a = x & !HI;
    let lower = a | (LO * 0x20);
    let w = in_range(lower, b'a', b'z') | in_range(a, b'0', b'9') | equal(a, b'_') | high;
    // Lanes past the end of a short tail are zero bytes: not word bytes.
    (gather(w), high == 0)
}

/// [`classify`], and the mask of the bytes that equal one of the first `K` bytes of `others`.
/// The second mask comes from a loop of its own: one loop making both flags measured 13.6 ns a
/// block against 8.6 (`K` = 4) and 7.2 (`K` = 1) so.
#[inline(always)]
fn classify_others<const K: usize>(block: &[u8; BLOCK], others: [u8; 4]) -> (u64, u64, bool) {
    let (mask, ascii) = classify(block);
    let mut flags = [0u8; BLOCK];
    for (f, &b) in flags.iter_mut().zip(block) {
        let mut hit = false;
        for &c in &others[..K] {
            hit |= b == c;
        }
        *f = hit as u8;
    }
    let mut other = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
        other |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    (mask, other, ascii)
}

/// How many of the first bytes of `others` (repeated to fill the array, as in
/// [`Gate::other_ascii`]) hold all of them: 1, 2 or 4.
fn others_len(others: [u8; 4]) -> usize {
    let [a, b, c, d] = others;
    if a == b && b == c && c == d {
        1
    } else if a == c && b == d {
        2
    } else {
        4
    }
}

/// The scan of one text: candidates in increasing order, with the state carried between calls
/// of [`Scan::next_start`].
#[derive(Debug)]
pub(crate) struct Scan<'e, 't> {
    engine: &'e WordEngine,
    /// What the matcher knows of each distinct pattern (its right boundary check).
    uniq: &'e [Unique],
    text: &'t [u8],
    /// Start of the block being looked at.
    block: usize,
    /// Candidate starts left in the current block (bit i: byte `block + i`), ASCII blocks.
    pending: u64,
    /// Of the block's starts (once `fresh` is cleared): those the first gate level let
    /// through or that need the slow path (`maybe`), and those it passed outright (`sure`).
    maybe: u64,
    sure: u64,
    /// The block's starts have not been through the first level yet.
    fresh: bool,
    /// Word mask of the current ASCII block (to measure words).
    mask: u64,
    /// Word mask of the 8 bytes after the current ASCII block (non-ASCII bytes count as word
    /// bytes), and whether those bytes are all ASCII: the first 8 bytes of a word that crosses
    /// into the next block are known without looking at it.
    ext: u64,
    ext_ascii: bool,
    /// The bytes of the current block from 0x80: a start whose first bytes have one takes the
    /// slow gate.
    high: u64,
    /// Whether the last byte of the previous block belongs to a word character.
    prev_word: bool,
    /// Candidates before this offset are skipped (the end of the last match, non-overlapping).
    pub(crate) resume: usize,
    /// Bytes of text read by the walks, for the work budget.
    pub(crate) walked: usize,
}

/// The number of key bytes (up to 8) of the ASCII word at bit `bit` of a block, from the
/// block's word mask and that of the 8 bytes after it.
#[inline(always)]
fn key_len(mask: u64, ext: u64, bit: usize) -> usize {
    let ahead = (mask >> bit) | ((ext << 1) << (63 - bit));
    (!ahead).trailing_zeros().min(KEY_BYTES as u32) as usize
}

/// Whether the word at bit `bit` with `n` key bytes needs the slow gate: it reaches past
/// `limit` bytes of the window, or its key bytes include one from 0x80 (`high`: the block's
/// such bytes; a block without any needs no test).
#[inline(always)]
fn slow_key(bit: usize, n: usize, limit: usize, high: u64) -> bool {
    bit + n > limit || (high != 0 && (high >> bit) & !(u64::MAX << n) != 0)
}

impl<'e, 't> Scan<'e, 't> {
    pub(crate) fn new(engine: &'e WordEngine, uniq: &'e [Unique], text: &'t [u8]) -> Scan<'e, 't> {
        let mut scan = Scan {
            engine,
            uniq,
            text,
            block: 0,
            pending: 0,
            maybe: 0,
            sure: 0,
            fresh: false,
            mask: 0,
            ext: 0,
            ext_ascii: true,
            high: 0,
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

    /// Loads the next block: its word mask and candidate starts.
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
        let gate = &self.engine.gate;
        let (mut mask, mut other, ascii) = match gate.other_ascii {
            _ if !gate.any_other => {
                let (mask, ascii) = classify(b);
                (mask, 0, ascii)
            }
            Some(bytes) => match others_len(bytes) {
                1 => classify_others::<1>(b, bytes),
                2 => classify_others::<2>(b, bytes),
                _ => classify_others::<4>(b, bytes),
            },
            None => {
                let (mask, ascii) = classify(b);
                let ic = self.engine.opts.ignore_case;
                let mut other = 0;
                for (i, &x) in b.iter().enumerate() {
                    let f = if ic { x.to_ascii_lowercase() } else { x };
                    other |= ((x < 0x80 && gate.other_first[f as usize]) as u64) << i;
                }
                (mask, other, ascii)
            }
        };
        self.high = 0;
        if !ascii {
            self.non_ascii(b, &mut mask, &mut other);
        }
        let starts = mask & !((mask << 1) | self.prev_word as u64);
        let mut cand = starts | other;
        if rest.len() < BLOCK {
            // Nothing starts in the padding.
            cand &= (1u64 << rest.len()) - 1;
        }
        self.pending = cand;
        self.fresh = true;
        self.mask = mask;
        let (ext, ext_ascii) = match self.text.get(self.block + BLOCK..) {
            Some(after) => classify8(after),
            None => (0, true),
        };
        self.ext = ext;
        self.ext_ascii = ext_ascii;
        self.prev_word = mask >> 63 != 0;
        true
    }

    /// The characters of a block with non-ASCII bytes (1.8% of the blocks of BBC news), each
    /// looked up once: its bytes join the word mask if it is a word character, and its first
    /// byte the starts if it can start a pattern that begins with another character. The
    /// block then takes the same path as an ASCII one; a start whose first bytes are not all
    /// ASCII takes the slow gate ([`Scan::high`]).
    #[inline(never)]
    fn non_ascii(&mut self, b: &[u8; BLOCK], mask: &mut u64, other: &mut u64) {
        let text = self.text;
        let n = (text.len() - self.block).min(BLOCK);
        let mut high = 0u64;
        for (i, &x) in b.iter().enumerate().take(n) {
            high |= ((x >= 0x80) as u64) << i;
        }
        self.high = high;
        // The bits of `len` bytes from bit `i` (up to the block's end).
        let bits = |i: usize, len: usize| {
            let ones = if len >= 64 { u64::MAX } else { (1u64 << len) - 1 };
            ones << i
        };
        let mut h = high;
        if b[0] & 0xC0 == 0x80 {
            // The rest of a character that started before the block.
            let mut lead = self.block;
            while lead > 0 && text[lead] & 0xC0 == 0x80 {
                lead -= 1;
            }
            if let Some((c, len)) = char_at(text, lead) {
                let here = bits(0, (lead + len).saturating_sub(self.block).min(BLOCK));
                if is_word_char(c) {
                    *mask |= here;
                }
                h &= !here;
            }
        }
        while h != 0 {
            let i = h.trailing_zeros() as usize;
            let Some((c, len)) = char_at(text, self.block + i) else { break };
            let here = bits(i, len);
            if is_word_char(c) {
                *mask |= here;
            } else if self.engine.gate.any_other && self.other_start(c) {
                *other |= 1 << i;
            }
            h &= !here;
        }
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

    /// The next start of the current ASCII block, or of the ASCII blocks after it, that passes
    /// the gate (or is the start of a pattern beginning with a non-word character), its bit
    /// consumed; None once the block loaded is not ASCII or the text is done.
    #[inline(always)]
    fn next_ascii_pass(&mut self) -> Option<usize> {
        let e = self.engine;
        match (e.opts.ignore_case, e.gate.any_other, e.busy) {
            (false, false, false) => self.ascii_passes::<false, false, false>(),
            (false, true, false) => self.ascii_passes::<false, true, false>(),
            (true, false, false) => self.ascii_passes::<true, false, false>(),
            (true, true, false) => self.ascii_passes::<true, true, false>(),
            (false, false, true) => self.ascii_passes::<false, false, true>(),
            (false, true, true) => self.ascii_passes::<false, true, true>(),
            (true, false, true) => self.ascii_passes::<true, false, true>(),
            (true, true, true) => self.ascii_passes::<true, true, true>(),
        }
    }

    /// [`Scan::ascii_pass`] block after block while they are ASCII: None once the block loaded
    /// is not (or the text is done), so that one call crosses many blocks.
    #[inline(never)]
    fn ascii_passes<const IC: bool, const OTHERS: bool, const BUSY: bool>(
        &mut self,
    ) -> Option<usize> {
        loop {
            if self.pending != 0 {
                if let Some(s) = self.ascii_pass::<IC, OTHERS, BUSY>() {
                    return Some(s);
                }
            }
            self.block += BLOCK;
            if !self.load_block() {
                return None;
            }
        }
    }

    /// The next pass of the current ASCII block for one combination of options: a small loop
    /// that keeps the block's state in registers and leaves the rare cases to calls.
    #[inline(always)]
    fn ascii_pass<const IC: bool, const OTHERS: bool, const BUSY: bool>(
        &mut self,
    ) -> Option<usize> {
        let engine = self.engine;
        let text = self.text;
        let (block, mask, ext, high) = (self.block, self.mask, self.ext, self.high);
        let first = &engine.gate.first;
        // The block and the 16 bytes after it (padded with spaces at the end of the text), so
        // that the 8 bytes at any start, and the 4 after a word of fewer than 8, are one load.
        let mut padded = [b' '; WINDOW];
        let window: &[u8; WINDOW] = match text.get(block..block + WINDOW) {
            Some(w) => w.try_into().unwrap_or(&padded),
            None => {
                let rest = &text[block.min(text.len())..];
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        // A word reaching past this many bytes of the window needs the slow key (it may go on
        // with a non-ASCII character).
        let limit = if self.ext_ascii { BLOCK + KEY_BYTES } else { BLOCK };
        if !BUSY {
            let mut pending = self.pending & self.after_resume();
            while pending != 0 {
                let bit = pending.trailing_zeros() as usize & (BLOCK - 1);
                pending &= pending - 1;
                let s = block + bit;
                if OTHERS && mask & (1 << bit) == 0 {
                    self.pending = pending;
                    return Some(s);
                }
                let n = key_len(mask, ext, bit);
                let pass = if slow_key(bit, n, limit, high) {
                    self.gate_slow(s)
                } else {
                    let h1 = key_hash::<IC>(window, bit, n);
                    match first.get(h1) {
                        0 => false,
                        FIRST => self.after_first(window, bit, n, h1),
                        _ => true,
                    }
                };
                if pass {
                    self.pending = pending;
                    return Some(s);
                }
            }
            self.pending = 0;
            return None;
        }
        if self.fresh {
            // Level 1 for every start of the block first, without a branch on its answers: the
            // table loads of all the block's words are in flight together, and no
            // misprediction throws them away.
            self.fresh = false;
            // The starts of patterns beginning with another character pass as they are; a
            // block with no byte from 0x80 needs no test of them in a word's first bytes.
            let starts = self.pending & mask;
            let (maybe, sure) = if high == 0 {
                Self::level1::<IC, false>(first, window, (mask, ext, 0), starts, limit)
            } else {
                Self::level1::<IC, true>(first, window, (mask, ext, high), starts, limit)
            };
            self.maybe = maybe | if OTHERS { self.pending & !mask } else { 0 };
            self.sure = sure;
        }
        let mut pending = self.pending & self.maybe & self.after_resume();
        while pending != 0 {
            let bit = pending.trailing_zeros() as usize & (BLOCK - 1);
            pending &= pending - 1;
            let s = block + bit;
            if OTHERS && mask & (1 << bit) == 0 {
                self.pending = pending;
                return Some(s);
            }
            let n = key_len(mask, ext, bit);
            let pass = if slow_key(bit, n, limit, high) {
                self.gate_slow(s)
            } else if self.sure & (1 << bit) != 0 {
                true
            } else {
                // Level 1 said FIRST only (its hash made again: cheaper than keeping a block's).
                self.after_first(window, bit, n, key_hash::<IC>(window, bit, n))
            };
            if pass {
                self.pending = pending;
                return Some(s);
            }
        }
        self.pending = 0;
        None
    }

    /// Level 1 for the word starts `starts` of the current block, without a branch on its
    /// answers: the starts it (or the slow gate) may let through, and those it passed outright.
    /// The block's word mask, that of the 8 bytes after it and its bytes from 0x80 (`HIGH`:
    /// whether there are any).
    #[inline(always)]
    fn level1<const IC: bool, const HIGH: bool>(
        first: &Level1,
        window: &[u8; WINDOW],
        (mask, ext, high): (u64, u64, u64),
        mut starts: u64,
        limit: usize,
    ) -> (u64, u64) {
        let high = if HIGH { high } else { 0 };
        let (mut maybe, mut sure) = (0u64, 0u64);
        while starts != 0 {
            let bit = starts.trailing_zeros() as usize & (BLOCK - 1);
            starts &= starts - 1;
            let n = key_len(mask, ext, bit);
            let slot = first.get(key_hash::<IC>(window, bit, n));
            let slow = slow_key(bit, n, limit, high);
            maybe |= ((slot != 0) as u64 | slow as u64) << bit;
            sure |= ((slot == FIRST | SHORT) as u64) << bit;
        }
        (maybe, sure)
    }

    /// The bits of the current block's starts at or after `resume` (starts before the end of
    /// the last match are skipped).
    #[inline(always)]
    fn after_resume(&self) -> u64 {
        match self.resume.checked_sub(self.block) {
            None | Some(0) => u64::MAX,
            Some(skip) if skip >= BLOCK => 0,
            Some(skip) => u64::MAX << skip,
        }
    }

    /// The rest of the gate for the ASCII word of `n` key bytes at bit `bit` of the window, its
    /// level-1 hash `h1`, when level 1 said FIRST only: level 2 on the bytes after a word of
    /// fewer than 8 (in the window, or byte by byte when they are not their own fold), or
    /// after the end of a longer one.
    #[inline(always)]
    fn after_first(&self, window: &[u8; WINDOW], bit: usize, n: usize, h1: u64) -> bool {
        let s = self.block + bit;
        if n < KEY_BYTES {
            let at = bit + n;
            let y = u32::from_le_bytes(window[at..at + 4].try_into().unwrap_or([0; 4]));
            match self.engine.level2_plain(h1, y) {
                Some(pass) => pass,
                None => self.engine.level2_slow(self.text, h1, s + n),
            }
        } else {
            self.gate_rest(s, bit, h1)
        }
    }

    /// The whole gate for the word starting at `s`, read character by character.
    #[inline(never)]
    fn gate_slow(&self, s: usize) -> bool {
        let (h1, e) = self.engine.key_slow(self.text, s);
        self.engine.gate(self.text, h1, e)
    }

    /// The gate after its first level passed the ASCII word at bit `bit` of the current block.
    #[inline(never)]
    fn gate_rest(&self, s: usize, bit: usize, h1: u64) -> bool {
        let run = (!(self.mask >> bit)).trailing_zeros() as usize;
        let e = if bit + run < BLOCK {
            s + run
        } else {
            match self.word_end(s + run) {
                (e, true) => e,
                // A longer word than its first ASCII bytes showed.
                (_, false) => return self.gate_slow(s),
            }
        };
        // Level 1 said FIRST only.
        self.engine.level2(self.text, h1, e)
    }

    /// The next start with a non-empty candidate set, into `out` (shortest first).
    pub(crate) fn next_candidates(&mut self, out: &mut Vec<Candidate>) -> Option<usize> {
        let engine = self.engine;
        let text = self.text;
        // Passes of this block and the blocks after it; None once the text is done.
        while let Some(s) = self.next_ascii_pass() {
            self.walked += engine.candidates(self.uniq, text, s, out);
            if !out.is_empty() {
                return Some(s);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_gates_are_those_that_pass_common_words() {
        let opts = |ignore_case| FoldOptions { ignore_case, normalize: true };
        // (Sorted, as the engine takes them.)
        let names = ["New York", "Reuters", "Washington", "Zürich"];
        let cues = ["Reuters", "according to", "in a statement", "said", "the BBC"];
        assert!(!WordEngine::new(opts(false), &names).busy);
        assert!(WordEngine::new(opts(false), &cues).busy);
        // Folded case: "The New York Times" lets "the" through.
        assert!(!WordEngine::new(opts(true), &["new york"]).busy);
        assert!(WordEngine::new(opts(true), &["a", "the new york times"]).busy);
    }

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
        let (mask, other, ascii) = classify_others::<4>(&block, *b"(\"((");
        assert!(ascii);
        assert_eq!(other, (1 << 3) | (1 << 60));
        assert_eq!(mask, !((1 << 3) | (1 << 60)));
        // Every length of `others` against a byte-by-byte reference, on blocks of every byte.
        for (fill, k) in [(*b"((((", 1), (*b"(\"(\"", 2), (*b"(\"-(", 4), (*b"(\"-'", 4)] {
            assert_eq!(others_len(fill), k, "{fill:?}");
            for start in (0u8..=255).step_by(BLOCK) {
                let block: [u8; BLOCK] = std::array::from_fn(|i| {
                    let b = start.wrapping_add(i as u8);
                    if i % 5 == 0 { fill[i % 4] } else { b }
                });
                let (m, o, a) = match k {
                    1 => classify_others::<1>(&block, fill),
                    2 => classify_others::<2>(&block, fill),
                    _ => classify_others::<4>(&block, fill),
                };
                let want_o = (0..BLOCK)
                    .filter(|&i| fill.contains(&block[i]))
                    .fold(0u64, |acc, i| acc | 1 << i);
                assert_eq!(o, want_o, "{fill:?} from {start}");
                assert_eq!((m, a), classify(&block));
            }
        }
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
