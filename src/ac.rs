//! The automaton engine: an `aho-corasick` automaton over the distinct folded patterns, run
//! over the folded copy of the text. It serves `whole_words = false`, where any position can
//! start a match, and is the fallback of the whole-word engine on inputs that would make its
//! anchored walks slow (long repeated prefixes); both give the same matches.
//!
//! Every candidate at `s` is the automaton's leftmost-longest match at `s` or one of its proper
//! prefixes that is a pattern; those prefix chains are precomputed at build time, so the
//! fallback to a shorter candidate costs no second search.

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind as AcMatchKind};

use crate::boundary::{utf8_len, word_after, word_before};
use crate::error::BuildError;
use crate::matcher::{Match, MatchKind};
use crate::normalize::Folded;

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

/// The automaton engine of a matcher.
#[derive(Clone, Debug)]
pub(crate) struct AcEngine {
    ac: AhoCorasick,
    kind: MatchKind,
    whole_words: bool,
    uniq: Vec<Unique>,
    /// Proper prefixes of each distinct pattern that are patterns too, longest first.
    prefixes: Vec<u32>,
    prefixes_start: Vec<u32>,
}

impl AcEngine {
    /// The engine of the distinct folded patterns, sorted (with their metadata in that order).
    pub(crate) fn new(
        folded: &[&[u8]],
        uniq: Vec<Unique>,
        kind: MatchKind,
        whole_words: bool,
        dfa: Option<bool>,
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
        let ac = AhoCorasick::builder()
            .match_kind(ac_kind)
            .kind(Some(if use_dfa { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA }))
            .start_kind(aho_corasick::StartKind::Unanchored)
            .build(folded)?;
        Ok(AcEngine { ac, kind, whole_words, uniq, prefixes, prefixes_start })
    }

    /// Bytes of memory the engine holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.ac.memory_usage()
            + 12 * self.uniq.len()
            + 4 * (self.prefixes.len() + self.prefixes_start.len())
    }

    #[inline]
    fn valid(&self, hay: &[u8], start: usize, u: &Unique) -> bool {
        (!u.check_left || !word_before(hay, start))
            && (!u.check_right || !word_after(hay, start + u.len as usize))
    }

    /// The next match of the non-overlapping kinds in the folded text, from `*pos` on.
    pub(crate) fn next_leftmost(&self, folded: &Folded<'_>, pos: &mut usize) -> Option<Match> {
        let hay = folded.text.as_ref();
        while *pos <= hay.len() {
            let input = Input::new(hay).range(*pos..).anchored(Anchored::No);
            let m = self.ac.find(input)?;
            let start = m.start();
            let top = m.pattern().as_usize();
            let chain = self.chain(top);
            let chosen = match self.kind {
                MatchKind::First => chain
                    .filter(|&c| self.valid(hay, start, &self.uniq[c]))
                    .min_by_key(|&c| self.uniq[c].min_id),
                _ => chain.into_iter().find(|&c| self.valid(hay, start, &self.uniq[c])),
            };
            match chosen {
                Some(c) => {
                    let u = &self.uniq[c];
                    let end = start + u.len as usize;
                    *pos = end;
                    return Some(Match {
                        start: folded.to_original(start),
                        end: folded.to_original(end),
                        pattern: c,
                    });
                }
                None => {
                    // Nothing valid starts here: look again from the next character, or, under
                    // whole_words, after the word that starts here (a match starting inside a
                    // word would start with a word character preceded by one).
                    let mut next = start + utf8_len(hay[start]);
                    if self.whole_words && word_after(hay, start) {
                        while next < hay.len() && word_after(hay, next) {
                            next += utf8_len(hay[next]);
                        }
                    }
                    *pos = next;
                }
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

    /// Calls `f` on each valid overlapping match (original offsets, the distinct pattern in
    /// `pattern`) until it returns false.
    pub(crate) fn overlapping(&self, folded: &Folded<'_>, f: &mut dyn FnMut(Match) -> bool) {
        let hay = folded.text.as_ref();
        let input = Input::new(hay);
        let mut state = OverlappingState::start();
        loop {
            self.ac.find_overlapping(input.clone(), &mut state);
            let Some(m) = state.get_match() else { return };
            let u = m.pattern().as_usize();
            if !self.valid(hay, m.start(), &self.uniq[u]) {
                continue;
            }
            let (start, end) = (folded.to_original(m.start()), folded.to_original(m.end()));
            if !f(Match { start, end, pattern: u }) {
                return;
            }
        }
    }
}
