//! Noun cues: `X's report that`, `in X's words`, `quoted Y as saying`.

use super::np::{Coordination, collect_np_back, np_after, source_like};
use super::words::{List, is, lists};
use super::{Engine, MAX_NP_WORDS, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{
    Doc, Tok, ceil_boundary, is_capitalized, possessive_stem, trim_span, words,
};

impl Engine {
    /// `X's report that` (up to two lower-case words between the possessive and the cue) and
    /// `in X's words`.
    pub(super) fn possessive(
        &self,
        text: &Doc<'_>,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        st: &mut State,
    ) {
        let (sent_start, sent_end) = st.sentence;
        if is(&text[cs..ce], List::Poll) {
            self.in_poll(text, (cs, ce), kind, st);
            return;
        }
        let words_cue = text[cs..ce].eq_ignore_ascii_case("words");
        let mut pos = cs;
        let mut skipped = 0;
        let (ws, we, stem) = loop {
            match text.prev_tok(pos, sent_start) {
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
            collect_np_back(text, ws, sent_start, &self.verbs).map_or(ws, |(s, _)| s)
        } else {
            ws
        };
        if words_cue {
            // "in X's words": the cue is the "in" before the source.
            match text.prev_tok(start, sent_start) {
                Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("in") => {
                    self.push(text, st, kind, (s, e), (start, stem));
                }
                _ => {}
            }
            return;
        }
        match text.next_tok(ce, sent_end) {
            Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("that") => {}
            _ => return,
        }
        if !source_like(text, start, stem, false) {
            return;
        }
        self.push(text, st, kind, (cs, ce), (start, stem));
    }

    /// "In a CNN national poll, ...", "a lead in the polls": the poll word `[ps, pe)` a few words
    /// after an "in", which is the cue; the source is the phrase after "in". Scored.
    fn in_poll(
        &self,
        text: &Doc<'_>,
        (ps, pe): (usize, usize),
        kind: AttributionKind,
        st: &mut State,
    ) {
        let (sent_start, sent_end) = st.sentence;
        let mut pos = ps;
        for _ in 0..8 {
            match text.prev_tok(pos, sent_start) {
                Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("in") => {
                    let Some(&(a, b)) = np_after(text, e, sent_end, Coordination::Join).first()
                    else {
                        return;
                    };
                    if a <= ps && pe <= b {
                        st.scored = true;
                        self.push(text, st, kind, (s, e), (a, b));
                        st.scored = false;
                    }
                    return;
                }
                Some(Tok::Word(s, e)) if !is(&text[s..e], List::Stop) => pos = s,
                Some(Tok::Punct(p, _, '/' | '-' | '’' | '\'')) => pos = p,
                _ => return,
            }
        }
    }

    /// "X quoted Y as saying": Y, between "quoted" and the cue.
    pub(super) fn object(
        &self,
        text: &Doc<'_>,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        st: &mut State,
    ) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{Records, pairs, run};
    use AttributionKind::*;

    use super::*;

    #[test]
    fn possessive_table() {
        // (text, cue, records)
        let rows: &[(&str, &str, Records)] = &[
            (
                "The ministry denied Yonhap’s report that officials had met.",
                "report",
                &[("report", "Yonhap")],
            ),
            (
                "The cooperative's warning that prices could rise",
                "warning",
                &[("warning", "The cooperative")],
            ),
            (
                "The State Bank of Pakistan's surprise announcement that it would cut rates",
                "announcement",
                &[("announcement", "The State Bank of Pakistan")],
            ),
            ("the pilots' claim that", "claim", &[("claim", "the pilots")]), // a plural possessive
            // Two lower-case words skipped at most.
            ("Smith's new annual report that", "report", &[("report", "Smith")]),
            ("Smith's bold new annual report that", "report", &[]),
            ("Smith's Annual Report that", "Report", &[]), // nor a capitalised one
            ("Yonhap's report on Monday", "report", &[]),  // no "that"
            ("his report that", "report", &[]),            // a determiner, no possessive
            ("the plan's report that", "report", &[]),     // a trap noun
            ("report that", "report", &[]),
            // "in X's words": the cue is "in".
            ("In Rahman’s words, the deal was done.", "words", &[("In", "Rahman")]),
            ("in his words", "words", &[("in", "his")]),
            ("By Rahman’s words", "words", &[]),
            ("Rahman’s own words", "words", &[]), // no words skipped before "words"
            // A poll a few words after "in": the cue is "in", the source the phrase after it.
            (
                "In an NBC News poll released Monday, she led.",
                "poll",
                &[("In", "an NBC News poll released")],
            ),
            ("Trump has a lead in the polls.", "polls", &[("in", "the polls")]),
            ("Obesity rose in a Lancet study.", "study", &[("in", "a Lancet study")]),
            ("The poll was small.", "poll", &[]), // no "in"
            ("In short, the poll was small.", "poll", &[]), // punctuation between
        ];
        for &(text, cue, want) in rows {
            let got = run(text, &[cue], |e, d, cs, ce, st| e.possessive(d, cs, ce, NounCue, st));
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }

    #[test]
    fn object_table() {
        // (text, records of the cue "as saying")
        let rows: &[(&str, Records)] = &[
            (
                "The Wall Street Journal quoted a person close to the board as saying",
                &[("as saying", "a person close to the board")],
            ),
            ("Kyodo quoted him as saying", &[("as saying", "him")]),
            ("He was seen as saying", &[]),  // no "quoted"
            ("Kyodo quoted as saying", &[]), // no object
            ("Kyodo quoted a b c d e f g h i j k l m as saying", &[]), // more than twelve words
        ];
        for &(text, want) in rows {
            let got = run(text, &["as saying"], |e, d, cs, ce, st| e.object(d, cs, ce, Said, st));
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }
}
