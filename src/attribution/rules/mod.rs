//! The extraction rules around cue matches.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::lexicon::{AttributionKind, CueDirection, CueEntry, SourceEntry};
use super::text::{
    Tok, ceil_boundary, floor_boundary, inside_quote, is_capitalized, next_tok, possessive_stem,
    prev_tok, sentence_bounds, trim_span, words,
};
use super::{Attribution, CUE_FOLD, cue_matcher, source_matcher};
use crate::error::{BuildError, Entry};
use crate::matcher::{Matcher, fold_entry};
use crate::unicode::{is_alphabetic, is_numeric, is_uppercase, is_white_space};
use words::{List, Mask, is, lists};

mod words;

/// Longest source noun phrase, in words.
const MAX_NP_WORDS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Group {
    kind: AttributionKind,
    direction: CueDirection,
}

#[derive(Debug)]
pub(crate) struct Engine {
    cues: Option<Matcher>,
    groups: Vec<Vec<Group>>,
    sources: Option<Matcher>,
    canonical: Vec<Arc<str>>,
}

struct State {
    out: Vec<Attribution>,
    /// Sentence start and source of the last subject found before a verb.
    last_subject: Option<(usize, usize, usize)>,
    sentence: (usize, usize),
}

impl Engine {
    pub(crate) fn new(sources: &[SourceEntry], cues: &[CueEntry]) -> Result<Engine, BuildError> {
        let mut keys: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<Group>> = Vec::new();
        for (i, c) in cues.iter().enumerate() {
            let key = fold_entry(&c.text, CUE_FOLD, Entry::Cue, i)?;
            let g = Group { kind: c.kind, direction: c.direction };
            match keys.get(&key) {
                Some(&k) => {
                    if !groups[k].contains(&g) {
                        groups[k].push(g);
                    }
                }
                None => {
                    keys.insert(key, texts.len());
                    texts.push(c.text.clone());
                    groups.push(vec![g]);
                }
            }
        }
        let cue_m = if texts.is_empty() { None } else { Some(cue_matcher(&texts)?) };
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let src_m = if names.is_empty() { None } else { Some(source_matcher(&names)?) };
        let canonical = sources.iter().map(|s| Arc::<str>::from(s.canonical_name())).collect();
        Ok(Engine { cues: cue_m, groups, sources: src_m, canonical })
    }

    pub(crate) fn extract(&self, text: &str) -> Vec<Attribution> {
        let mut st = State { out: Vec::new(), last_subject: None, sentence: (usize::MAX, 0) };
        if let Some(m) = &self.cues {
            for mt in m.find_iter(text) {
                let (cs, ce) = trim_cue(text, mt.start, mt.end);
                if cs >= ce {
                    continue;
                }
                if st.out.iter().rev().take(8).any(|r| {
                    (cs >= r.source_start && cs < r.source_end)
                        || (cs < r.cue_end && r.cue_start < ce)
                }) {
                    continue;
                }
                if !(st.sentence.0 <= cs && ce <= st.sentence.1) {
                    st.sentence = sentence_bounds(text, cs);
                    if st.sentence.1 < ce {
                        st.sentence.1 = ce;
                    }
                }
                let Some(groups) = self.groups.get(mt.pattern) else { continue };
                let quoted = inside_quote(text, cs);
                for g in groups {
                    if quoted && g.kind != AttributionKind::CreditLine {
                        continue;
                    }
                    if self.apply(text, cs, ce, *g, &mut st) {
                        break;
                    }
                }
            }
        }
        self.datelines(text, &mut st);
        let mut out = st.out;
        out.sort_by_key(|a| (a.cue_start, a.source_start, a.cue_end, a.source_end));
        out.dedup_by(|a, b| {
            a.cue_start == b.cue_start
                && a.source_start == b.source_start
                && a.cue_end == b.cue_end
                && a.source_end == b.source_end
        });
        out
    }

    fn push(
        &self,
        text: &str,
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
        });
    }

    /// The canonical name of the gazetteer entry the source names: a match at the end of the
    /// span, or followed only by words like "news agency".
    fn canonical(&self, text: &str, s: usize, e: usize) -> Option<Arc<str>> {
        let m = self.sources.as_ref()?;
        let span = &text[s..e];
        let mut best = None;
        for x in m.find_iter(span) {
            let rest = &span[x.end..];
            let ok = rest
                .split(is_white_space)
                .filter(|w| !w.is_empty())
                .all(|w| is(w, List::AgencyTail));
            if ok {
                best = Some(x.pattern);
            }
        }
        best.and_then(|p| self.canonical.get(p).cloned())
    }

    fn apply(&self, text: &str, cs: usize, ce: usize, g: Group, st: &mut State) -> bool {
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

    // ----- source after the cue -----

    fn after(&self, text: &str, cs: usize, ce: usize, kind: AttributionKind, st: &mut State) {
        let cue = &text[cs..ce];
        let (sent_start, sent_end) = st.sentence;
        if kind == AttributionKind::CreditLine {
            // Credit boxes start a line, follow "(" or ";".
            match prev_tok(text, cs, 0) {
                None => {}
                Some(Tok::Punct(_, _, '(' | ';' | '[')) => {}
                Some(t) if text[t.end()..cs].contains('\n') => {}
                _ => return,
            }
            let names_only = !cue.to_ascii_lowercase().contains("inputs");
            for (s, e) in credit_names(text, ce, names_only) {
                self.push(text, st, kind, (cs, ce), (s, e));
            }
            return;
        }
        let lc = cue.to_lowercase();
        let chain = matches!(lc.as_str(), "citing" | "quoting");
        if chain
            && prev_tok(text, cs, sent_start)
                .is_none_or(|t| matches!(t, Tok::Punct(_, _, '"' | '“' | '‘' | '(')))
        {
            // Sentence-initial "Citing weak demand, ...": a reason, not a source.
            return;
        }
        let strict = chain || lc == "per" || lc == "as per" || kind == AttributionKind::NounCue;
        let pieces = np_after(text, ce, sent_end, chain);
        let mut any = false;
        for &(s, e) in &pieces {
            if !source_like(text, s, e, strict) {
                return;
            }
            any = true;
        }
        if !any {
            return;
        }
        if kind == AttributionKind::NounCue {
            let last = pieces.last().map_or(ce, |p| p.1);
            match next_tok(text, last, sent_end) {
                Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("that") => {}
                _ => return,
            }
        }
        for (s, e) in pieces {
            self.push(text, st, kind, (cs, ce), (s, e));
        }
    }

    // ----- verbs -----

    fn verb(
        &self,
        text: &str,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        invert: bool,
        st: &mut State,
    ) {
        let (sent_start, sent_end) = st.sentence;
        let cue = &text[cs..ce];
        let say_like = is(cue, List::Say);
        match next_tok(text, ce, sent_end) {
            // "said to be", "reported to have": agentless hearsay.
            Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("to") => {
                if let Some(Tok::Word(a, b)) = next_tok(text, e, sent_end) {
                    if is(&text[a..b], List::Hearsay) {
                        return;
                    }
                }
            }
            // "reports of casualties", "was reported by", "declared as goods".
            Some(Tok::Word(s, e))
                if is(&text[s..e], List::NounOrPassive)
                    || (!say_like && text[s..e].eq_ignore_ascii_case("as")) =>
            {
                return;
            }
            _ => {}
        }
        if cue.ends_with("ing") || cue.ends_with("ING") {
            // Participles: ", saying ...": the subject of the clause.
            if let Some(Tok::Punct(_, _, ',')) = prev_tok(text, cs, sent_start) {
                let subj = match st.last_subject {
                    Some((ss, s, e)) if ss == sent_start && e <= cs => Some((s, e)),
                    _ => sentence_subject(text, sent_start, cs),
                };
                if let Some((s, e)) = subj {
                    self.push(text, st, kind, (cs, ce), (s, e));
                }
            }
            return;
        }
        let prev = prev_tok(text, cs, sent_start);
        if invert {
            let after_quote =
                matches!(prev, Some(Tok::Punct(_, _, '"' | '”' | '’' | '\'' | '—' | '–')));
            let after_comma = matches!(prev, Some(Tok::Punct(_, _, ',')));
            if after_comma {
                if let Some((s, e)) = appositive(text, prev.map_or(cs, Tok::start), sent_start) {
                    st.last_subject = Some((sent_start, s, e));
                    self.push(text, st, kind, (cs, ce), (s, e));
                    return;
                }
            }
            if after_quote || after_comma || prev.is_none() {
                if let Some((s, e)) = inverted_subject(text, ce, sent_end) {
                    self.push(text, st, kind, (cs, ce), (s, e));
                    return;
                }
            }
        }
        match subject_before(text, cs, sent_start) {
            Subject::Span(s, e) => {
                if text[s..e].eq_ignore_ascii_case("all") {
                    return; // "All told"
                }
                st.last_subject = Some((sent_start, s, e));
                self.push(text, st, kind, (cs, ce), (s, e));
            }
            Subject::Shared => {
                let subj = match st.last_subject {
                    Some((ss, s, e)) if ss == sent_start && e <= cs => Some((s, e)),
                    _ => sentence_subject(text, sent_start, cs),
                };
                if let Some((s, e)) = subj {
                    self.push(text, st, kind, (cs, ce), (s, e));
                }
            }
            Subject::None => {}
        }
    }

    // ----- credit lines -----

    fn credit_before(&self, text: &str, cs: usize, ce: usize, st: &mut State) {
        let line_start = text[..cs].rfind('\n').map_or(0, |i| i + 1);
        if let Some((s, e)) = collect_np_back(text, cs, line_start) {
            if words(&text[s..e]).next().is_some_and(is_capitalized) {
                self.push(text, st, AttributionKind::CreditLine, (cs, ce), (s, e));
            }
        }
    }

    /// "(With PTI and Reuters inputs)": the cue is "With", the sources sit before "inputs)".
    fn bracket(&self, text: &str, cs: usize, ce: usize, kind: AttributionKind, st: &mut State) {
        let line_end = text[ce..].find('\n').map_or(text.len(), |i| ce + i);
        let limit = floor_boundary(text, line_end.min(ce + 120));
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut cur: Option<(usize, usize)> = None;
        let mut pos = ce;
        let mut saw_inputs = false;
        while let Some(t) = next_tok(text, pos, limit) {
            pos = t.end();
            match t {
                Tok::Word(s, e) => {
                    let w = &text[s..e];
                    if saw_inputs {
                        return;
                    }
                    if w.eq_ignore_ascii_case("inputs") || w.eq_ignore_ascii_case("input") {
                        saw_inputs = true;
                        pieces.extend(cur.take());
                    } else if w.eq_ignore_ascii_case("and") || w == "&" {
                        pieces.extend(cur.take());
                    } else {
                        cur = Some((cur.map_or(s, |c| c.0), e));
                    }
                }
                Tok::Punct(_, _, ',') => pieces.extend(cur.take()),
                Tok::Punct(_, _, ')') => break,
                Tok::Punct(..) => return,
            }
        }
        if !saw_inputs || pieces.is_empty() {
            return;
        }
        for (s, e) in pieces {
            if words(&text[s..e]).count() <= 4 {
                self.push(text, st, kind, (cs, ce), (s, e));
            }
        }
    }

    /// Datelines at the start of a line: "MOSCOW (Reuters) -", "New Delhi, Oct 14 (PTI)".
    fn datelines(&self, text: &str, st: &mut State) {
        let Some(m) = &self.sources else { return };
        let bytes = text.as_bytes();
        let mut line_start = 0;
        loop {
            let line_end = memchr_nl(bytes, line_start);
            let probe_end = line_end.min(line_start + 64);
            if let Some(p) = bytes[line_start..probe_end].iter().position(|&b| b == b'(') {
                let open = line_start + p;
                if let Some(q) =
                    bytes[open..line_end.min(open + 48)].iter().position(|&b| b == b')')
                {
                    let close = open + q;
                    self.dateline(text, m, line_start, open, close, line_end, st);
                }
            }
            if line_end >= text.len() {
                break;
            }
            line_start = line_end + 1;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn dateline(
        &self,
        text: &str,
        m: &Matcher,
        line_start: usize,
        open: usize,
        close: usize,
        line_end: usize,
        st: &mut State,
    ) {
        let (cs, ce) = trim_span(text, line_start, open);
        if cs >= ce || ce - cs > 48 {
            return;
        }
        // The place/date words: capitalised words and numbers, commas allowed.
        let mut pos = cs;
        let mut words = 0;
        while let Some(t) = next_tok(text, pos, ce) {
            pos = t.end();
            match t {
                Tok::Word(s, e) => {
                    let w = &text[s..e];
                    let c = w.chars().next().unwrap_or(' ');
                    if !(is_uppercase(c) || is_numeric(c)) {
                        return;
                    }
                    words += 1;
                }
                Tok::Punct(_, _, ',') => {}
                Tok::Punct(..) => return,
            }
        }
        if words == 0 || words > 6 {
            return;
        }
        let (ss, se) = trim_span(text, open + 1, close);
        if ss >= se {
            return;
        }
        let inner = &text[ss..se];
        if !m.find_iter(inner).any(|x| x.start == 0 && x.end == inner.len()) {
            return;
        }
        // After ")": a dash, a colon, or the first word of the story.
        match next_tok(text, close + 1, line_end) {
            Some(Tok::Punct(_, _, '-' | '—' | '–' | ':')) => {}
            Some(Tok::Word(s, e)) if is_capitalized(&text[s..e]) => {}
            _ => return,
        }
        st.sentence = sentence_bounds(text, cs);
        self.push(text, st, AttributionKind::CreditLine, (cs, ce), (ss, se));
    }

    // ----- nouns -----

    fn possessive(&self, text: &str, cs: usize, ce: usize, kind: AttributionKind, st: &mut State) {
        let (sent_start, sent_end) = st.sentence;
        let words_cue = text[cs..ce].eq_ignore_ascii_case("words");
        let mut pos = cs;
        let mut skipped = 0;
        let (ws, we, stem) = loop {
            match prev_tok(text, pos, sent_start) {
                Some(Tok::Word(s, e)) => {
                    let w = &text[s..e];
                    if let Some(n) = possessive_stem(w) {
                        break (s, e, s + n);
                    }
                    let m = lists(w);
                    if m.has(List::PossessivePronoun) && words_cue {
                        break (s, e, e);
                    }
                    if !words_cue
                        && skipped < 2
                        && !is_capitalized(w)
                        && !m.has(List::Stop)
                        && !m.has(List::Determiner)
                    {
                        skipped += 1;
                        pos = s;
                        continue;
                    }
                    return;
                }
                _ => return,
            }
        };
        let start = if stem < we {
            collect_np_back(text, ws, sent_start).map_or(ws, |(s, _)| s)
        } else {
            ws
        };
        if words_cue {
            // "in X's words": the cue is the "in" before the source.
            match prev_tok(text, start, sent_start) {
                Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("in") => {
                    self.push(text, st, kind, (s, e), (start, stem));
                }
                _ => {}
            }
            return;
        }
        match next_tok(text, ce, sent_end) {
            Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("that") => {}
            _ => return,
        }
        if !source_like(text, start, stem, false) {
            return;
        }
        self.push(text, st, kind, (cs, ce), (start, stem));
    }

    /// "X quoted Y as saying": Y, between "quoted" and the cue.
    fn object(&self, text: &str, cs: usize, ce: usize, kind: AttributionKind, st: &mut State) {
        let (sent_start, _) = st.sentence;
        let from = ceil_boundary(text, cs.saturating_sub(300).max(sent_start));
        let window = &text[from..cs];
        let Some(q) = window.rfind("quoted") else { return };
        let qs = from + q + "quoted".len();
        let (s, e) = trim_span(text, qs, cs);
        if s >= e || words(&text[s..e]).count() > MAX_NP_WORDS {
            return;
        }
        self.push(text, st, kind, (cs, ce), (s, e));
    }
}

fn memchr_nl(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| from + i)
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

/// Whether a lower-case word is a single-word verb cue of the built-in lexicon ("denied").
fn is_verb_cue(w: &str) -> bool {
    static VERBS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    if !w.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) {
        return false;
    }
    VERBS
        .get_or_init(|| {
            super::lexicon::builtin_cues()
                .iter()
                .filter(|c| {
                    matches!(c.kind, AttributionKind::Said | AttributionKind::Reported)
                        && matches!(c.direction, CueDirection::Before | CueDirection::Either)
                        && !c.text.contains(' ')
                })
                .map(|c| c.text.as_str())
                .collect()
        })
        .contains(w)
}

enum Subject {
    Span(usize, usize),
    /// "X confirmed ... and said": the subject of the previous verb.
    Shared,
    None,
}

/// The subject noun phrase of a verb cue at `cs`, scanning back within the sentence.
fn subject_before(text: &str, cs: usize, sent_start: usize) -> Subject {
    let mut pos = cs;
    let mut tok = prev_tok(text, pos, sent_start);
    // Skip adverbs, auxiliaries and time adjuncts ("on Wednesday"); a bounded number of them, so
    // that runs of such words cannot make extraction quadratic.
    let mut skips = 0;
    while let Some(Tok::Word(s, e)) = tok {
        skips += 1;
        if skips > 8 {
            return Subject::None;
        }
        let m = lists(&text[s..e]);
        if m.has(List::Adjunct) {
            pos = s;
            tok = prev_tok(text, pos, sent_start);
            continue;
        }
        if m.has(List::Time) {
            pos = s;
            tok = prev_tok(text, pos, sent_start);
            if let Some(Tok::Word(s2, e2)) = tok {
                if is(&text[s2..e2], List::TimeLead) {
                    pos = s2;
                    tok = prev_tok(text, pos, sent_start);
                }
            }
            continue;
        }
        break;
    }
    if let Some(Tok::Punct(p, _, ')')) = tok {
        // "Kasich (who has 25 delegates) said": skip the parenthesis.
        let from = ceil_boundary(text, p.saturating_sub(200).max(sent_start));
        if let Some(open) = text[from..p].rfind('(') {
            tok = prev_tok(text, from + open, sent_start);
        }
    }
    match tok {
        None => Subject::None,
        Some(Tok::Punct(p, _, ',')) => match appositive(text, p, sent_start) {
            Some((s, e)) => Subject::Span(s, e),
            None => Subject::None,
        },
        Some(Tok::Punct(..)) => Subject::None,
        Some(Tok::Word(s, e)) => {
            let w = &text[s..e];
            let m = lists(w);
            if m.has(List::Be) || w.eq_ignore_ascii_case("to") || m.has(List::Determiner) {
                return Subject::None;
            }
            if possessive_stem(w).is_some() || w.chars().next().is_some_and(is_numeric) {
                return Subject::None;
            }
            if m.has(List::Number) {
                return Subject::None;
            }
            if m.has(List::SubjectPronoun) {
                return Subject::Span(s, e);
            }
            if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("but") {
                return Subject::Shared;
            }
            match collect_np_back(text, e, sent_start) {
                Some((s, e)) => Subject::Span(s, e),
                None => Subject::None,
            }
        }
    }
}

/// "X, head of Y, a Z, said": the name before comma-delimited appositives ending at `comma`.
fn appositive(text: &str, comma: usize, sent_start: usize) -> Option<(usize, usize)> {
    let mut pos = comma;
    let mut n = 0;
    for _ in 0..3 {
        let mut words_here = 0;
        let comma2 = loop {
            match prev_tok(text, pos, sent_start)? {
                Tok::Word(s, _) => {
                    n += 1;
                    words_here += 1;
                    if n > 30 {
                        return None;
                    }
                    pos = s;
                }
                Tok::Punct(p, _, ',') => break p,
                Tok::Punct(p, _, '(' | ')' | '-') => pos = p,
                Tok::Punct(..) => return None,
            }
        };
        if words_here == 0 {
            return None;
        }
        if let Some((s, e)) = collect_np_back(text, comma2, sent_start) {
            let first = words(&text[s..e]).next()?;
            let before_ok = match prev_tok(text, s, sent_start) {
                None => true,
                Some(Tok::Punct(_, _, c)) => c != ',',
                Some(Tok::Word(a, b)) => is(&text[a..b], List::AppositiveLead),
            };
            if before_ok
                && (is_capitalized(first)
                    || is(&text[s..e], List::SubjectPronoun)
                    || source_like(text, s, e, true))
            {
                return Some((s, e));
            }
        }
        pos = comma2;
    }
    None
}

/// The subject at the start of a sentence, after a leading adjunct phrase ("In a statement, X
/// blasted Y and said"). Only capitalised phrases and pronouns count.
fn sentence_subject(text: &str, sent_start: usize, limit: usize) -> Option<(usize, usize)> {
    let mut pos = sent_start;
    for _ in 0..3 {
        let first = match next_tok(text, pos, limit)? {
            Tok::Word(s, e) => &text[s..e],
            Tok::Punct(_, e, '"' | '“' | '‘' | '(') => {
                pos = e;
                continue;
            }
            Tok::Punct(..) => return None,
        };
        if is(first, List::Leading) {
            // Skip the adjunct up to its comma.
            let mut p = pos;
            loop {
                match next_tok(text, p, limit)? {
                    Tok::Punct(_, e, ',') => {
                        pos = e;
                        break;
                    }
                    Tok::Punct(_, _, '.' | ';' | ':' | '"' | '“' | '”') => return None,
                    t => p = t.end(),
                }
            }
            continue;
        }
        let np = np_after(text, pos, limit, false).into_iter().next()?;
        if is_capitalized(first) || is(first, List::SubjectPronoun) {
            return Some(np);
        }
        return None;
    }
    None
}

/// The noun phrase ending at `end`, scanning back to a stop word, punctuation or `limit`.
fn collect_np_back(text: &str, end: usize, limit: usize) -> Option<(usize, usize)> {
    let mut pos = end;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut capped = false;
    while let Some(Tok::Word(s, e)) = prev_tok(text, pos, limit) {
        let w = &text[s..e];
        if is(w, List::Stop) || is_verb_cue(w) {
            break;
        }
        if words.len() >= MAX_NP_WORDS {
            capped = true;
            break;
        }
        words.push((s, e));
        pos = s;
    }
    words.reverse();
    if capped {
        // No clear left edge: keep the trailing run of capitalised words, or the last three.
        let run = words.iter().rev().take_while(|&&(s, e)| is_capitalized(&text[s..e])).count();
        let keep = if run > 0 { run } else { 3 };
        let cut = words.len() - keep.min(words.len());
        words.drain(..cut);
    }
    while words.first().is_some_and(|&(s, e)| is(&text[s..e], List::LeadDrop)) {
        words.remove(0);
    }
    let (s, _) = *words.first()?;
    let (_, e) = *words.last()?;
    let head = &text[words.last()?.0..e];
    if !head.chars().next().is_some_and(is_alphabetic) {
        return None;
    }
    Some((s, e))
}

/// The subject after an inverted verb ("...," said José Luis Ferreira, who ...).
fn inverted_subject(text: &str, ce: usize, sent_end: usize) -> Option<(usize, usize)> {
    let first = match next_tok(text, ce, sent_end)? {
        Tok::Word(s, e) => &text[s..e],
        Tok::Punct(..) => return None,
    };
    // Compared case-sensitively: "ON Semiconductor" may be an inverted subject.
    const NOT_FIRST: &[&str] =
        &["On", "In", "At", "For", "It", "He", "She", "They", "We", "I", "That", "This", "There"];
    let (s, e) = np_after(text, ce, sent_end, false).into_iter().next()?;
    let caps_soon = || {
        let mut pos = s;
        for _ in 0..4 {
            match next_tok(text, pos, e) {
                Some(Tok::Word(a, b)) if is_capitalized(&text[a..b]) => return true,
                Some(t) => pos = t.end(),
                None => return false,
            }
        }
        false
    };
    let m = lists(first);
    let ok = (is_capitalized(first) && !m.has(List::Time) && !NOT_FIRST.contains(&first))
        || m.has(List::InvertedDeterminer)
        || (!m.has(List::Preposition) && !m.has(List::Stop) && caps_soon());
    if !ok {
        return None;
    }
    if let Some(Tok::Word(a, b)) = next_tok(text, e, sent_end) {
        if is(&text[a..b], List::Verbish) {
            return None;
        }
    }
    Some((s, e))
}

/// The noun phrase(s) after a cue; with `split`, coordinated phrases ("internal emails and three
/// current employees") are returned separately.
fn np_after(text: &str, start: usize, limit: usize, split: bool) -> Vec<(usize, usize)> {
    let mut pieces: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    let mut pos = start;
    let mut count = 0;
    while let Some(t) = next_tok(text, pos, limit) {
        match t {
            Tok::Word(s, e) => {
                let w = &text[s..e];
                if w.eq_ignore_ascii_case("and") || w == "&" {
                    let next_cap = matches!(next_tok(text, e, limit), Some(Tok::Word(a, b)) if is_capitalized(&text[a..b]));
                    let cur_nonempty = pieces.last().is_some_and(|p| !p.is_empty());
                    if split && !next_cap && cur_nonempty {
                        pieces.push(Vec::new());
                        pos = e;
                        continue;
                    }
                    if next_cap && cur_nonempty {
                        if let Some(p) = pieces.last_mut() {
                            p.push((s, e));
                        }
                        pos = e;
                        continue;
                    }
                    break;
                }
                let m = lists(w);
                if m.has(List::Stop) || m.has(List::Time) {
                    break;
                }
                count += 1;
                if count > MAX_NP_WORDS {
                    break;
                }
                if let Some(p) = pieces.last_mut() {
                    p.push((s, e));
                }
                pos = e;
            }
            Tok::Punct(_, _, '(') => {
                // A parenthesised acronym right after the name: "(ASDMA)".
                match (next_tok(text, t.end(), limit), pieces.last().is_some_and(|p| !p.is_empty()))
                {
                    (Some(Tok::Word(s, e)), true)
                        if text[s..e].chars().all(|c| is_uppercase(c) || c == '-') =>
                    {
                        if let Some(Tok::Punct(_, pe, ')')) = next_tok(text, e, limit) {
                            if let Some(p) = pieces.last_mut() {
                                p.push((t.start(), pe));
                            }
                            pos = pe;
                            continue;
                        }
                        break;
                    }
                    _ => break,
                }
            }
            Tok::Punct(..) => break,
        }
    }
    let mut out = Vec::new();
    for mut p in pieces {
        while p.last().is_some_and(|&(s, e)| is(&text[s..e], List::EdgeDrop)) {
            p.pop();
        }
        while p.first().is_some_and(|&(s, e)| is(&text[s..e], List::Coordinator)) {
            p.remove(0);
        }
        if let (Some(&(s, _)), Some(&(_, e))) = (p.first(), p.last()) {
            out.push((s, e));
        }
    }
    out
}

/// Whether a noun phrase after a prepositional cue names a source: its head region (before the
/// first preposition) has a source noun, or no trap noun and a capitalised first word; with
/// `strict` off, anything without a trap noun.
fn source_like(text: &str, s: usize, e: usize, strict: bool) -> bool {
    let mut pos = s;
    let mut first_content: Option<&str> = None;
    while let Some(Tok::Word(ws, we)) = next_tok(text, pos, e) {
        pos = we;
        let w = &text[ws..we];
        let w = possessive_stem(w).map_or(w, |n| &w[..n]);
        let m = lists(w);
        if m.has(List::Source) {
            return true;
        }
        if m.has(List::Trap) {
            return false;
        }
        if first_content.is_none() && !m.has(List::Determiner) {
            first_content = Some(w);
        }
        if m.has(List::Preposition) {
            break;
        }
    }
    let m = first_content.map_or(Mask::default(), lists);
    match first_content {
        Some(w) if is_capitalized(w) || m.has(List::SubjectPronoun) => true,
        Some(_) if m.has(List::ObjectPronoun) => true,
        Some(_) => !strict,
        None => false,
    }
}

/// The names after a credit cue ("Reporting by A and B in Istanbul;"), up to `)`, `;` or the
/// end of the line. With `names_only`, a lower-case word ends the list.
fn credit_names(text: &str, start: usize, names_only: bool) -> Vec<(usize, usize)> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let limit = floor_boundary(text, line_end.min(start + 300));
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut pos = start;
    while let Some(t) = next_tok(text, pos, limit) {
        pos = t.end();
        match t {
            Tok::Word(s, e) => {
                let w = &text[s..e];
                if w.eq_ignore_ascii_case("and") || w == "&" {
                    out.extend(cur.take());
                    continue;
                }
                if names_only && !is_capitalized(w) && !is(w, List::NameParticle) {
                    break;
                }
                if cur.is_some_and(|(cs, _)| words(&text[cs..e]).count() > 6) {
                    break;
                }
                cur = Some((cur.map_or(s, |c| c.0), e));
            }
            Tok::Punct(_, _, ',') => out.extend(cur.take()),
            Tok::Punct(..) => break,
        }
    }
    out.extend(cur.take());
    out
}
