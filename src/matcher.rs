//! The multi-pattern matcher: patterns with labels, compiled once, matched over many texts.

use std::str::FromStr;
use std::sync::OnceLock;

use crate::ac::{AcEngine, AutChoice, Scratch, Unique};
use crate::error::{BuildError, BuildErrorKind, Entry, Error, MAX_PATTERN_LEN, MAX_PATTERNS};
use crate::normalize::{FoldOptions, Folded, fold_pattern_into, fold_text};
use crate::strings::Strings;
use crate::unicode::is_word_char;
use crate::word::{Candidate, Scan, WordEngine};

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
    pub(crate) ignore_case: bool,
    pub(crate) whole_words: bool,
    pub(crate) normalize: bool,
    pub(crate) match_kind: MatchKind,
    pub(crate) dfa: Option<bool>,
    pub(crate) search: Search,
}

/// How a matcher searches. Results never depend on it, only speed and memory do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Search {
    /// The default: [`Search::WordStarts`] under `whole_words`; otherwise
    /// [`Search::Automaton`], or [`Search::FoldedCopy`] when the automaton has a prefilter (a
    /// pattern set with few distinct or rare bytes, which the prefilter skips through in the
    /// copy).
    #[default]
    Auto,
    /// An Aho-Corasick automaton at every position of the text, fed the folded text as it is
    /// read, a character at a time: no copy.
    Automaton,
    /// The automaton over a folded copy of the text, always: the reference the other engines
    /// are tested against.
    FoldedCopy,
    /// Under `whole_words`: word starts found a block at a time, gated by the first folded bytes
    /// of each word and verified by anchored walks of a trie, folding on the fly. Without
    /// `whole_words` this is [`Search::Automaton`].
    WordStarts,
}

impl Default for MatcherBuilder {
    fn default() -> MatcherBuilder {
        MatcherBuilder {
            ignore_case: false,
            whole_words: true,
            normalize: true,
            match_kind: MatchKind::Longest,
            dfa: None,
            search: Search::Auto,
        }
    }
}

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

    /// For the automaton engine: force (`Some(true)`) or forbid (`Some(false)`) a DFA; `None`
    /// (the default) picks a DFA for pattern sets up to about 400 kB and a contiguous NFA above.
    /// Results never depend on this, only speed and memory do.
    pub fn dfa(&mut self, choice: Option<bool>) -> &mut MatcherBuilder {
        self.dfa = choice;
        self
    }

    /// How to search (default [`Search::Auto`]). Results never depend on this.
    pub fn search(&mut self, search: Search) -> &mut MatcherBuilder {
        self.search = search;
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
        let patterns = patterns.into_iter();
        let n_hint = patterns.size_hint().0;
        // The patterns as given, their labels and their folded forms, each end to end in one
        // buffer: no allocation per pattern.
        let mut originals = Strings::with_capacity(n_hint, 0);
        let mut labels = Strings::with_capacity(n_hint, 0);
        let mut folded = Strings::with_capacity(n_hint, 0);
        for (index, (pattern, label)) in patterns.enumerate() {
            if index >= MAX_PATTERNS {
                return Err(BuildError::new(BuildErrorKind::TooMany {
                    entry: Entry::Pattern,
                    count: index + 1,
                }));
            }
            let pattern = pattern.as_ref();
            fold_entry_into(pattern, opts, Entry::Pattern, index, &mut folded.text)?;
            folded.ends.push(folded.text.len());
            originals.push(pattern);
            let label: Option<String> = label.map(Into::into);
            labels.push_opt(label.as_deref());
        }
        if labels.text.is_empty()
            && labels.absent.iter().map(|w| w.count_ones() as usize).sum::<usize>() == labels.len()
        {
            // No labels at all: nothing stored (every label reads as None).
            labels = Strings::default();
        }
        let n = folded.len();
        let folded_at = |i: u32| folded.get(i as usize).unwrap_or_default();
        // Deduplicate the folded forms: ids in `order` are grouped per distinct pattern.
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_unstable_by(|&a, &b| folded_at(a).cmp(folded_at(b)).then(a.cmp(&b)));
        let mut uniq: Vec<Unique> = Vec::new();
        let mut uniq_text: Vec<&str> = Vec::new();
        let mut ids: Vec<u32> = Vec::with_capacity(n);
        let mut ids_start: Vec<u32> = Vec::new();
        for &id in &order {
            let f = folded_at(id);
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
        if uniq.len() == n {
            // No two patterns fold alike (the usual case): each group is its lowest id alone.
            ids = Vec::new();
            ids_start = Vec::new();
        }
        let words = self.whole_words && matches!(self.search, Search::Auto | Search::WordStarts);
        let engine = if words {
            let word = WordEngine::new(opts, &uniq_text);
            Searcher::Word { word: Box::new(word), fallback: OnceLock::new() }
        } else {
            let bytes: Vec<&[u8]> = uniq_text.iter().map(|t| t.as_bytes()).collect();
            let ac = AcEngine::new(
                &bytes,
                uniq.clone(),
                opts,
                self.match_kind,
                self.whole_words,
                self.dfa,
                match self.search {
                    Search::FoldedCopy => AutChoice::Reference,
                    Search::Auto => AutChoice::Auto,
                    Search::Automaton | Search::WordStarts => AutChoice::Streaming,
                },
            )?;
            Searcher::Automaton(Box::new(ac))
        };
        Ok(Matcher {
            opts,
            builder: self.clone(),
            uniq,
            ids,
            ids_start,
            patterns: originals,
            labels,
            engine,
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
    let mut out = String::new();
    fold_entry_into(value, opts, entry, index, &mut out)?;
    Ok(out)
}

/// [`fold_entry`], appended to `out` (left as it was on an error).
pub(crate) fn fold_entry_into(
    value: &str,
    opts: FoldOptions,
    entry: Entry,
    index: usize,
    out: &mut String,
) -> Result<(), BuildError> {
    let start = out.len();
    fold_pattern_into(value, opts, out);
    let len = out.len() - start;
    if len == 0 {
        return Err(BuildError::empty(entry, index, value, opts.normalize));
    }
    if len > MAX_PATTERN_LEN {
        out.truncate(start);
        return Err(BuildError::too_long(entry, index, value, len));
    }
    Ok(())
}

/// How a matcher searches: the whole-word engine (with the automaton built on demand for inputs
/// that would make it slow), or the automaton.
#[derive(Clone, Debug)]
pub(crate) enum Searcher {
    Word { word: Box<WordEngine>, fallback: OnceLock<Option<Box<AcEngine>>> },
    Automaton(Box<AcEngine>),
}

/// The whole-word engine falls back to the automaton for the rest of a text once its anchored
/// walks have read more than this many folded bytes per byte of text (plus a constant):
/// texts that repeat the long prefix of a pattern again and again.
const WALK_BUDGET_PER_BYTE: usize = 32;
const WALK_BUDGET_BASE: usize = 1 << 16;

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
    pub(crate) opts: FoldOptions,
    pub(crate) builder: MatcherBuilder,
    /// The distinct folded patterns, sorted: lowest id and boundary checks.
    pub(crate) uniq: Vec<Unique>,
    /// Original ids grouped by distinct pattern, ascending within a group (both empty when no
    /// two patterns fold alike: see [`Matcher::ids_of`]).
    pub(crate) ids: Vec<u32>,
    pub(crate) ids_start: Vec<u32>,
    pub(crate) patterns: Strings,
    pub(crate) labels: Strings,
    pub(crate) engine: Searcher,
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
        self.patterns.len() == 0
    }

    /// The pattern with id `id`, as given.
    pub fn pattern(&self, id: usize) -> Option<&str> {
        self.patterns.get(id)
    }

    /// The label of pattern `id`, if it has one.
    pub fn label(&self, id: usize) -> Option<&str> {
        self.labels.get(id)
    }

    /// All patterns, as given, in id order.
    pub fn patterns(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.patterns.iter().map(Option::unwrap_or_default)
    }

    /// All labels, in pattern id order.
    pub fn labels(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.labels.get(i))
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
        let state = match &self.engine {
            Searcher::Word { word, .. } => State::Word {
                scan: Scan::new(word, &self.uniq, text.as_bytes()),
                buf: Vec::new(),
                queue: Vec::new(),
                at: 0,
            },
            Searcher::Automaton(ac) => {
                let copy = match self.builder.search {
                    Search::FoldedCopy => true,
                    Search::Auto => ac.has_prefilter(),
                    Search::Automaton | Search::WordStarts => false,
                };
                if copy {
                    self.automaton_state(ac, text, 0)
                } else {
                    self.streaming_state(ac, text)
                }
            }
        };
        FindIter { matcher: self, text, state }
    }

    /// The automaton's state over `text`, reporting only matches that start at or after `from`.
    fn automaton_state<'m, 't>(
        &'m self,
        ac: &'m AcEngine,
        text: &'t str,
        from: usize,
    ) -> State<'m, 't> {
        let folded = fold_text(text, self.opts);
        if self.builder.match_kind == MatchKind::All {
            let mut out = Vec::new();
            ac.overlapping(&folded, &mut |m| {
                if m.start >= from {
                    for &id in self.ids_of(m.pattern) {
                        out.push(Match { pattern: id as usize, ..m });
                    }
                }
                true
            });
            out.sort_unstable();
            State::Sorted(out.into_iter())
        } else {
            State::Automaton { engine: ac, folded, pos: 0, from }
        }
    }

    /// The automaton's state over `text`, folding it inside the search loop.
    fn streaming_state<'m, 't>(&'m self, ac: &'m AcEngine, text: &'t str) -> State<'m, 't> {
        let mut scratch = Scratch::take();
        if self.builder.match_kind == MatchKind::All {
            let mut out = Vec::new();
            ac.overlapping_streaming(text, &mut scratch, &mut |m| {
                for &id in self.ids_of(m.pattern) {
                    out.push(Match { pattern: id as usize, ..m });
                }
                true
            });
            out.sort_unstable();
            scratch.give_back();
            State::Sorted(out.into_iter())
        } else {
            State::Streaming { engine: ac, scratch, pos: 0 }
        }
    }

    /// The automaton of a whole-word matcher, built the first time it is needed.
    fn fallback(&self) -> Option<&AcEngine> {
        let Searcher::Word { word, fallback } = &self.engine else { return None };
        fallback
            .get_or_init(|| {
                let bytes: Vec<&[u8]> =
                    (0..word.trie.starts.len() - 1).map(|i| word.trie.pattern(i)).collect();
                let b = &self.builder;
                AcEngine::new(
                    &bytes,
                    self.uniq.clone(),
                    self.opts,
                    b.match_kind,
                    b.whole_words,
                    b.dfa,
                    AutChoice::Streaming,
                )
                .ok()
                .map(Box::new)
            })
            .as_deref()
    }

    /// The ids of the patterns whose folded form is distinct pattern `u`, ascending.
    #[inline]
    pub(crate) fn ids_of(&self, u: usize) -> &[u32] {
        if self.ids.is_empty() {
            std::slice::from_ref(&self.uniq[u].min_id)
        } else {
            &self.ids[self.ids_start[u] as usize..self.ids_start[u + 1] as usize]
        }
    }

    /// Bytes of memory the compiled search structures hold (not the patterns and labels as
    /// given).
    pub fn heap_bytes(&self) -> usize {
        let meta = 12 * self.uniq.len() + 4 * (self.ids.len() + self.ids_start.len());
        meta + match &self.engine {
            Searcher::Word { word, fallback } => {
                word.heap_bytes()
                    + fallback.get().and_then(Option::as_ref).map_or(0, |ac| ac.heap_bytes())
            }
            Searcher::Automaton(ac) => ac.heap_bytes(),
        }
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
        self.find_iter(text).next().is_some()
    }

    /// Number of matches in `text`.
    pub fn count(&self, text: &str) -> usize {
        self.find_iter(text).count()
    }
}

/// Where a [`FindIter`] is.
#[derive(Debug)]
enum State<'m, 't> {
    /// The whole-word engine: the scan, the candidates of the current start, and (for `All`)
    /// the matches of the current start still to report.
    Word {
        scan: Scan<'m, 't>,
        buf: Vec<Candidate>,
        queue: Vec<Match>,
        at: usize,
    },
    /// The automaton, non-overlapping kinds: reports matches starting at or after `from`.
    Automaton {
        engine: &'m AcEngine,
        folded: Folded<'t>,
        pos: usize,
        from: usize,
    },
    /// The automaton fed the folded text as it is read, non-overlapping kinds.
    Streaming {
        engine: &'m AcEngine,
        scratch: Scratch,
        pos: usize,
    },
    /// Matches computed in advance (the automaton, `All`).
    Sorted(std::vec::IntoIter<Match>),
    Done,
}

/// An iterator over the matches of a [`Matcher`] in a text, created by [`Matcher::find_iter`].
#[derive(Debug)]
pub struct FindIter<'m, 't> {
    matcher: &'m Matcher,
    text: &'t str,
    state: State<'m, 't>,
}

impl Drop for FindIter<'_, '_> {
    fn drop(&mut self) {
        if let State::Streaming { scratch, .. } = &mut self.state {
            std::mem::take(scratch).give_back();
        }
    }
}

impl Iterator for FindIter<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let m = self.matcher;
        loop {
            match &mut self.state {
                State::Sorted(it) => return it.next(),
                State::Done => return None,
                State::Streaming { engine, scratch, pos } => {
                    let x = engine.next_streaming(self.text, pos, scratch)?;
                    return Some(Match { pattern: m.uniq[x.pattern].min_id as usize, ..x });
                }
                State::Automaton { engine, folded, pos, from } => loop {
                    let x = engine.next_leftmost(folded, pos)?;
                    if x.start >= *from {
                        return Some(Match { pattern: m.uniq[x.pattern].min_id as usize, ..x });
                    }
                },
                State::Word { scan, buf, queue, at } => {
                    if *at < queue.len() {
                        *at += 1;
                        return Some(queue[*at - 1]);
                    }
                    // Out of budget: the automaton does the rest of the text.
                    if scan.walked > WALK_BUDGET_PER_BYTE * scan.scanned() + WALK_BUDGET_BASE {
                        if let Some(ac) = m.fallback() {
                            let from = scan.resume;
                            self.state = m.automaton_state(ac, self.text, from);
                            continue;
                        }
                    }
                    let Some(s) = scan.next_candidates(buf) else {
                        self.state = State::Done;
                        return None;
                    };
                    let pick = |c: &Candidate| Match { start: s, end: c.end, pattern: c.pattern };
                    match m.builder.match_kind {
                        MatchKind::Longest => {
                            let c = buf[buf.len() - 1];
                            scan.resume = c.end;
                            return Some(Match {
                                pattern: m.uniq[c.pattern].min_id as usize,
                                ..pick(&c)
                            });
                        }
                        MatchKind::First => {
                            let c = *buf.iter().min_by_key(|c| m.uniq[c.pattern].min_id)?;
                            scan.resume = c.end;
                            return Some(Match {
                                pattern: m.uniq[c.pattern].min_id as usize,
                                ..pick(&c)
                            });
                        }
                        MatchKind::All => {
                            queue.clear();
                            *at = 0;
                            for c in buf.iter() {
                                for &id in m.ids_of(c.pattern) {
                                    queue.push(Match {
                                        start: s,
                                        end: c.end,
                                        pattern: id as usize,
                                    });
                                }
                            }
                            // Matches of later starts only, should the automaton take over.
                            scan.resume = s + 1;
                        }
                    }
                }
            }
        }
    }
}
