//! The multi-pattern matcher: patterns with labels, compiled once, matched over many texts.

use std::str::FromStr;
use std::sync::OnceLock;

use crate::ac::{AcEngine, Unique};
use crate::error::{BuildError, BuildErrorKind, Entry, Error, MAX_PATTERN_LEN, MAX_PATTERNS};
use crate::normalize::{FoldOptions, Folded, fold_pattern, fold_text};
use crate::unicode::is_word_char;
use crate::word::{Candidate, Pattern, Scan, WordEngine};

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
    search: Search,
}

/// How a matcher searches. Results never depend on it, only speed and memory do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Search {
    /// The word-start engine under `whole_words`, the automaton otherwise (the default).
    #[default]
    Auto,
    /// An Aho-Corasick automaton over a folded copy of the text, at every position.
    Automaton,
    /// Under `whole_words`: word starts found a block at a time, gated by the first folded bytes
    /// of each word and verified by anchored walks of a trie, folding on the fly. Without
    /// `whole_words` this is the automaton.
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
        // Deduplicate the folded forms: ids in `order` are grouped per distinct pattern.
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
        let words = self.whole_words && self.search != Search::Automaton;
        let engine = if words {
            let meta =
                uniq.iter().map(|u| Pattern { min_id: u.min_id, check_right: u.check_right });
            let word = WordEngine::new(opts, &uniq_text, meta.collect());
            Searcher::Word { word: Box::new(word), fallback: OnceLock::new() }
        } else {
            let bytes: Vec<&[u8]> = uniq_text.iter().map(|t| t.as_bytes()).collect();
            let ac =
                AcEngine::new(&bytes, uniq.clone(), self.match_kind, self.whole_words, self.dfa)?;
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
    let f = fold_pattern(value, opts);
    if f.is_empty() {
        return Err(BuildError::empty(entry, index, value, opts.normalize));
    }
    if f.len() > MAX_PATTERN_LEN {
        return Err(BuildError::too_long(entry, index, value, f.len()));
    }
    Ok(f)
}

/// How a matcher searches: the whole-word engine (with the automaton built on demand for inputs
/// that would make it slow), or the automaton.
#[derive(Clone, Debug)]
enum Searcher {
    Word { word: Box<WordEngine>, fallback: OnceLock<Option<AcEngine>> },
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
    opts: FoldOptions,
    builder: MatcherBuilder,
    /// The distinct folded patterns, sorted: lowest id and boundary checks.
    uniq: Vec<Unique>,
    /// Original ids grouped by distinct pattern, ascending within a group.
    ids: Vec<u32>,
    ids_start: Vec<u32>,
    patterns: Vec<String>,
    labels: Vec<Option<String>>,
    engine: Searcher,
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
        let state = match &self.engine {
            Searcher::Word { word, .. } => State::Word {
                scan: Scan::new(word, text.as_bytes()),
                buf: Vec::new(),
                queue: Vec::new(),
                at: 0,
            },
            Searcher::Automaton(ac) => self.automaton_state(ac, text, 0),
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
                    let (a, b) = (
                        self.ids_start[m.pattern] as usize,
                        self.ids_start[m.pattern + 1] as usize,
                    );
                    for &id in &self.ids[a..b] {
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

    /// The automaton of a whole-word matcher, built the first time it is needed.
    fn fallback(&self) -> Option<&AcEngine> {
        let Searcher::Word { word, fallback } = &self.engine else { return None };
        fallback
            .get_or_init(|| {
                let bytes: Vec<&[u8]> =
                    (0..word.trie.starts.len() - 1).map(|i| word.trie.pattern(i)).collect();
                let b = &self.builder;
                AcEngine::new(&bytes, self.uniq.clone(), b.match_kind, b.whole_words, b.dfa).ok()
            })
            .as_ref()
    }

    /// Bytes of memory the compiled search structures hold (not the patterns and labels as
    /// given).
    pub fn heap_bytes(&self) -> usize {
        let meta = 12 * self.uniq.len() + 4 * (self.ids.len() + self.ids_start.len());
        meta + match &self.engine {
            Searcher::Word { word, fallback } => {
                word.heap_bytes()
                    + fallback.get().and_then(Option::as_ref).map_or(0, AcEngine::heap_bytes)
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

impl Iterator for FindIter<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let m = self.matcher;
        loop {
            match &mut self.state {
                State::Sorted(it) => return it.next(),
                State::Done => return None,
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
                                let (a, b) = (
                                    m.ids_start[c.pattern] as usize,
                                    m.ids_start[c.pattern + 1] as usize,
                                );
                                for &id in &m.ids[a..b] {
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
