//! Every occurrence of the patterns in a stretch of text, found by several streams of our DFA
//! run in lockstep.
//!
//! A DFA over text waits on one dependent load a byte: the next state's row. One stream keeps
//! one load in flight; four streams over four parts of the text keep four, so their cache
//! misses overlap (on 10k names under `ignore_case` four streams scanned 3x the bytes a second
//! of one). Each stream starts in the start state at the beginning of its part, which is the
//! end of a whitespace run, and reports the occurrences that start in its part: it reads past
//! the part's end until the longest pattern prefix it is in starts at or after that end, so
//! an occurrence that crosses into the next part is still its own. Each stream folds its
//! part on the fly (a piece at a time, as [`Folder`] folds), with the segments that map its
//! folded offsets back to the original.

use crate::dfa::Dfa;
use crate::normalize::{FoldOptions, Folder, segment_original, trim_segments};

/// Streams run at once.
const STREAMS: usize = 4;
/// Text the streams split at a time (a window): its occurrences are collected, then chosen
/// from.
pub(crate) const WINDOW: usize = 1 << 16;
/// Bytes of text each stream gets at least: a shorter stretch has fewer streams.
const MIN_PART: usize = 384;
/// Folded bytes a stream takes at a time.
const PIECE: usize = 256;
/// The most bytes searched for the end of a whitespace run to split at.
const SPLIT_REACH: usize = 256;

/// An occurrence of a distinct pattern: its original offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Occurrence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) pattern: usize,
}

/// The buffers of the streams, kept between calls.
#[derive(Debug, Default)]
pub(crate) struct Lanes {
    bufs: [Vec<u8>; STREAMS],
    segs: [Vec<(usize, usize)>; STREAMS],
    hits: Vec<(usize, usize, u32)>,
    /// Set when more occurrences than the cap were found (the call stops early).
    overflow: bool,
}

/// Where a stretch of text may be split after `from`: the end of the first run of ASCII
/// whitespace at or after it, if one ends before `limit` (a character boundary).
pub(crate) fn split_point(text: &[u8], from: usize, limit: usize) -> Option<usize> {
    let reach = limit.min(from.saturating_add(SPLIT_REACH));
    let mut i = from;
    while i < reach && !text[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= reach {
        return None;
    }
    while i < limit && text[i].is_ascii_whitespace() {
        i += 1;
    }
    (i < limit).then_some(i)
}

/// The folded offset of original offset `o` (a character boundary that does not fall inside a
/// whitespace run folded to one space), by the segments.
fn folded(segs: &[(usize, usize)], o: usize) -> usize {
    let i = segs.partition_point(|&(_, y)| y <= o);
    match i.checked_sub(1).and_then(|i| segs.get(i)) {
        Some(&(x, y)) => x + (o - y),
        None => o,
    }
}

/// One stream's position in its part.
struct Stream<'t> {
    folder: Folder<'t>,
    /// The bytes being fed: a verbatim run of the text, or the stream's buffer (empty).
    run: &'t [u8],
    /// Next byte of the bytes being fed, how many there are, and the folded offset of the
    /// first.
    at: usize,
    len: usize,
    base: usize,
    sid: u32,
    /// Its part of the text: occurrences starting in `lo..hi` are its own.
    lo: usize,
    hi: usize,
    /// Its buffers' index in [`Lanes`].
    j: usize,
    /// Its part is done (all of it fed).
    done: bool,
    /// The text ended.
    end: bool,
}

impl Lanes {
    /// Appends to `out` every occurrence (in the folded view of `text`, mapped back) that
    /// starts in `from..to`, where `from` is 0 or the end of a whitespace run and `to` the end
    /// of the text or of a whitespace run; in no particular order. False if there are more
    /// than `cap` (then `out` holds only some).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn occurrences(
        &mut self,
        d: &Dfa,
        text: &str,
        opts: FoldOptions,
        max_len: usize,
        (from, to): (usize, usize),
        cap: usize,
        out: &mut Vec<Occurrence>,
    ) -> bool {
        self.overflow = false;
        let cap = out.len().saturating_add(cap);
        let bytes = text.as_bytes();
        let want = ((to - from) / MIN_PART).clamp(1, STREAMS);
        let mut bounds = [to; STREAMS + 1];
        bounds[0] = from;
        let mut n = 1;
        for k in 1..want {
            let nominal = from + (to - from) * k / want;
            let at = bounds[n - 1].max(nominal);
            if let Some(p) = split_point(bytes, at, to) {
                bounds[n] = p;
                n += 1;
            }
        }
        bounds[n] = to;
        match n {
            4 => self.run::<4>(d, text, opts, max_len, &bounds, cap, out),
            3 => self.run::<3>(d, text, opts, max_len, &bounds, cap, out),
            2 => self.run::<2>(d, text, opts, max_len, &bounds, cap, out),
            _ => self.run::<1>(d, text, opts, max_len, &bounds, cap, out),
        }
        !self.overflow
    }

    #[allow(clippy::too_many_arguments)]
    fn run<const N: usize>(
        &mut self,
        d: &Dfa,
        text: &str,
        opts: FoldOptions,
        max_len: usize,
        bounds: &[usize; STREAMS + 1],
        cap: usize,
        out: &mut Vec<Occurrence>,
    ) {
        let mut streams: [Stream<'_>; N] = std::array::from_fn(|j| Stream {
            folder: Folder::new(text, bounds[j], opts),
            run: &[],
            at: 0,
            len: 0,
            base: 0,
            sid: d.start_state(),
            lo: bounds[j],
            hi: bounds[j + 1],
            j,
            done: false,
            end: false,
        });
        for (j, (buf, segs)) in self.bufs.iter_mut().zip(&mut self.segs).take(N).enumerate() {
            buf.clear();
            segs.clear();
            segs.push((0, bounds[j]));
        }
        // In lockstep while streams have bytes of their parts left: all of them, then those
        // left when one is done (moved to the back), and so on.
        let mut active = N;
        while active > 0 {
            let live = &mut streams[..active];
            match active {
                4 => self.lockstep::<4>(d, live, max_len, out),
                3 => self.lockstep::<3>(d, live, max_len, out),
                2 => self.lockstep::<2>(d, live, max_len, out),
                _ => self.lockstep::<1>(d, live, max_len, out),
            }
            if out.len() > cap {
                self.overflow = true;
                return;
            }
            let mut i = 0;
            while i < active {
                if streams[i].done {
                    active -= 1;
                    streams.swap(i, active);
                } else {
                    i += 1;
                }
            }
        }
        // Then each on its own, on past the end of its part while an occurrence that starts
        // in it may still be going on.
        for s in streams.iter_mut() {
            if s.end {
                continue;
            }
            let j = s.j;
            let hi_f = folded(&self.segs[j], s.hi);
            loop {
                let fed = s.base + s.at;
                if fed - d.depth_of(s.sid).min(fed) >= hi_f {
                    break;
                }
                if s.at == s.len && !self.refill(s, max_len, false) {
                    break;
                }
                // Byte by byte until no pattern prefix the stream is in starts in its part.
                self.feed_one(d, s, 1);
                self.flush_one(d, s, out);
                if out.len() > cap {
                    self.overflow = true;
                    return;
                }
            }
        }
    }

    /// Runs the streams (K of them) in lockstep over their parts until one of them is done,
    /// appending the occurrences they find to `out` (a stretch at a time, so that no segment a
    /// match state needs is dropped before it is mapped).
    // The lockstep indexes several arrays by stream; iterators would not keep it as tight.
    #[allow(clippy::needless_range_loop)]
    fn lockstep<const K: usize>(
        &mut self,
        d: &Dfa,
        streams: &mut [Stream<'_>],
        max_len: usize,
        out: &mut Vec<Occurrence>,
    ) {
        let Ok(streams) = <&mut [Stream<'_>; K]>::try_from(streams) else { return };
        loop {
            for s in streams.iter_mut() {
                if s.at == s.len && !self.refill(s, max_len, true) {
                    return;
                }
            }
            let k = streams.iter().map(|s| s.len - s.at).min().unwrap_or(0);
            let bufs = &self.bufs;
            let slices: [&[u8]; K] = std::array::from_fn(|i| {
                let s = &streams[i];
                let bytes = if s.run.is_empty() { &bufs[s.j][..] } else { s.run };
                &bytes[s.at..s.at + k]
            });
            let mut sid: [u32; K] = std::array::from_fn(|i| streams[i].sid);
            for i in 0..k {
                for x in 0..K {
                    let s = d.next(sid[x], slices[x][i]);
                    sid[x] = s;
                    if d.is_match(s) {
                        self.hits.push((streams[x].j, streams[x].base + streams[x].at + i + 1, s));
                    }
                }
            }
            for x in 0..K {
                streams[x].sid = sid[x];
                streams[x].at += k;
            }
            if !self.hits.is_empty() {
                self.flush_hits(d, &streams[..], out);
            }
        }
    }

    /// The next bytes of stream `j`: a verbatim run of the text, or the next piece folded into
    /// its buffer; within its part (`bounded`) or past it. False when there are none (the
    /// part, or the text, is done).
    fn refill<'t>(&mut self, s: &mut Stream<'t>, max_len: usize, bounded: bool) -> bool {
        if s.end || (bounded && s.folder.pos >= s.hi) {
            s.done = true;
            return false;
        }
        let j = s.j;
        s.base += s.len;
        s.at = 0;
        let piece = if bounded { PIECE.min(s.hi - s.folder.pos) } else { 16 };
        s.run = s.folder.verbatim_run_upto(piece);
        if !s.run.is_empty() {
            s.len = s.run.len();
            return true;
        }
        let buf = &mut self.bufs[j];
        let segs = &mut self.segs[j];
        buf.clear();
        trim_segments(segs, s.base, max_len);
        if !s.folder.fold_piece(buf, segs, s.base, 1) {
            s.len = 0;
            s.end = true;
            s.done = true;
            return false;
        }
        s.len = buf.len();
        true
    }

    /// Feeds up to `limit` bytes of stream `j`'s buffer, recording the match states it passes.
    #[inline]
    fn feed_one(&mut self, d: &Dfa, s: &mut Stream<'_>, limit: usize) {
        let j = s.j;
        let buf = if s.run.is_empty() { &self.bufs[j][..] } else { s.run };
        let stop = s.len.min(s.at.saturating_add(limit));
        let mut sid = s.sid;
        for (i, &b) in buf[s.at..stop].iter().enumerate() {
            sid = d.next(sid, b);
            if d.is_match(sid) {
                self.hits.push((j, s.base + s.at + i + 1, sid));
            }
        }
        s.sid = sid;
        s.at = stop;
    }

    /// The recorded match states as occurrences (those that start in their stream's part).
    fn flush_hits(&mut self, d: &Dfa, streams: &[Stream<'_>], out: &mut Vec<Occurrence>) {
        for &(j, end_f, sid) in &self.hits {
            if let Some(s) = streams.iter().find(|s| s.j == j) {
                push_outputs(d, &self.segs[j], s.lo, s.hi, end_f, sid, out);
            }
        }
        self.hits.clear();
    }

    fn flush_one(&mut self, d: &Dfa, s: &Stream<'_>, out: &mut Vec<Occurrence>) {
        for &(_, end_f, sid) in &self.hits {
            push_outputs(d, &self.segs[s.j], s.lo, s.hi, end_f, sid, out);
        }
        self.hits.clear();
    }
}

/// The occurrences ending at folded offset `end_f` in match state `sid` that start in
/// `lo..hi`.
#[inline]
fn push_outputs(
    d: &Dfa,
    segs: &[(usize, usize)],
    lo: usize,
    hi: usize,
    end_f: usize,
    sid: u32,
    out: &mut Vec<Occurrence>,
) {
    let end = segment_original(segs, end_f);
    d.outputs_of(sid, |pattern, len| {
        let start = segment_original(segs, end_f - len);
        if (lo..hi).contains(&start) {
            out.push(Occurrence { start, end, pattern });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_after_whitespace_runs() {
        let t = b"one two  three\n\nfour";
        assert_eq!(split_point(t, 0, t.len()), Some(4));
        assert_eq!(split_point(t, 5, t.len()), Some(9));
        assert_eq!(split_point(t, 10, t.len()), Some(16));
        assert_eq!(split_point(t, 17, t.len()), None);
        // A run reaching the limit is no split.
        assert_eq!(split_point(b"ab  ", 0, 4), None);
    }

    #[test]
    fn maps_offsets_both_ways() {
        // "a  b" folded to "a b": folded 2 is original 3.
        let segs = [(0, 0), (2, 3)];
        assert_eq!(segment_original(&segs, 1), 1);
        assert_eq!(segment_original(&segs, 2), 3);
        assert_eq!(folded(&segs, 3), 2);
        assert_eq!(folded(&segs, 0), 0);
    }
}
