//! The extraction rules around cue matches: the [`Engine`] runs over the cue matches of a text
//! and applies the rules of each cue's direction.
//!
//! * `chain`: the record another one is relayed by (`X, citing Y`);
//! * `after`: the source after the cue (`according to X`, `Reporting by X`);
//! * `verb`: verb cues, the source before them or inverted after them (`X said`, `said X`);
//! * `credit`: credit lines and datelines (`(With PTI inputs)`, `MOSCOW (Reuters) -`);
//! * `marks`: punctuation cues (`Trump: ...`, `” ― Name`);
//! * `noun`: noun cues (`X's report that`, `quoted Y as saying`);
//! * `sense`: uses of verb cues that report no speech (`added a new feature`, `shows up`);
//! * `subject` and `np`: the subjects and noun phrases these rules collect;
//! * `words`: the word lists they test (`data/words.txt`).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::lexicon::{AttributionKind, CueDirection, CueEntry, SourceEntry};
use super::text::{Doc, Quotes, sentence_bounds_from, trim_span};
use super::{Attribution, CUE_FOLD, cue_matcher, source_matcher};
use crate::error::{BuildError, Entry};
use crate::matcher::{Matcher, fold_entry};
use np::VerbCues;
use score::Model;
use words::{List, is};

mod after;
mod chain;
mod credit;
mod marks;
mod noun;
mod np;
mod score;
mod sense;
mod subject;
mod verb;
mod words;

/// Longest source noun phrase, in words.
const MAX_NP_WORDS: usize = 12;

/// The kind and direction of a cue text, and whether its records go through the scorer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Group {
    kind: AttributionKind,
    direction: CueDirection,
    scored: bool,
}

#[derive(Debug)]
pub(crate) struct Engine {
    cues: Option<Matcher>,
    groups: Vec<Vec<Group>>,
    sources: Option<Matcher>,
    canonical: Vec<Arc<str>>,
    /// Per source entry: a metonym, whose canonical is given only for the whole source.
    metonym: Vec<bool>,
    /// The single-word verb cues among `cues`.
    verbs: VerbCues,
    /// The scorer of the records of scored groups.
    model: &'static Model,
}

/// The built-in scored cues (`data/scored_cues.tsv`): kept only when the scorer accepts them.
const SCORED_CUES_TSV: &str = include_str!("../data/scored_cues.tsv");

/// The built-in scored cue entries.
pub(crate) fn scored_cues() -> &'static [CueEntry] {
    static CUES: OnceLock<Vec<CueEntry>> = OnceLock::new();
    CUES.get_or_init(|| {
        CueEntry::parse_tsv(SCORED_CUES_TSV, "<builtin scored_cues.tsv>").unwrap_or_default()
    })
}

/// Whether records of a built-in cue of this kind and direction are scored: the verb cues.
fn scored_kind(kind: AttributionKind, direction: CueDirection) -> bool {
    matches!(kind, AttributionKind::Said | AttributionKind::Reported)
        && matches!(direction, CueDirection::Before | CueDirection::Either)
}

struct State {
    out: Vec<Attribution>,
    /// Whether the records pushed now are scored.
    scored: bool,
    /// With the scorer off: the scored records and their features (training).
    collected: Option<Vec<(Attribution, Vec<String>)>>,
    /// Sentence start and source of the last subject found before a verb.
    last_subject: Option<(usize, usize, usize)>,
    sentence: (usize, usize),
    /// The datelines found, as (start, start of the story after them).
    datelines: Vec<(usize, usize)>,
    /// The last sentence found.
    sentences: Sentences,
    /// The sentence last asked whether it has a quotation mark, and the answer.
    quote: Option<((usize, usize), bool)>,
}

/// The sentences of a text, found in increasing order: each scan back stops at the end of the
/// last sentence found, so that finding all of them reads the text about twice.
#[derive(Debug, Default)]
struct Sentences {
    last: Option<(usize, usize)>,
}

impl Sentences {
    /// The sentence around `[pos, end)` (stretched to hold it).
    fn at(&mut self, text: &str, pos: usize, end: usize) -> (usize, usize) {
        if let Some((s, e)) = self.last {
            if s <= pos && end <= e {
                return (s, e);
            }
        }
        let floor = match self.last {
            Some((_, e)) if pos >= e => e,
            _ => 0,
        };
        let (s, e) = sentence_bounds_from(text, pos, floor);
        let found = (s.min(pos), e.max(end));
        self.last = Some(found);
        found
    }
}

impl State {
    fn new() -> State {
        State {
            out: Vec::new(),
            scored: false,
            collected: None,
            last_subject: None,
            sentence: (usize::MAX, 0),
            datelines: Vec::new(),
            sentences: Sentences::default(),
            quote: None,
        }
    }

    /// Where the subject of a sentence starting at `sent_start` can start, for a cue at `cs`:
    /// after a dateline at its start ("New Delhi, Aug 2 (PTI) Bomb squads ... and said").
    fn subject_start(&self, sent_start: usize, cs: usize) -> usize {
        self.datelines
            .iter()
            .filter(|&&(start, body)| sent_start <= start && body <= cs)
            .map(|&(_, body)| body)
            .fold(sent_start, usize::max)
    }
}

impl Engine {
    /// An engine over `sources` and `cues`, whose first `user_cues` entries are the user's; with
    /// `builtin`, the built-in scored cues come last. The records of built-in verb cues (and of
    /// the scored cues) are kept only when the scorer accepts them; the user's are not scored,
    /// nor any cue text a user entry has.
    pub(crate) fn new(
        sources: &[SourceEntry],
        cues: &[CueEntry],
        user_cues: usize,
        builtin: bool,
    ) -> Result<Engine, BuildError> {
        let mut keys: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<Group>> = Vec::new();
        let mut user_keys: Vec<bool> = Vec::new();
        let scored = if builtin { scored_cues() } else { &[] };
        for (i, c) in cues.iter().chain(scored).enumerate() {
            let key = fold_entry(&c.text, CUE_FOLD, Entry::Cue, i)?;
            let user = i < user_cues;
            let g = Group {
                kind: c.kind,
                direction: c.direction,
                scored: i >= cues.len() && scored_kind(c.kind, c.direction),
            };
            let same = |h: &Group| h.kind == g.kind && h.direction == g.direction;
            match keys.get(&key) {
                Some(&k) => {
                    if !groups[k].iter().any(same) {
                        groups[k].push(Group { scored: g.scored && !user_keys[k], ..g });
                    }
                }
                None => {
                    keys.insert(key, texts.len());
                    texts.push(c.text.clone());
                    groups.push(vec![g]);
                    user_keys.push(user);
                }
            }
        }
        let cue_m = if texts.is_empty() { None } else { Some(cue_matcher(&texts)?) };
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let src_m = if names.is_empty() { None } else { Some(source_matcher(&names)?) };
        let canonical = sources.iter().map(|s| Arc::<str>::from(s.canonical_name())).collect();
        let metonym = sources.iter().map(|s| s.label == "METONYM").collect();
        let verbs = VerbCues::new(cues);
        let model = Model::builtin();
        Ok(Engine { cues: cue_m, groups, sources: src_m, canonical, metonym, verbs, model })
    }

    pub(crate) fn extract(&self, text: &str) -> Vec<Attribution> {
        self.extract_counting(text).0
    }

    /// The attributions of `text` and the tokens the rules read from it ([`Doc::steps`]).
    pub(crate) fn extract_counting(&self, text: &str) -> (Vec<Attribution>, u64) {
        self.run(text, State::new())
    }

    /// With the scorer off, the records of scored cues and their features (training data).
    pub(crate) fn candidates(&self, text: &str) -> Vec<(Attribution, Vec<String>)> {
        let mut st = State::new();
        st.collected = Some(Vec::new());
        let mut got = Vec::new();
        self.run_with(text, st, &mut got);
        got
    }

    fn run(&self, text: &str, st: State) -> (Vec<Attribution>, u64) {
        let mut unused = Vec::new();
        self.run_with(text, st, &mut unused)
    }

    fn run_with(
        &self,
        text: &str,
        mut st: State,
        collected: &mut Vec<(Attribution, Vec<String>)>,
    ) -> (Vec<Attribution>, u64) {
        let doc = Doc::new(text);
        // Datelines first: a sentence subject starts after one.
        self.datelines(&doc, &mut st);
        st.sentence = (usize::MAX, 0);
        let mut quotes = Quotes::default();
        if let Some(m) = &self.cues {
            for mt in m.find_iter(text) {
                let (cs, ce) = trim_cue(text, mt.start, mt.end);
                if cs >= ce || in_compound(text, cs, ce) {
                    continue;
                }
                if st.out.iter().rev().take(8).any(|r| {
                    (cs >= r.source_start && cs < r.source_end)
                        || (cs < r.cue_end && r.cue_start < ce)
                }) {
                    continue;
                }
                st.sentence = st.sentences.at(text, cs, ce);
                let Some(groups) = self.groups.get(mt.pattern) else { continue };
                let quoted = quotes.inside(text, cs);
                for g in groups {
                    // Inside a quotation only its own prepositional sources count ("“As per
                    // the data, ...,” the minister said": the data is cited by the minister);
                    // reporting verbs there are the speaker's story, not the article's.
                    let nested = g.kind == AttributionKind::AccordingTo
                        && g.direction == CueDirection::After;
                    if quoted && !nested && g.kind != AttributionKind::CreditLine {
                        continue;
                    }
                    st.scored = g.scored;
                    if self.apply(&doc, cs, ce, *g, &mut st) {
                        break;
                    }
                }
            }
        }
        self.marks(&doc, &mut st);
        collected.extend(st.collected.take().unwrap_or_default());
        let mut out = st.out;
        out.sort_by_key(|a| (a.cue_start, a.source_start, a.cue_end, a.source_end));
        out.dedup_by(|a, b| {
            a.cue_start == b.cue_start
                && a.source_start == b.source_start
                && a.cue_end == b.cue_end
                && a.source_end == b.source_end
        });
        chain::link(text, &mut out);
        (out, doc.steps())
    }

    fn push(
        &self,
        text: &Doc<'_>,
        st: &mut State,
        kind: AttributionKind,
        cue: (usize, usize),
        src: (usize, usize),
    ) {
        let (s, e) = trim_span(text, src.0, src.1);
        if s >= e {
            return;
        }
        // Cue and source never overlap.
        if s < cue.1 && cue.0 < e {
            return;
        }
        if st.scored {
            // Whether the sentence has a quotation mark, found once a sentence (a scan per record
            // would read a long sentence once per cue in it).
            let quote = match st.quote {
                Some((sentence, q)) if sentence == st.sentence => q,
                _ => {
                    let (a, b) = st.sentence;
                    let q = text.has_quote(a.min(cue.0), b.max(cue.1).min(text.len()));
                    st.quote = Some((st.sentence, q));
                    q
                }
            };
            if let Some(c) = &mut st.collected {
                let mut f = score::Strings::default();
                score::features(text, cue, (s, e), st.sentence, quote, &mut f);
                let r = Attribution {
                    kind,
                    cue_start: cue.0,
                    cue_end: cue.1,
                    source_start: s,
                    source_end: e,
                    canonical: None,
                    sentence_start: st.sentence.0.min(cue.0).min(s),
                    sentence_end: st.sentence.1.max(cue.1).max(e),
                    via: None,
                };
                c.push((r, f.0));
            } else {
                let mut score = score::Score::new(self.model);
                score::features(text, cue, (s, e), st.sentence, quote, &mut score);
                if score.total <= 0.0 {
                    return;
                }
            }
        }
        let canonical = self.canonical(text, s, e);
        st.out.push(Attribution {
            kind,
            cue_start: cue.0,
            cue_end: cue.1,
            source_start: s,
            source_end: e,
            canonical,
            sentence_start: st.sentence.0.min(cue.0).min(s),
            sentence_end: st.sentence.1.max(cue.1).max(e),
            via: None,
        });
    }

    /// Whether `[s, e)` is exactly a gazetteer name.
    fn names_whole(&self, text: &str, s: usize, e: usize) -> bool {
        let Some(m) = &self.sources else { return false };
        let span = &text[s..e];
        m.find_iter(span).any(|x| x.start == 0 && x.end == span.len())
    }

    /// Whether a gazetteer name starts at byte `p` (and ends on a word boundary).
    fn starts_name(&self, text: &str, p: usize) -> bool {
        let Some(m) = &self.sources else { return false };
        let end = crate::attribution::text::floor_boundary(text, p.saturating_add(80));
        m.find_iter(&text[p.min(end)..end]).next().is_some_and(|x| x.start == 0)
    }

    /// The canonical name of the gazetteer entry the source names: a match at the end of the
    /// span, or followed only by words like "news agency"; a metonym ("Washington") only when
    /// nothing but a determiner comes before it.
    fn canonical(&self, text: &str, s: usize, e: usize) -> Option<Arc<str>> {
        let m = self.sources.as_ref()?;
        let span = &text[s..e];
        let mut best = None;
        for x in m.find_iter(span) {
            let rest = &span[x.end..];
            let ok = crate::attribution::text::words(rest).all(|w| is(w, List::AgencyTail));
            let alone = || {
                crate::attribution::text::words(&span[..x.start]).all(|w| is(w, List::Determiner))
            };
            if ok && (!self.metonym.get(x.pattern).copied().unwrap_or(false) || alone()) {
                best = Some(x.pattern);
            }
        }
        best.and_then(|p| self.canonical.get(p).cloned())
    }

    fn apply(&self, text: &Doc<'_>, cs: usize, ce: usize, g: Group, st: &mut State) -> bool {
        let before = st.out.len();
        match g.direction {
            CueDirection::After => self.after(text, cs, ce, g.kind, st),
            CueDirection::Before => {
                if g.kind == AttributionKind::CreditLine {
                    self.credit_before(text, cs, ce, st)
                } else {
                    self.verb(text, cs, ce, g.kind, false, st)
                }
            }
            CueDirection::Either => self.verb(text, cs, ce, g.kind, true, st),
            CueDirection::Possessive => self.possessive(text, cs, ce, g.kind, st),
            CueDirection::Object => self.object(text, cs, ce, g.kind, st),
            CueDirection::Bracket => self.bracket(text, cs, ce, g.kind, st),
        }
        st.out.len() > before
    }
}

/// A cue span without leading or trailing non-word characters (the `(` of `(With`).
fn trim_cue(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        match text[s..e].chars().next() {
            Some(c) if !crate::unicode::is_word_char(c) => s += c.len_utf8(),
            _ => break,
        }
    }
    while e > s {
        match text[s..e].chars().next_back() {
            Some(c) if !crate::unicode::is_word_char(c) => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

/// Whether the cue at `[cs, ce)` is part of a compound word: joined to a word character by `-`,
/// `/` or `&` on either side ("so-called", "self-reported", "said-said-..."). Such a cue is no
/// cue, and skipping it keeps a long run of joined cue words from being read once per cue.
fn in_compound(text: &str, cs: usize, ce: usize) -> bool {
    let joined = |c: Option<char>, d: Option<char>| {
        matches!(c, Some('-' | '/' | '&')) && d.is_some_and(crate::unicode::is_word_char)
    };
    let mut before = text[..cs].chars().rev();
    let mut after = text[ce..].chars();
    joined(before.next(), before.next()) || joined(after.next(), after.next())
}

/// Helpers of the unit tables: an engine with the built-in lexicon and gazetteer, and a run of
/// one rule on the cues of a text.
#[cfg(test)]
mod testing {
    use std::sync::OnceLock;

    use super::{Doc, Engine, State};
    use crate::attribution::lexicon::{builtin_cues, builtin_sources};
    use crate::attribution::text::sentence_bounds;

    pub(super) fn engine() -> &'static Engine {
        static E: OnceLock<Engine> = OnceLock::new();
        E.get_or_init(|| Engine::new(builtin_sources(), builtin_cues(), 0, true).unwrap())
    }

    /// The span of the first `needle` at or after `from`.
    pub(super) fn find(text: &str, needle: &str, from: usize) -> (usize, usize) {
        let i = text[from..].find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
        (from + i, from + i + needle.len())
    }

    /// Applies `rule` to each of `cues`, found in this order in `text`, in its sentence (as
    /// [`Engine::extract`] does) with one state: the (cue, source) strings it pushed. The scorer
    /// is off (the rules are tested, not the model).
    pub(super) fn run(
        text: &str,
        cues: &[&str],
        rule: impl Fn(&Engine, &Doc<'_>, usize, usize, &mut State),
    ) -> Vec<(String, String)> {
        let doc = Doc::new(text);
        let mut st = State::new();
        st.collected = Some(Vec::new());
        let mut from = 0;
        for cue in cues {
            let (cs, ce) = find(text, cue, from);
            from = ce;
            st.sentence = sentence_bounds(text, cs);
            st.sentence.1 = st.sentence.1.max(ce);
            rule(engine(), &doc, cs, ce, &mut st);
        }
        let s = |a: usize, b: usize| text[a..b].to_owned();
        st.out
            .iter()
            .map(|r| (s(r.cue_start, r.cue_end), s(r.source_start, r.source_end)))
            .collect()
    }

    /// The (cue, source) records of a table row.
    pub(super) type Records = &'static [(&'static str, &'static str)];

    /// `(cue, source)` rows as owned strings.
    pub(super) fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
        want.iter().map(|&(c, s)| (c.to_owned(), s.to_owned())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{Records, engine, pairs, run};
    use super::*;

    #[test]
    fn trim_cue_table() {
        // (text, trimmed cue)
        let rows = [
            ("(With", "With"),
            ("said,", "said"),
            ("“according to”", "according to"),
            ("as\u{a0}per", "as\u{a0}per"), // inner white space stays
            ("(", ""),
            ("Zürich", "Zürich"),
        ];
        for (text, want) in rows {
            let (s, e) = trim_cue(text, 0, text.len());
            assert_eq!(&text[s..e.max(s)], want, "{text:?}");
        }
    }

    #[test]
    fn in_compound_table() {
        // (text, cue, part of a compound word)
        let rows = [
            ("the so-called experts", "called", true),
            ("a self-reported gain", "reported", true),
            ("said-said-said", "said", true),
            ("said/told", "said", true),
            ("per-share profit", "per", true),
            ("he said - and left", "said", false),
            ("he said-", "said", false), // a dash before a space: no word joined
            ("too.-With inputs from agencies", "With", false), // lost line break
            ("the officer said.Because", "said", false), // a lost sentence break
            ("Reuters\u{2019} said", "said", false),
        ];
        for (text, cue, want) in rows {
            let cs = text.find(cue).unwrap();
            assert_eq!(in_compound(text, cs, cs + cue.len()), want, "{text:?}");
        }
    }

    #[test]
    fn canonical_table() {
        // (source span, canonical name): a gazetteer name that ends the span or is followed only
        // by agency words.
        let rows = [
            ("Reuters", Some("Reuters")),
            ("the TASS news\nagency", Some("TASS")),
            ("South Korean news agency Yonhap", Some("Yonhap")),
            ("the Interfax NEWS AGENCY", Some("Interfax")), // tail words in any ASCII case
            ("a Reuters reporter", None),
            ("analysts", None),
            ("Interfax and Reuters", Some("Reuters")), // the last match that qualifies
            // Governments and institutions; a metonym only as the whole source.
            ("the Kremlin", Some("Presidency (Russia)")),
            ("Washington", Some("Government (United States)")),
            ("George Washington", None),
            ("a Kremlin spokesman", None),
            ("the Delhi High Court", Some("Delhi High Court")),
            ("the Fed", Some("Federal Reserve")),
            ("the US State Department", Some("Department of State (United States)")),
        ];
        for (text, want) in rows {
            assert_eq!(engine().canonical(text, 0, text.len()).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn apply_dispatches_on_the_direction() {
        use AttributionKind::*;
        use CueDirection::*;
        // (text, cue, kind, direction, records pushed)
        let rows: &[(&str, &str, AttributionKind, CueDirection, Records)] = &[
            ("Prices rose, per Bloomberg.", "per", AccordingTo, After, &[("per", "Bloomberg")]),
            ("Analysts said so.", "said", Said, Before, &[("said", "Analysts")]),
            ("“No,” said Ana Souza.", "said", Said, Either, &[("said", "Ana Souza")]),
            ("“No,” said Ana Souza.", "said", Said, Before, &[]), // no inversion
            (
                "Lee contributed reporting",
                "contributed reporting",
                CreditLine,
                Before,
                &[("contributed reporting", "Lee")],
            ),
            ("Lee’s warning that", "warning", NounCue, Possessive, &[("warning", "Lee")]),
            ("X quoted Lee as saying", "as saying", Said, Object, &[("as saying", "Lee")]),
            ("(With PTI inputs)", "With", CreditLine, Bracket, &[("With", "PTI")]),
        ];
        for &(text, cue, kind, direction, want) in rows {
            let got = run(text, &[cue], |e, d, cs, ce, st| {
                e.apply(d, cs, ce, Group { kind, direction, scored: false }, st);
            });
            assert_eq!(got, pairs(want), "{text:?} {direction:?}");
        }
    }
}
