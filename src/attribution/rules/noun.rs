//! Noun cues: `X's report that`, `in X's words`, `quoted Y as saying`.

use super::np::{collect_np_back, source_like};
use super::words::{List, lists};
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
