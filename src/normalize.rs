//! The folded view of a text and the map from folded offsets back to the original.
//!
//! Folding is character by character and never reorders: each original character becomes one
//! folded character, except that a run of White_Space characters becomes a single space when
//! whitespace normalization is on. Offsets in the folded view map back to the original through a
//! short list of segments, one per place where the byte lengths of the two diverge, so the map
//! costs memory in proportion to the changes, not to the text.

use std::borrow::Cow;

use crate::unicode::{is_white_space, punct_fold, simple_fold};

/// What folding does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FoldOptions {
    /// Apply simple case folding (and `İ` → `i`).
    pub ignore_case: bool,
    /// Collapse whitespace runs and fold typographic quotes and dashes.
    pub normalize: bool,
}

impl FoldOptions {
    /// The fold of one non-whitespace character.
    #[inline]
    pub(crate) fn fold_char(self, c: char) -> char {
        let c = if self.normalize { punct_fold(c) } else { c };
        if self.ignore_case { simple_fold(c) } else { c }
    }
}

/// A text's folded view and the map back to the original.
#[derive(Debug)]
pub(crate) struct Folded<'t> {
    /// The folded text, valid UTF-8 (borrowed when folding changes nothing). Kept as bytes:
    /// it is built from valid UTF-8 pieces, so it is never validated again.
    pub text: Cow<'t, [u8]>,
    /// `(folded_offset, original_offset)` at each point after which the difference between
    /// the two changes; `(0, 0)` is implied before the first entry.
    segments: Vec<(usize, usize)>,
}

impl<'t> Folded<'t> {
    /// Maps a byte offset on a character boundary of the folded text to the byte offset of the
    /// same character in the original text (the text length for the folded length).
    #[inline]
    pub fn to_original(&self, folded: usize) -> usize {
        segment_original(&self.segments, folded)
    }
}

/// The original offset of folded offset `f` (a character boundary) by the segments
/// `(folded, original)` of a folding, as in [`Folded`]: where the difference between the two
/// changes (`(0, 0)`, or the first segment, is implied before the first entry).
#[inline]
pub(crate) fn segment_original(segments: &[(usize, usize)], f: usize) -> usize {
    let i = segments.partition_point(|&(x, _)| x <= f);
    match i.checked_sub(1).and_then(|i| segments.get(i)) {
        Some(&(x, o)) => o + (f - x),
        None => f,
    }
}

/// Drops the segments of a folding fed up to folded offset `fed` that no match still to be
/// reported can need (a match ends at most `max_len` folded bytes before where it was fed to),
/// once there are more than 64 of them.
#[inline]
pub(crate) fn trim_segments(segments: &mut Vec<(usize, usize)>, fed: usize, max_len: usize) {
    if segments.len() > 64 {
        let oldest = fed.saturating_sub(max_len + 1);
        let keep = segments.partition_point(|&(f, _)| f <= oldest).saturating_sub(1);
        segments.drain(..keep);
    }
}

/// Bytes per block of the fast path.
const BLOCK: usize = 32;

/// Whether a block may need folding: a byte below 0x20 (control characters, ASCII whitespace
/// other than space) or from 0x80 (non-ASCII) when `special`, two adjacent spaces (or a space
/// right after one) when `spaces`, an ASCII capital when `upper`. Written so that it compiles to
/// vector instructions.
#[inline(always)]
fn block_needs_work(
    b: &[u8; BLOCK],
    prev_space: bool,
    special: bool,
    spaces: bool,
    upper: bool,
) -> bool {
    let mut acc = 0u8;
    if special {
        for &x in b {
            acc |= (x.wrapping_sub(0x20) >= 0x60) as u8;
        }
    }
    if spaces {
        for j in 0..BLOCK - 1 {
            acc |= ((b[j] == b' ') & (b[j + 1] == b' ')) as u8;
        }
        acc |= (prev_space & (b[0] == b' ')) as u8;
    }
    if upper {
        for &x in b {
            acc |= (x.wrapping_sub(b'A') < 26) as u8;
        }
    }
    acc != 0
}

/// How many bytes at the start of a block fold to themselves (but for ASCII case): none below
/// 0x20 (control characters, ASCII whitespace other than space) or from 0x80 (non-ASCII), and
/// under `spaces` no space right after a space (`last_space`: the byte before the block was
/// one). Written as a byte loop into a bit mask that the compiler vectorizes.
#[inline(always)]
fn plain_prefix(b: &[u8; BLOCK], last_space: bool, spaces: bool) -> usize {
    // Flags per byte (needs work; a space), packed eight at a time.
    let (mut work_flags, mut space_flags) = ([0u8; BLOCK], [0u8; BLOCK]);
    for j in 0..BLOCK {
        let x = b[j];
        work_flags[j] = !(0x20..0x80).contains(&x) as u8;
        space_flags[j] = (x == b' ') as u8;
    }
    let pack = |f: &[u8]| {
        let x = u64::from_le_bytes(f.try_into().unwrap_or([0; 8]));
        (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
    };
    let (mut work, mut space) = (0u32, 0u32);
    for k in 0..BLOCK / 8 {
        work |= pack(&work_flags[8 * k..8 * k + 8]) << (8 * k);
        space |= pack(&space_flags[8 * k..8 * k + 8]) << (8 * k);
    }
    if spaces {
        work |= space & ((space << 1) | last_space as u32);
    }
    work.trailing_zeros() as usize
}

/// Appends `src` to `out`, lowercasing ASCII capitals when `lower`.
#[inline(always)]
fn push_ascii(out: &mut Vec<u8>, src: &[u8], lower: bool) {
    let start = out.len();
    out.extend_from_slice(src);
    if lower {
        for x in &mut out[start..] {
            *x |= ((x.wrapping_sub(b'A') < 26) as u8) << 5;
        }
    }
}

/// Folds `text`: case folding (ASCII included) under `ignore_case`, whitespace runs and
/// punctuation under `normalize`. Borrows the text when folding changes nothing. Plain ASCII
/// blocks take a vectorized path; only blocks with whitespace other than single spaces,
/// non-ASCII characters or (under `ignore_case`) capitals are looked at byte by byte.
pub(crate) fn fold_text(text: &str, opts: FoldOptions) -> Folded<'_> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let special = opts.normalize || opts.ignore_case;
    if !special {
        return Folded { text: Cow::Borrowed(text.as_bytes()), segments: Vec::new() };
    }
    let (spaces, lower) = (opts.normalize, opts.ignore_case);
    // The first block that may change anything; borrow if there is none.
    let mut i = 0;
    while i + BLOCK <= n {
        let block: &[u8; BLOCK] = bytes[i..i + BLOCK].try_into().unwrap_or(&[0; BLOCK]);
        let prev_space = i > 0 && bytes[i - 1] == b' ';
        if block_needs_work(block, prev_space, true, spaces, lower) {
            break;
        }
        i += BLOCK;
    }
    if i + BLOCK > n {
        // Check the tail byte by byte.
        let mut j = i;
        while j < n {
            let b = bytes[j];
            let work = b.wrapping_sub(0x20) >= 0x60
                || (lower && b.is_ascii_uppercase())
                || (spaces && b == b' ' && j > 0 && bytes[j - 1] == b' ');
            if work {
                break;
            }
            j += 1;
        }
        if j == n {
            return Folded { text: Cow::Borrowed(text.as_bytes()), segments: Vec::new() };
        }
    }
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let mut segments = Vec::new();
    out.extend_from_slice(&bytes[..i]);
    let last_space = out.last() == Some(&b' ');
    let mut folder = Folder { text, pos: i, opts, last_space };
    folder.fold_piece(&mut out, &mut segments, 0, usize::MAX);
    // Every byte pushed comes from valid UTF-8 slices, ASCII case mapping or `encode_utf8`.
    debug_assert!(std::str::from_utf8(&out).is_ok());
    Folded { text: Cow::Owned(out), segments }
}

/// Folding a text a piece at a time, exactly as [`fold_text`] folds it whole: for a search
/// that feeds the folded text to an automaton from a small buffer instead of a copy.
#[derive(Debug)]
pub(crate) struct Folder<'t> {
    text: &'t str,
    /// Byte offset of the next character to fold.
    pub(crate) pos: usize,
    opts: FoldOptions,
    /// Whether the last folded byte is a space (a whitespace run goes on into the next piece).
    last_space: bool,
}

impl<'t> Folder<'t> {
    /// Folding from byte `pos` of `text`, where no whitespace run goes on from before.
    pub(crate) fn new(text: &'t str, pos: usize, opts: FoldOptions) -> Folder<'t> {
        Folder { text, pos, opts, last_space: false }
    }

    /// The next bytes of the text that are their own folded form, but for ASCII case under
    /// `ignore_case`: ASCII from 0x20, and under normalization no space after a space; whole
    /// blocks at a time while they are, up to about `max` bytes (at least one block's worth
    /// when there are). Consumed; empty when the next character needs folding (or the text is
    /// done). A search that feeds these bytes to an automaton as they are (one built ASCII
    /// case-insensitive under `ignore_case`) reads the folded view without making it.
    #[inline(always)]
    pub(crate) fn verbatim_run_upto(&mut self, max: usize) -> &'t [u8] {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        loop {
            let k = match bytes.get(i..i + BLOCK) {
                Some(block) => {
                    let block: &[u8; BLOCK] = block.try_into().unwrap_or(&[0; BLOCK]);
                    plain_prefix(block, self.last_space, self.opts.normalize)
                }
                None => {
                    // The end of the text, padded with a byte that needs folding.
                    let rest = &bytes[i.min(bytes.len())..];
                    let mut block = [0u8; BLOCK];
                    block[..rest.len()].copy_from_slice(rest);
                    plain_prefix(&block, self.last_space, self.opts.normalize)
                }
            };
            if k == 0 {
                break;
            }
            i += k;
            self.last_space = bytes[i - 1] == b' ';
            if k < BLOCK || i - start >= max {
                break;
            }
        }
        self.pos = i;
        &bytes[start..i]
    }

    /// The next bytes of the folded view, for a search that feeds them to an automaton: a
    /// verbatim run of the text of up to about `max` bytes ([`Folder::verbatim_run_upto`]),
    /// or else the next character (or whitespace run) folded into `buf`, its segments pushed
    /// at folded offset `base` and the old ones trimmed ([`trim_segments`]). None at the end.
    #[inline(always)]
    pub(crate) fn next_bytes<'b>(
        &mut self,
        max: usize,
        buf: &'b mut Vec<u8>,
        segments: &mut Vec<(usize, usize)>,
        base: usize,
        max_len: usize,
    ) -> Option<&'b [u8]>
    where
        't: 'b,
    {
        let run = self.verbatim_run_upto(max);
        if !run.is_empty() {
            return Some(run);
        }
        buf.clear();
        trim_segments(segments, base, max_len);
        self.fold_piece(buf, segments, base, 1).then_some(&buf[..])
    }

    /// Appends the folded form of the next piece of the text (at least `min` bytes of it, or
    /// the rest) to `out`, pushing `(base + folded offset, original offset)` to `segments` at
    /// each point after which the difference between the two changes, as in [`Folded`].
    /// Returns false when the text was already done.
    pub(crate) fn fold_piece(
        &mut self,
        out: &mut Vec<u8>,
        segments: &mut Vec<(usize, usize)>,
        base: usize,
        min: usize,
    ) -> bool {
        let (text, opts) = (self.text, self.opts);
        let bytes = text.as_bytes();
        let n = bytes.len();
        let (spaces, lower) = (opts.normalize, opts.ignore_case);
        let mut i = self.pos;
        if i >= n {
            return false;
        }
        let stop = i.saturating_add(min);
        let mut last_space = self.last_space;
        while i < n && i < stop {
            if i + BLOCK <= n {
                // The bytes up to the first that needs a look of its own, in one go.
                let block: &[u8; BLOCK] = bytes[i..i + BLOCK].try_into().unwrap_or(&[0; BLOCK]);
                let k = plain_prefix(block, last_space, spaces);
                if k > 0 {
                    // The whole block (a copy of fixed size), then cut back.
                    let len = out.len();
                    push_ascii(out, block, lower);
                    out.truncate(len + k);
                    last_space = block[k - 1] == b' ';
                    i += k;
                    continue;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                let ws = matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
                if opts.normalize && ws && (b != b' ' || last_space) {
                    i = whitespace_run(text, i, out, segments, base, last_space);
                    last_space = true;
                } else {
                    out.push(if lower { b.to_ascii_lowercase() } else { b });
                    last_space = b == b' ';
                    i += 1;
                }
                continue;
            }
            // A non-ASCII character: `text` is valid UTF-8 and i is on a char boundary.
            let Some(c) = text[i..].chars().next() else { break };
            if opts.normalize && is_white_space(c) {
                i = whitespace_run(text, i, out, segments, base, last_space);
                last_space = true;
                continue;
            }
            let len = c.len_utf8();
            let f = opts.fold_char(c);
            let mut buf = [0u8; 4];
            let enc = f.encode_utf8(&mut buf);
            out.extend_from_slice(enc.as_bytes());
            if enc.len() != len {
                segments.push((base + out.len(), i + len));
            }
            last_space = false;
            i += len;
        }
        self.pos = i;
        self.last_space = last_space;
        true
    }
}

/// Consumes the run of White_Space characters starting at byte `i`, emitting one space unless
/// the last folded byte already is one (the run continues); returns the end of the run.
fn whitespace_run(
    text: &str,
    i: usize,
    out: &mut Vec<u8>,
    segments: &mut Vec<(usize, usize)>,
    base: usize,
    last_space: bool,
) -> usize {
    let j = whitespace_end(text.as_bytes(), i);
    let emit = !last_space;
    if emit {
        out.push(b' ');
    }
    if j - i != usize::from(emit) {
        segments.push((base + out.len(), j));
    }
    j
}

/// Whether `b` is an ASCII White_Space byte (tab, line feed, vertical tab, form feed, carriage
/// return, space).
#[inline]
pub(crate) fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The character starting at byte `i` of the UTF-8 `text` (on a boundary) and its length.
#[inline]
pub(crate) fn char_at(text: &[u8], i: usize) -> Option<(char, usize)> {
    // `text` is valid UTF-8 (it comes from a `&str`): decode without validating again.
    let b0 = *text.get(i)? as u32;
    let cont = |k: usize| text.get(i + k).map(|&b| (b & 0x3F) as u32);
    let (cp, len) = match b0 {
        0x00..=0x7F => return Some((b0 as u8 as char, 1)),
        0xC0..=0xDF => (((b0 & 0x1F) << 6) | cont(1)?, 2),
        0xE0..=0xEF => (((b0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?, 3),
        _ => (((b0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?, 4),
    };
    char::from_u32(cp).map(|c| (c, len))
}

/// The end of the run of White_Space characters starting at byte `i` of `text`.
#[inline]
pub(crate) fn whitespace_end(text: &[u8], mut i: usize) -> usize {
    while let Some(&b) = text.get(i) {
        if b < 0x80 {
            if !is_ascii_white_space(b) {
                break;
            }
            i += 1;
        } else {
            match char_at(text, i) {
                Some((c, len)) if is_white_space(c) => i += len,
                _ => break,
            }
        }
    }
    i
}

/// The folded view of a text read forward from a character boundary, one byte at a time,
/// without a copy: exactly the bytes [`fold_text`] produces from there (a whitespace run that
/// starts at or after the start position becomes one space under normalization).
#[derive(Debug)]
pub(crate) struct FoldStream<'t> {
    text: &'t [u8],
    opts: FoldOptions,
    /// Original offset of the next character to read.
    pos: usize,
    /// Original offset after the character whose bytes were emitted last.
    end: usize,
    /// The rest of the current folded character (multi-byte folds).
    pending: [u8; 4],
    pending_len: u8,
    pending_at: u8,
}

impl<'t> FoldStream<'t> {
    /// The folded view of `text` from byte `pos` (a character boundary).
    #[inline]
    pub(crate) fn new(text: &'t [u8], pos: usize, opts: FoldOptions) -> FoldStream<'t> {
        FoldStream { text, opts, pos, end: pos, pending: [0; 4], pending_len: 0, pending_at: 0 }
    }

    /// The original offset of the next character to read: how far the stream has read.
    #[inline]
    pub(crate) fn read_to(&self) -> usize {
        self.pos
    }

    /// Consumes the whitespace run starting at `self.pos`.
    #[inline(never)]
    fn skip_run(&mut self) {
        self.pos = whitespace_end(self.text, self.pos);
    }
}

impl crate::trie::ByteStream for FoldStream<'_> {
    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        if self.pending_at < self.pending_len {
            let b = self.pending[self.pending_at as usize];
            self.pending_at += 1;
            if self.pending_at == self.pending_len {
                self.end = self.pos;
            }
            return Some(b);
        }
        let b = *self.text.get(self.pos)?;
        if b < 0x80 {
            if self.opts.normalize && is_ascii_white_space(b) {
                self.skip_run();
                self.end = self.pos;
                return Some(b' ');
            }
            self.pos += 1;
            self.end = self.pos;
            return Some(if self.opts.ignore_case { b.to_ascii_lowercase() } else { b });
        }
        let (c, len) = char_at(self.text, self.pos)?;
        if self.opts.normalize && is_white_space(c) {
            self.skip_run();
            self.end = self.pos;
            return Some(b' ');
        }
        self.pos += len;
        let f = self.opts.fold_char(c);
        let n = f.encode_utf8(&mut self.pending).len();
        if n == 1 {
            self.end = self.pos;
            return Some(self.pending[0]);
        }
        self.pending_len = n as u8;
        self.pending_at = 1;
        Some(self.pending[0])
    }

    // `pos` (the trait's) is the end of the last emitted character, `self.end` here.
    #[inline]
    #[allow(clippy::misnamed_getters)]
    fn pos(&self) -> usize {
        self.end
    }
}

/// The normalized, folded form of a pattern: whitespace trimmed and collapsed (under
/// normalization), punctuation folded, case folded (ASCII included) under `ignore_case`.
#[cfg(test)]
pub(crate) fn fold_pattern(pattern: &str, opts: FoldOptions) -> String {
    let mut out = String::with_capacity(pattern.len());
    fold_pattern_into(pattern, opts, &mut out);
    out
}

/// [`fold_pattern`], appended to `out`.
pub(crate) fn fold_pattern_into(pattern: &str, opts: FoldOptions, out: &mut String) {
    let src = if opts.normalize { pattern.trim_matches(is_white_space) } else { pattern };
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: FoldOptions = FoldOptions { ignore_case: true, normalize: true };

    fn check_map(text: &str, opts: FoldOptions) {
        let folded = fold_text(text, opts);
        // Walk the original and folded characters in lockstep and check the map.
        let mut o = 0;
        let ftext = std::str::from_utf8(&folded.text).expect("folded text is UTF-8");
        for (f, fc) in ftext.char_indices() {
            assert_eq!(folded.to_original(f), o, "text {text:?} folded {ftext:?}");
            let oc = text[o..].chars().next().unwrap();
            if opts.normalize && is_white_space(oc) {
                assert_eq!(fc, ' ');
                while let Some(c) = text[o..].chars().next() {
                    if !is_white_space(c) {
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

    /// The stream from any character boundary yields the bytes `fold_text` gives for the text
    /// from there, and `pos` after each whole character maps back as `to_original` does.
    #[test]
    fn stream_equals_the_folded_copy() {
        use crate::trie::ByteStream;
        for text in [
            "",
            "plain ascii",
            "a  b\t\n c",
            " \n\n x \r\n",
            "İSTANBUL and STRAẞE",
            "‘quoted’ — “double” \u{212A}",
            "emoji 🎉\u{00a0}\u{3000}end",
            "tab\there\u{2028}x",
        ] {
            for ignore_case in [false, true] {
                for normalize in [false, true] {
                    let opts = FoldOptions { ignore_case, normalize };
                    let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                    starts.push(text.len());
                    for &from in &starts {
                        let want = fold_text(&text[from..], opts);
                        let mut s = FoldStream::new(text.as_bytes(), from, opts);
                        let mut got = Vec::new();
                        while let Some(b) = s.next() {
                            got.push(b);
                            let f = got.len();
                            if std::str::from_utf8(&got).is_ok() {
                                assert_eq!(
                                    s.pos() - from,
                                    want.to_original(f),
                                    "{text:?} {opts:?}"
                                );
                            }
                        }
                        assert_eq!(got, want.text.as_ref(), "{text:?} from {from} {opts:?}");
                    }
                }
            }
        }
    }

    // The streaming automaton folds a text a piece at a time: the pieces and their segments
    // are the folded copy and its map, whatever the piece size and wherever it starts.
    #[test]
    fn pieces_equal_the_folded_copy() {
        let long = "Ab  ".repeat(40) + "\n\n’x’ \u{a0} İ" + &"z".repeat(70);
        for text in [
            "plain ascii",
            "a  b\t\n c",
            " \n\n x \r\n",
            "İSTANBUL and STRAẞE",
            "‘quoted’ — “double” \u{212A}",
            "emoji 🎉\u{00a0}\u{3000}end",
            "tab\there\u{2028}x \u{a0} y",
            long.as_str(),
        ] {
            for ignore_case in [false, true] {
                for normalize in [false, true] {
                    let opts = FoldOptions { ignore_case, normalize };
                    let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                    starts.retain(|&i| i == 0 || !text[..i].ends_with(char::is_whitespace));
                    for &from in &starts {
                        let want = fold_text(&text[from..], opts);
                        for min in [1, 3, 32, 1000] {
                            let mut folder = Folder::new(text, from, opts);
                            let (mut got, mut piece, mut segments) =
                                (Vec::new(), Vec::new(), vec![(0, from)]);
                            while folder.fold_piece(&mut piece, &mut segments, got.len(), min) {
                                got.append(&mut piece);
                            }
                            assert_eq!(got, want.text.as_ref(), "{text:?} {from} {min} {opts:?}");
                            let map = Folded { text: Cow::Owned(got.clone()), segments };
                            for f in 0..=got.len() {
                                if std::str::from_utf8(&got[..f]).is_ok() {
                                    assert_eq!(map.to_original(f), from + want.to_original(f));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // The streaming automaton checks word boundaries on the original text, the copy on the
    // folded one: they agree because folding keeps every character a word character or not.
    #[test]
    fn folding_keeps_word_characters() {
        use crate::unicode::is_word_char;
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else { continue };
            for ignore_case in [false, true] {
                for normalize in [false, true] {
                    let f = FoldOptions { ignore_case, normalize }.fold_char(c);
                    assert_eq!(is_word_char(f), is_word_char(c), "{c:?} -> {f:?}");
                    assert_eq!(is_white_space(f), is_white_space(c), "{c:?}");
                }
            }
        }
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
        assert!(matches!(fold_text("new york", ALL).text, Cow::Borrowed(_)));
        let norm = FoldOptions { ignore_case: false, normalize: true };
        assert!(matches!(fold_text("New York", norm).text, Cow::Borrowed(_)));
        let long = "Plain ASCII text, long enough for several blocks of the fast path. ".repeat(4);
        assert!(matches!(fold_text(&long, norm).text, Cow::Borrowed(_)));
        assert_eq!(fold_text(&long, ALL).text, long.to_lowercase().as_bytes());
        // `long` ends with a space: the run " \n\n" and the double space fold to one space.
        let spaced = format!("{long}\n\n{long} {long}");
        check_map(&spaced, norm);
        assert_eq!(fold_text(&spaced, norm).text, format!("{long}{long}{long}").as_bytes());
        assert_eq!(fold_text("A\n\nB\u{a0} C", ALL).text, "a b c".as_bytes());
    }
}
