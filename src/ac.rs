//! The automaton engine: an `aho-corasick` automaton over the distinct folded patterns, at
//! every position of the text. It serves `whole_words = false`, where any position can start a
//! match, and is the fallback of the whole-word engine on inputs that would make its anchored
//! walks slow (long repeated prefixes); both give the same matches.
//!
//! Two ways to feed it: the folded text a piece at a time ([`AcEngine::next_streaming`],
//! [`AcEngine::overlapping_streaming`]: a few hundred bytes folded into a small buffer that a
//! search loop of our own feeds to the automaton through the crate's [`Automaton`] trait,
//! carrying its state from piece to piece, so the text is never copied whole; match offsets
//! map back through the folding's segments of the last pieces), or a folded copy of the text ([`AcEngine::next_leftmost`], [`AcEngine::overlapping`]), which lets the
//! automaton use its prefilter (a pattern set with few distinct or rare bytes) and is the
//! reference the other engines are tested against.
//!
//! Every candidate at `s` is the automaton's leftmost-longest match at `s` or one of its proper
//! prefixes that is a pattern; those prefix chains are precomputed at build time, so the
//! fallback to a shorter candidate costs no second search.

use aho_corasick::automaton::{Automaton, OverlappingState};
use aho_corasick::{Anchored, Input, MatchKind as AcMatchKind, StartKind, dfa, nfa};

use crate::boundary::{utf8_len, word_after, word_before};
use std::collections::VecDeque;

use crate::dfa::Dfa;
use crate::error::BuildError;
use crate::interleave::{Lanes, Occurrence, WINDOW, split_point};
use crate::matcher::{Match, MatchKind};
use crate::normalize::{FoldOptions, Folded, Folder, char_at, segment_original};
use crate::unicode::is_white_space;

/// Total bytes of distinct patterns up to which the automaton is a DFA (fastest, but its memory
/// grows with states times byte classes); above it, a contiguous NFA.
const DFA_MAX_PATTERN_BYTES: usize = 400_000;

/// Per distinct folded pattern.
#[derive(Clone, Debug)]
pub(crate) struct Unique {
    pub(crate) len: u32,
    pub(crate) min_id: u32,
    pub(crate) check_left: bool,
    pub(crate) check_right: bool,
}

/// The automaton: our own cache-friendly DFA ([`Dfa`]), or one of the crate's (a DFA, which
/// may have a prefilter, or a contiguous NFA for large pattern sets).
#[derive(Clone, Debug)]
enum Aut {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
    Own(Box<Dfa>),
}

/// Runs `$body` with `$a` bound to the crate's automaton, monomorphized for each kind, or
/// `$own` with `$d` bound to ours.
macro_rules! with_aut {
    ($aut:expr, $a:ident => $body:expr, $d:ident => $own:expr) => {
        match $aut {
            Aut::Dfa($a) => $body,
            Aut::Nfa($a) => $body,
            Aut::Own($d) => $own,
        }
    };
}

/// Up to this many patterns the crate's automaton may have a prefilter (Teddy and the packed
/// searchers stop at 64 and 128 patterns), so it is built to see; above, ours is used.
const PREFILTER_MAX_PATTERNS: usize = 128;

/// Bytes of verbatim text fed to the automaton at a time.
const RUN: usize = 256;

/// The most memory our DFA may take; a larger one is a contiguous NFA instead.
const OWN_DFA_MAX_BYTES: usize = 1 << 30;

/// Which automaton a matcher wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AutChoice {
    /// The crate's, searched over a folded copy: the reference.
    Reference,
    /// The crate's when it has a prefilter, else ours.
    Auto,
    /// Ours (or the crate's NFA when ours would be too large).
    Streaming,
}

/// The automaton engine of a matcher.
#[derive(Clone, Debug)]
pub(crate) struct AcEngine {
    aut: Aut,
    opts: FoldOptions,
    kind: MatchKind,
    whole_words: bool,
    uniq: Vec<Unique>,
    /// Proper prefixes of each distinct pattern that are patterns too, longest first.
    prefixes: Vec<u32>,
    prefixes_start: Vec<u32>,
    /// Bytes of the longest distinct pattern.
    max_len: usize,
}

/// The buffers of a streaming search: the folded piece being fed to the automaton, and the
/// segments that map folded offsets back to the original (those of the last pieces, enough
/// to reach back over the longest pattern).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    piece: Vec<u8>,
    segments: Vec<(usize, usize)>,
    /// The interleaved search with our DFA: its streams, the occurrences of a window, the
    /// matches chosen from them still to be reported, where the next window starts, and
    /// where the choosing goes on from (the end of the last match chosen, or past a start where
    /// nothing was valid), and whether the text went over to one stream (no place to split, or
    /// too many occurrences).
    lanes: Lanes,
    occurrences: Vec<Occurrence>,
    queue: VecDeque<Match>,
    window: usize,
    resume: usize,
    single: bool,
}

thread_local! {
    /// A thread's spare scratch: a search of many short texts would otherwise allocate its
    /// buffers for each.
    static SPARE: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) };
}

impl Scratch {
    /// A scratch for a new search: the thread's spare one, emptied, or a new one.
    pub(crate) fn take() -> Scratch {
        SPARE.with(|s| s.borrow_mut().take()).unwrap_or_default()
    }

    /// Gives a scratch back to be the thread's spare (its larger buffers dropped).
    pub(crate) fn give_back(mut self) {
        self.queue.clear();
        self.occurrences.clear();
        self.occurrences.shrink_to(1 << 16);
        self.queue.shrink_to(1 << 12);
        (self.window, self.resume, self.single) = (0, 0, false);
        SPARE.with(|s| *s.borrow_mut() = Some(self));
    }
}

/// Where a streaming search found the automaton's leftmost match: its folded start and
/// distinct pattern.
struct Found {
    start_f: usize,
    top: usize,
}

impl AcEngine {
    /// The engine of the distinct folded patterns, sorted (with their metadata in that order).
    pub(crate) fn new(
        folded: &[&[u8]],
        uniq: Vec<Unique>,
        opts: FoldOptions,
        kind: MatchKind,
        whole_words: bool,
        dfa: Option<bool>,
        engine: AutChoice,
    ) -> Result<AcEngine, BuildError> {
        // Prefix chains: the patterns are sorted, so the prefixes of each one are exactly the
        // patterns left on a stack that pops entries that are not prefixes of it.
        let mut prefixes: Vec<u32> = Vec::new();
        let mut prefixes_start: Vec<u32> = Vec::with_capacity(folded.len() + 1);
        let mut stack: Vec<u32> = Vec::new();
        for (u, text) in folded.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if text.starts_with(folded[top as usize]) {
                    break;
                }
                stack.pop();
            }
            prefixes_start.push(prefixes.len() as u32);
            prefixes.extend(stack.iter().rev());
            stack.push(u as u32);
        }
        prefixes_start.push(prefixes.len() as u32);
        let total: usize = folded.iter().map(|t| t.len()).sum();
        let use_dfa = dfa.unwrap_or(total <= DFA_MAX_PATTERN_BYTES);
        let ac_kind = match kind {
            MatchKind::All => AcMatchKind::Standard,
            _ => AcMatchKind::LeftmostLongest,
        };
        let ic = opts.ignore_case;
        let crate_dfa = || -> Result<Aut, BuildError> {
            Ok(Aut::Dfa(
                dfa::Builder::new()
                    .match_kind(ac_kind)
                    .ascii_case_insensitive(ic)
                    .start_kind(StartKind::Unanchored)
                    .build(folded)?,
            ))
        };
        let crate_nfa = || -> Result<Aut, BuildError> {
            Ok(Aut::Nfa(
                nfa::contiguous::Builder::new()
                    .match_kind(ac_kind)
                    .ascii_case_insensitive(ic)
                    .build(folded)?,
            ))
        };
        let own = || Dfa::new(folded, ic, OWN_DFA_MAX_BYTES).map(|d| Aut::Own(Box::new(d)));
        let aut = match engine {
            _ if !use_dfa => crate_nfa()?,
            AutChoice::Reference => crate_dfa()?,
            AutChoice::Auto if folded.len() <= PREFILTER_MAX_PATTERNS => {
                let a = crate_dfa()?;
                if with_aut!(&a, x => x.prefilter().is_some(), _d => false) {
                    a
                } else {
                    own().unwrap_or(a)
                }
            }
            _ => match own() {
                Some(a) => a,
                None => crate_nfa()?,
            },
        };
        let max_len = folded.iter().map(|t| t.len()).max().unwrap_or(0);
        Ok(AcEngine { aut, opts, kind, whole_words, uniq, prefixes, prefixes_start, max_len })
    }

    /// Bytes of memory the engine holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        with_aut!(&self.aut, a => a.memory_usage(), d => d.heap_bytes())
            + 12 * self.uniq.len()
            + 4 * (self.prefixes.len() + self.prefixes_start.len())
    }

    /// Whether the automaton has a prefilter (a pattern set with few distinct or rare bytes):
    /// then searching a folded copy, which the prefilter can skip through, beats streaming.
    pub(crate) fn has_prefilter(&self) -> bool {
        with_aut!(&self.aut, a => a.prefilter().is_some(), _d => false)
    }

    /// Whether candidate `u` starting at `start` and ending at `end` has the boundaries it needs
    /// in `hay` (the folded copy, or the original text: folding keeps every character a word
    /// character or not, and whitespace runs are not).
    #[inline]
    fn valid(&self, hay: &[u8], start: usize, end: usize, u: &Unique) -> bool {
        (!u.check_left || !word_before(hay, start)) && (!u.check_right || !word_after(hay, end))
    }

    /// The candidate the match kind picks among the chain of `top` at `start`, given where each
    /// ends (`end(len)`, in the offsets of `hay`).
    #[inline]
    fn choose(
        &self,
        hay: &[u8],
        start: usize,
        top: usize,
        end: impl Fn(usize) -> usize,
    ) -> Option<usize> {
        let ok = |c: &usize| {
            let u = &self.uniq[*c];
            self.valid(hay, start, end(u.len as usize), u)
        };
        match self.kind {
            MatchKind::First => self.chain(top).filter(ok).min_by_key(|&c| self.uniq[c].min_id),
            _ => self.chain(top).find(ok),
        }
    }

    /// Where to look again when nothing valid starts at `start` of `hay`: the next character,
    /// or, under whole_words, after the word that starts here (a match starting inside a word
    /// would start with a word character preceded by one).
    #[inline]
    fn next_start(&self, hay: &[u8], start: usize) -> usize {
        let mut next = start + utf8_len(hay[start]);
        if self.whole_words && word_after(hay, start) {
            while next < hay.len() && word_after(hay, next) {
                next += utf8_len(hay[next]);
            }
        }
        next
    }

    /// The next match of the non-overlapping kinds in the folded copy, from `*pos` on.
    pub(crate) fn next_leftmost(&self, folded: &Folded<'_>, pos: &mut usize) -> Option<Match> {
        let hay = folded.text.as_ref();
        while *pos <= hay.len() {
            let input = Input::new(hay).range(*pos..).anchored(Anchored::No);
            let (start, top) = with_aut!(&self.aut,
                a => a.try_find(&input).ok().flatten().map(|m| (m.start(), m.pattern().as_usize())),
                d => {
                    let mut st = d.leftmost();
                    d.feed_leftmost(&mut st, &hay[*pos..], *pos);
                    st.found()
                }
            )?;
            match self.choose(hay, start, top, |len| start + len) {
                Some(c) => {
                    let end = start + self.uniq[c].len as usize;
                    *pos = end;
                    return Some(Match {
                        start: folded.to_original(start),
                        end: folded.to_original(end),
                        pattern: c,
                    });
                }
                None => *pos = self.next_start(hay, start),
            }
        }
        None
    }

    /// The distinct pattern `top` followed by its prefixes that are patterns, longest first.
    #[inline]
    fn chain(&self, top: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (self.prefixes_start[top] as usize, self.prefixes_start[top + 1] as usize);
        std::iter::once(top).chain(self.prefixes[a..b].iter().map(|&p| p as usize))
    }

    /// Calls `f` on each valid overlapping match in the folded copy (original offsets, the
    /// distinct pattern in `pattern`) until it returns false.
    pub(crate) fn overlapping(&self, folded: &Folded<'_>, f: &mut dyn FnMut(Match) -> bool) {
        let hay = folded.text.as_ref();
        let input = Input::new(hay);
        let mut state = OverlappingState::start();
        let valid_match = |start: usize, end: usize, u: usize, f: &mut dyn FnMut(Match) -> bool| {
            if !self.valid(hay, start, end, &self.uniq[u]) {
                return true;
            }
            let (start, end) = (folded.to_original(start), folded.to_original(end));
            f(Match { start, end, pattern: u })
        };
        with_aut!(&self.aut, a => loop {
            if a.try_find_overlapping(&input, &mut state).is_err() {
                return;
            }
            let Some(m) = state.get_match() else { return };
            if !valid_match(m.start(), m.end(), m.pattern().as_usize(), f) {
                return;
            }
        }, d => {
            let mut sid = d.start_state();
            d.feed_overlapping(&mut sid, hay, 0, &mut |end, u, len| valid_match(end - len, end, u, f));
        })
    }

    /// The next match of the non-overlapping kinds in `text`, from `*pos` on, folding the text
    /// a piece at a time into a small buffer that the automaton reads.
    pub(crate) fn next_streaming(
        &self,
        text: &str,
        pos: &mut usize,
        scratch: &mut Scratch,
    ) -> Option<Match> {
        let bytes = text.as_bytes();
        while *pos < text.len() {
            let found = with_aut!(&self.aut,
                a => self.find_streaming(a, text, *pos, scratch),
                d => {
                    if !scratch.single {
                        return self.next_interleaved(d, text, pos, scratch);
                    }
                    self.find_streaming_own(d, text, *pos, scratch)
                }
            )?;
            let start = segment_original(&scratch.segments, found.start_f);
            let end_of = |len: usize| segment_original(&scratch.segments, found.start_f + len);
            match self.choose(bytes, start, found.top, end_of) {
                Some(c) => {
                    let end = end_of(self.uniq[c].len as usize);
                    *pos = end;
                    return Some(Match { start, end, pattern: c });
                }
                None => {
                    *pos = if self.opts.normalize && is_white_space_at(bytes, start) {
                        // (No pattern starts with a space under normalization; for safety,
                        // never restart inside a run, whose rest would fold to a space again.)
                        crate::normalize::whitespace_end(bytes, start)
                    } else {
                        self.next_start(bytes, start)
                    };
                }
            }
        }
        None
    }

    /// The automaton's leftmost match in the folded view of `text` from `from`: runs of bytes
    /// that are their own fold go to the automaton straight from the text, the rest is folded
    /// a character (or whitespace run) at a time into the scratch piece.
    #[inline(always)]
    fn find_streaming<A: Automaton>(
        &self,
        a: &A,
        text: &str,
        from: usize,
        scratch: &mut Scratch,
    ) -> Option<Found> {
        let mut sid = a.start_state(Anchored::No).ok()?;
        let mut folder = Folder::new(text, from, self.opts);
        scratch.segments.clear();
        scratch.segments.push((0, from));
        let mut last: Option<(usize, usize)> = None;
        let mut base = 0;
        'text: while let Some(bytes) =
            folder.next_bytes(RUN, &mut scratch.piece, &mut scratch.segments, base, self.max_len)
        {
            for (k, &b) in bytes.iter().enumerate() {
                sid = a.next_state(Anchored::No, sid, b);
                if a.is_special(sid) {
                    if a.is_dead(sid) {
                        break 'text;
                    }
                    if a.is_match(sid) {
                        last = Some((a.match_pattern(sid, 0).as_usize(), base + k + 1));
                    }
                }
            }
            base += bytes.len();
        }
        let (top, end_f) = last?;
        Some(Found { start_f: end_f - self.uniq[top].len as usize, top })
    }

    /// The end of the window of `text` that starts at `from`: about [`WINDOW`] bytes on, at the
    /// end of a whitespace run, or the end of the text; None if no place to split is near.
    fn window_end(text: &[u8], from: usize) -> Option<usize> {
        if text.len() - from <= WINDOW + WINDOW / 2 {
            return Some(text.len());
        }
        split_point(text, from + WINDOW, text.len())
    }

    /// The next match of the non-overlapping kinds with our DFA: the occurrences of a window
    /// of the text, found by interleaved streams ([`Lanes`]), sorted, then chosen from as the
    /// one-stream search would (the leftmost start from `*pos` on, its longest valid candidate
    /// or the one the match kind picks, else on from the next start).
    fn next_interleaved(
        &self,
        d: &Dfa,
        text: &str,
        pos: &mut usize,
        scratch: &mut Scratch,
    ) -> Option<Match> {
        let bytes = text.as_bytes();
        loop {
            if let Some(m) = scratch.queue.pop_front() {
                *pos = m.end;
                return Some(m);
            }
            let from = scratch.window;
            if from >= text.len() {
                return None;
            }
            let cap = 4 * WINDOW;
            let to = Self::window_end(bytes, from);
            let mut occ = std::mem::take(&mut scratch.occurrences);
            occ.clear();
            let complete = to.is_some_and(|to| {
                scratch.lanes.occurrences(
                    d,
                    text,
                    self.opts,
                    self.max_len,
                    (from, to),
                    cap,
                    &mut occ,
                )
            });
            let Some(to) = to.filter(|_| complete) else {
                // One stream from here on, from where the choosing stopped.
                scratch.occurrences = occ;
                scratch.single = true;
                *pos = scratch.resume;
                return self.next_streaming(text, pos, scratch);
            };
            let mut resume = scratch.resume;
            occ.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut i = 0;
            while i < occ.len() {
                let start = occ[i].start;
                let mut j = i + 1;
                while j < occ.len() && occ[j].start == start {
                    j += 1;
                }
                if start >= resume {
                    let group = &occ[i..j];
                    let ok =
                        |o: &&Occurrence| self.valid(bytes, start, o.end, &self.uniq[o.pattern]);
                    let pick = match self.kind {
                        MatchKind::First => {
                            group.iter().filter(ok).min_by_key(|o| self.uniq[o.pattern].min_id)
                        }
                        _ => group.iter().find(ok),
                    };
                    match pick {
                        Some(o) => {
                            scratch.queue.push_back(Match {
                                start,
                                end: o.end,
                                pattern: o.pattern,
                            });
                            resume = o.end;
                        }
                        None => {
                            resume = if self.opts.normalize && is_white_space_at(bytes, start) {
                                crate::normalize::whitespace_end(bytes, start)
                            } else {
                                self.next_start(bytes, start)
                            };
                        }
                    }
                }
                i = j;
            }
            scratch.occurrences = occ;
            scratch.window = to;
            scratch.resume = resume;
        }
    }

    /// [`AcEngine::overlapping_imp`] with our DFA: the occurrences of each window, found by
    /// interleaved streams, the valid ones reported.
    fn overlapping_interleaved(
        &self,
        d: &Dfa,
        text: &str,
        scratch: &mut Scratch,
        f: &mut dyn FnMut(Match) -> bool,
    ) {
        let bytes = text.as_bytes();
        let mut from = 0;
        let mut occ = std::mem::take(&mut scratch.occurrences);
        while from < text.len() {
            let Some(to) = Self::window_end(bytes, from) else { break };
            occ.clear();
            let (opts, max_len) = (self.opts, self.max_len);
            scratch.lanes.occurrences(d, text, opts, max_len, (from, to), usize::MAX, &mut occ);
            occ.sort_unstable();
            for o in &occ {
                if self.valid(bytes, o.start, o.end, &self.uniq[o.pattern])
                    && !f(Match { start: o.start, end: o.end, pattern: o.pattern })
                {
                    scratch.occurrences = occ;
                    return;
                }
            }
            from = to;
        }
        scratch.occurrences = occ;
        if from < text.len() {
            // No place to split: one stream over the rest, reporting what starts from here.
            self.overlapping_own(d, text, scratch, &mut |m| m.start < from || f(m));
        }
    }

    /// [`AcEngine::find_streaming`] with our DFA.
    #[inline(always)]
    fn find_streaming_own(
        &self,
        d: &Dfa,
        text: &str,
        from: usize,
        scratch: &mut Scratch,
    ) -> Option<Found> {
        let mut st = d.leftmost();
        let mut folder = Folder::new(text, from, self.opts);
        scratch.segments.clear();
        scratch.segments.push((0, from));
        let mut base = 0;
        while let Some(bytes) =
            folder.next_bytes(RUN, &mut scratch.piece, &mut scratch.segments, base, self.max_len)
        {
            if d.feed_leftmost(&mut st, bytes, base) {
                break;
            }
            base += bytes.len();
        }
        let (start_f, top) = st.found()?;
        Some(Found { start_f, top })
    }

    /// [`AcEngine::overlapping_imp`] with our DFA.
    fn overlapping_own(
        &self,
        d: &Dfa,
        text: &str,
        scratch: &mut Scratch,
        f: &mut dyn FnMut(Match) -> bool,
    ) {
        let mut sid = d.start_state();
        let mut folder = Folder::new(text, 0, self.opts);
        let Scratch { piece, segments, .. } = scratch;
        segments.clear();
        let mut base = 0;
        while let Some(bytes) = folder.next_bytes(RUN, piece, segments, base, self.max_len) {
            let going = d.feed_overlapping(&mut sid, bytes, base, &mut |end_f, u, len| {
                let end = segment_original(segments, end_f);
                let start = segment_original(segments, end_f - len);
                if !self.valid(text.as_bytes(), start, end, &self.uniq[u]) {
                    return true;
                }
                f(Match { start, end, pattern: u })
            });
            if !going {
                break;
            }
            base += bytes.len();
        }
    }

    /// Calls `f` on each valid overlapping match in `text` (original offsets, the distinct
    /// pattern in `pattern`) until it returns false, folding the text a piece at a time.
    pub(crate) fn overlapping_streaming(
        &self,
        text: &str,
        scratch: &mut Scratch,
        f: &mut dyn FnMut(Match) -> bool,
    ) {
        with_aut!(&self.aut,
            a => self.overlapping_imp(a, text, scratch, f),
            d => self.overlapping_interleaved(d, text, scratch, f)
        )
    }

    #[inline(always)]
    fn overlapping_imp<A: Automaton>(
        &self,
        a: &A,
        text: &str,
        scratch: &mut Scratch,
        f: &mut dyn FnMut(Match) -> bool,
    ) {
        let Ok(mut sid) = a.start_state(Anchored::No) else { return };
        let mut folder = Folder::new(text, 0, self.opts);
        scratch.segments.clear();
        let mut base = 0;
        while let Some(bytes) =
            folder.next_bytes(RUN, &mut scratch.piece, &mut scratch.segments, base, self.max_len)
        {
            for (k, &b) in bytes.iter().enumerate() {
                sid = a.next_state(Anchored::No, sid, b);
                if !a.is_special(sid) || !a.is_match(sid) {
                    continue;
                }
                let end_f = base + k + 1;
                let end = segment_original(&scratch.segments, end_f);
                for j in 0..a.match_len(sid) {
                    let u = a.match_pattern(sid, j).as_usize();
                    let start =
                        segment_original(&scratch.segments, end_f - self.uniq[u].len as usize);
                    if !self.valid(text.as_bytes(), start, end, &self.uniq[u]) {
                        continue;
                    }
                    if !f(Match { start, end, pattern: u }) {
                        return;
                    }
                }
            }
            base += bytes.len();
        }
    }
}

/// Whether a White_Space character starts at byte `i` of `text`.
fn is_white_space_at(text: &[u8], i: usize) -> bool {
    char_at(text, i).is_some_and(|(c, _)| is_white_space(c))
}
