//! Cues with the source after them: `according to X`, `citing X`, `Reporting by X`.

use super::credit::credit_names;
use super::np::{np_after, source_like};
use super::{Engine, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{Doc, Tok};

impl Engine {
    /// The source after the cue: the names of a credit line, or the noun phrase(s) after a
    /// prepositional cue or a noun cue (`a statement by X that`).
    pub(super) fn after(
        &self,
        text: &Doc<'_>,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        st: &mut State,
    ) {
        let cue = &text[cs..ce];
        let (sent_start, sent_end) = st.sentence;
        if kind == AttributionKind::CreditLine {
            // Credit boxes start a line, follow "(" or ";".
            match text.prev_tok(cs, 0) {
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
            && text
                .prev_tok(cs, sent_start)
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
            match text.next_tok(last, sent_end) {
                Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("that") => {}
                _ => return,
            }
        }
        for (s, e) in pieces {
            self.push(text, st, kind, (cs, ce), (s, e));
        }
    }
}
