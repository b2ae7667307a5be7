//! The multi-pattern matcher: patterns with labels, compiled once, matched over many texts.

use std::str::FromStr;

use aho_corasick::{
    AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind as AcMatchKind,
    automaton::OverlappingState,
};

use crate::boundary::{utf8_len, word_after, word_before};
use crate::error::{BuildError, BuildErrorKind, Entry, Error, MAX_PATTERN_LEN, MAX_PATTERNS};
use crate::normalize::{FoldOptions, Folded, fold_pattern, fold_text};
use crate::unicode::is_word_char;

/// Which matches are reported when several overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Leftmost-longest, non-overlapping: at the leftmost position where a valid match starts,
    /// the longest valid one (the lowest pattern id among equal patterns).
    #[default]
    Longest,
    /// Leftmost-first, non-overlapping: at the leftmost position where a valid match starts, the
    /// valid one of the earliest-added pattern.
    First,
    /// Every valid match, overlapping ones included, ordered by (start, end, pattern id).
    All,
}

impl MatchKind {
    /// The name used in options: `"longest"`, `"first"` or `"all"`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Longest => "longest",
            MatchKind::First => "first",
            MatchKind::All => "all",
        }
    }
}

impl FromStr for MatchKind {
    type Err = BuildError;

    fn from_str(s: &str) -> Result<MatchKind, BuildError> {
        match s {
            "longest" => Ok(MatchKind::Longest),
            "first" => Ok(MatchKind::First),
            "all" => Ok(MatchKind::All),
            _ => Err(BuildError::invalid_option(format!(
                "match_kind must be \"longest\", \"first\" or \"all\", not {s:?}"
            ))),
        }
    }
}

/// A match: byte offsets `start..end` into the original text and the id of the pattern
/// (its index in the order the patterns were given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    /// Byte offset of the first byte of the match in the original text.
    pub start: usize,
    /// Byte offset one past the last byte of the match in the original text.
    pub end: usize,
    /// The pattern id: its index in the order the patterns were given.
    pub pattern: usize,
}

impl Match {
    /// The matched range, `start..end`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Options for building a [`Matcher`].
///
/// The defaults are `ignore_case = false`, `whole_words = true`, `normalize = true` and
/// `match_kind = MatchKind::Longest`.
#[derive(Clone, Debug)]
pub struct MatcherBuilder {
    ignore_case: bool,
    whole_words: bool,
    normalize: bool,
    match_kind: MatchKind,
    dfa: Option<bool>,
}

impl Default for MatcherBuilder {
    fn default() -> MatcherBuilder {
        MatcherBuilder {
            ignore_case: false,
            whole_words: true,
            normalize: true,
            match_kind: MatchKind::Longest,
            dfa: None,
        }
    }
}

/// Total bytes of unique patterns up to which the automaton is a DFA (fastest, but its memory
/// grows with states times byte classes); above it, a contiguous NFA.
const DFA_MAX_PATTERN_BYTES: usize = 400_000;

impl MatcherBuilder {
    /// A builder with the default options.
    pub fn new() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// Unicode simple case folding on patterns and text (default off).
    pub fn ignore_case(&mut self, yes: bool) -> &mut MatcherBuilder {
        self.ignore_case = yes;
        self
    }

    /// Report only matches not inside a longer word (default on).
    pub fn whole_words(&mut self, yes: bool) -> &mut MatcherBuilder {
        self.whole_words = yes;
        self
    }

    /// Whitespace runs match one space; typographic quotes and dashes match ASCII ones
    /// (default on).
    pub fn normalize(&mut self, yes: bool) -> &mut MatcherBuilder {
        self.normalize = yes;
        self
    }

    /// Which matches to report (default [`MatchKind::Longest`]).
    pub fn match_kind(&mut self, kind: MatchKind) -> &mut MatcherBuilder {
        self.match_kind = kind;
        self
    }

    /// Force (`Some(true)`) or forbid (`Some(false)`) a DFA; `None` (the default) picks a DFA
    /// for pattern sets up to about 400 kB and a contiguous NFA above. Results never depend on
    /// this, only speed and memory do.
    pub fn dfa(&mut self, choice: Option<bool>) -> &mut MatcherBuilder {
        self.dfa = choice;
        self
    }

    /// Builds a matcher from patterns without labels.
    pub fn build<I, P>(&self, patterns: I) -> Result<Matcher, BuildError>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<str>,
    {
        self.build_with_labels(patterns.into_iter().map(|p| (p, None::<String>)))
    }

    /// Builds a matcher from `(pattern, label)` pairs.
    pub fn build_with_labels<I, P, L>(&self, patterns: I) -> Result<Matcher, BuildError>
    where
        I: IntoIterator<Item = (P, Option<L>)>,
        P: AsRef<str>,
        L: Into<String>,
    {
        let opts = FoldOptions { ignore_case: self.ignore_case, normalize: self.normalize };
        let mut originals = Vec::new();
        let mut labels = Vec::new();
        let mut folded = Vec::new();
        for (index, (pattern, label)) in patterns.into_iter().enumerate() {
            if index >= MAX_PATTERNS {
                return Err(BuildError::new(BuildErrorKind::TooMany {
                    entry: Entry::Pattern,
                    count: index + 1,
                }));
            }
            let pattern = pattern.as_ref();
            let f = fold_entry(pattern, opts, Entry::Pattern, index)?;
            originals.push(pattern.to_owned());
            labels.push(label.map(Into::into));
            folded.push(f);
        }
        let n = folded.len();
        // Deduplicate the folded forms: ids in `order` are grouped per unique pattern.
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by(|&a, &b| folded[a as usize].cmp(&folded[b as usize]).then(a.cmp(&b)));
        let mut uniq: Vec<Unique> = Vec::new();
        let mut uniq_text: Vec<&str> = Vec::new();
        let mut ids: Vec<u32> = Vec::with_capacity(n);
        let mut ids_start: Vec<u32> = Vec::new();
        for &id in &order {
            let f = folded[id as usize].as_str();
            if uniq_text.last() != Some(&f) {
                let first = f.chars().next().is_some_and(is_word_char);
                let last = f.chars().next_back().is_some_and(is_word_char);
                uniq.push(Unique {
                    len: f.len() as u32,
                    min_id: id,
                    check_left: self.whole_words && first,
                    check_right: self.whole_words && last,
                });
                uniq_text.push(f);
                ids_start.push(ids.len() as u32);
            }
            ids.push(id);
        }
        ids_start.push(ids.len() as u32);
        // Prefix chains: unique patterns are sorted, so the prefixes of each one are exactly
        // the patterns left on a stack that pops entries that are not prefixes of it.
        let mut prefixes: Vec<u32> = Vec::new();
        let mut prefixes_start: Vec<u32> = Vec::with_capacity(uniq.len() + 1);
        let mut stack: Vec<u32> = Vec::new();
        for (u, text) in uniq_text.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if text.starts_with(uniq_text[top as usize]) {
                    break;
                }
                stack.pop();
            }
            prefixes_start.push(prefixes.len() as u32);
            // Longest first.
            prefixes.extend(stack.iter().rev());
            stack.push(u as u32);
        }
        prefixes_start.push(prefixes.len() as u32);

        let total: usize = uniq_text.iter().map(|t| t.len()).sum();
        let use_dfa = self.dfa.unwrap_or(total <= DFA_MAX_PATTERN_BYTES);
        let ac_kind = match self.match_kind {
            MatchKind::All => AcMatchKind::Standard,
            _ => AcMatchKind::LeftmostLongest,
        };
        let ac = AhoCorasick::builder()
            .match_kind(ac_kind)
            .kind(Some(if use_dfa { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA }))
            .start_kind(aho_corasick::StartKind::Unanchored)
            .build(&uniq_text)?;
        Ok(Matcher {
            ac,
            opts,
            builder: self.clone(),
            uniq,
            ids,
            ids_start,
            prefixes,
            prefixes_start,
            patterns: originals,
            labels,
        })
    }
}

/// The folded form of entry `index` (a pattern, cue or source name), or the error saying why
/// it cannot be matched: empty (once trimmed, under `normalize`) or too long.
pub(crate) fn fold_entry(
    value: &str,
    opts: FoldOptions,
    entry: Entry,
    index: usize,
) -> Result<String, BuildError> {
    let f = fold_pattern(value, opts);
    if f.is_empty() {
        return Err(BuildError::empty(entry, index, value, opts.normalize));
    }
    if f.len() > MAX_PATTERN_LEN {
        return Err(BuildError::too_long(entry, index, value, f.len()));
    }
    Ok(f)
}

/// Per unique folded pattern.
#[derive(Clone, Debug)]
struct Unique {
    len: u32,
    min_id: u32,
    check_left: bool,
    check_right: bool,
}

/// A compiled set of patterns with labels.
///
/// Build one with [`MatcherBuilder`] (or [`Matcher::new`] for the defaults); it is immutable,
/// `Send` and `Sync`, so one matcher serves any number of threads.
///
/// ```
/// use asper::{Matcher, MatcherBuilder};
///
/// let m = MatcherBuilder::new().ignore_case(true).build(["istanbul", "AP"]).unwrap();
/// let text = "İSTANBUL (AP) — not in APPLE";
/// let found: Vec<&str> = m.find_iter(text).map(|x| &text[x.start..x.end]).collect();
/// assert_eq!(found, ["İSTANBUL", "AP"]);
/// ```
#[derive(Clone, Debug)]
pub struct Matcher {
    ac: AhoCorasick,
    opts: FoldOptions,
    builder: MatcherBuilder,
    uniq: Vec<Unique>,
    /// Original ids grouped by unique pattern, ascending within a group.
    ids: Vec<u32>,
    ids_start: Vec<u32>,
    /// Proper prefixes of each unique pattern that are patterns too, longest first.
    prefixes: Vec<u32>,
    prefixes_start: Vec<u32>,
    patterns: Vec<String>,
    labels: Vec<Option<String>>,
}

impl Matcher {
    /// A matcher with the default options (see [`MatcherBuilder`]).
    pub fn new<I, P>(patterns: I) -> Result<Matcher, BuildError>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<str>,
    {
        MatcherBuilder::new().build(patterns)
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The pattern with id `id`, as given.
    pub fn pattern(&self, id: usize) -> Option<&str> {
        self.patterns.get(id).map(String::as_str)
    }

    /// The label of pattern `id`, if it has one.
    pub fn label(&self, id: usize) -> Option<&str> {
        self.labels.get(id).and_then(|l| l.as_deref())
    }

    /// All patterns, as given.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// All labels.
    pub fn labels(&self) -> &[Option<String>] {
        &self.labels
    }

    /// The options this matcher was built with.
    pub fn options(&self) -> &MatcherBuilder {
        &self.builder
    }

    /// Whether matching ignores case.
    pub fn ignore_case(&self) -> bool {
        self.builder.ignore_case
    }

    /// Whether matching requires whole words.
    pub fn whole_words(&self) -> bool {
        self.builder.whole_words
    }

    /// Whether matching normalizes whitespace and punctuation.
    pub fn normalize(&self) -> bool {
        self.builder.normalize
    }

    /// The match kind.
    pub fn match_kind(&self) -> MatchKind {
        self.builder.match_kind
    }

    /// An iterator over the matches in `text`, in order of start offset.
    pub fn find_iter<'m, 't>(&'m self, text: &'t str) -> FindIter<'m, 't> {
        let folded = fold_text(text, self.opts);
        let all = if self.builder.match_kind == MatchKind::All {
            let mut out = Vec::new();
            self.overlapping(&folded, &mut |m| {
                out.push(m);
                true
            });
            out.sort_unstable();
            Some(out.into_iter())
        } else {
            None
        };
        FindIter { matcher: self, folded, pos: 0, all }
    }

    /// All matches in `text`, in order.
    pub fn find_all(&self, text: &str) -> Vec<Match> {
        self.find_iter(text).collect()
    }

    /// The matches of every document, in input order, computed in parallel on `threads`
    /// threads (`None`: one per core). Equal to calling [`Matcher::find_all`] on each document
    /// in turn. Fails only for `threads == Some(0)` or when no thread pool can be made.
    pub fn find_batch<S: AsRef<str> + Sync>(
        &self,
        docs: &[S],
        threads: Option<usize>,
    ) -> Result<Vec<Vec<Match>>, Error> {
        let never = std::sync::atomic::AtomicBool::new(false);
        crate::threads::map_docs(docs, threads, &never, |d| self.find_all(d.as_ref()))
    }

    /// Whether `text` has at least one match.
    pub fn is_match(&self, text: &str) -> bool {
        if self.builder.match_kind == MatchKind::All {
            let folded = fold_text(text, self.opts);
            let mut found = false;
            self.overlapping(&folded, &mut |_| {
                found = true;
                false
            });
            found
        } else {
            self.find_iter(text).next().is_some()
        }
    }

    /// Number of matches in `text`.
    pub fn count(&self, text: &str) -> usize {
        if self.builder.match_kind == MatchKind::All {
            let folded = fold_text(text, self.opts);
            let mut n = 0;
            self.overlapping(&folded, &mut |_| {
                n += 1;
                true
            });
            n
        } else {
            self.find_iter(text).count()
        }
    }

    #[inline]
    fn valid(&self, hay: &[u8], start: usize, u: &Unique) -> bool {
        (!u.check_left || !word_before(hay, start))
            && (!u.check_right || !word_after(hay, start + u.len as usize))
    }

    /// The next match of the non-overlapping kinds in the folded text, from `*pos` on.
    fn next_leftmost(&self, folded: &Folded<'_>, pos: &mut usize) -> Option<Match> {
        let hay = folded.text.as_ref();
        while *pos <= hay.len() {
            let input = Input::new(hay).range(*pos..).anchored(Anchored::No);
            let m = self.ac.find(input)?;
            let start = m.start();
            let top = m.pattern().as_usize();
            let chain = self.chain(top);
            let chosen = match self.builder.match_kind {
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
                        pattern: u.min_id as usize,
                    });
                }
                None => {
                    // Nothing valid starts here: look again from the next character, or, under
                    // whole_words, after the word that starts here (a match starting inside a
                    // word would start with a word character preceded by one).
                    let mut next = start + utf8_len(hay[start]);
                    if self.builder.whole_words && word_after(hay, start) {
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

    /// The unique pattern `top` followed by its prefixes that are patterns, longest first.
    #[inline]
    fn chain(&self, top: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (self.prefixes_start[top] as usize, self.prefixes_start[top + 1] as usize);
        std::iter::once(top).chain(self.prefixes[a..b].iter().map(|&p| p as usize))
    }

    /// Calls `f` on each valid overlapping match (original offsets, every duplicate id) until it
    /// returns false.
    fn overlapping(&self, folded: &Folded<'_>, f: &mut dyn FnMut(Match) -> bool) {
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
            let (a, b) = (self.ids_start[u] as usize, self.ids_start[u + 1] as usize);
            for &id in &self.ids[a..b] {
                if !f(Match { start, end, pattern: id as usize }) {
                    return;
                }
            }
        }
    }
}

/// An iterator over the matches of a [`Matcher`] in a text, created by [`Matcher::find_iter`].
#[derive(Debug)]
pub struct FindIter<'m, 't> {
    matcher: &'m Matcher,
    folded: Folded<'t>,
    pos: usize,
    all: Option<std::vec::IntoIter<Match>>,
}

impl Iterator for FindIter<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        match &mut self.all {
            Some(it) => it.next(),
            None => self.matcher.next_leftmost(&self.folded, &mut self.pos),
        }
    }
}
