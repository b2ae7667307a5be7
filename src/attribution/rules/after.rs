//! Cues with the source after them: `according to X`, `citing X`, `Reporting by X`.

use super::credit::credit_names;
use super::np::{Coordination, np_after, source_like};
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
        let starts_name = |p: usize| self.starts_name(text, p);
        let mut pieces = np_after(text, ce, sent_end, Coordination::Split(&starts_name));
        // Coordinated sources each name a source: after "citing" and "quoting" all of them (or
        // the reason of "citing officials and weak sales" would pass), else those up to the
        // first that does not ("as per the data and the rules").
        let sources = pieces.iter().take_while(|&&(s, e)| source_like(text, s, e, strict)).count();
        if sources == 0 || (chain && sources < pieces.len()) {
            return;
        }
        pieces.truncate(sources);
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

#[cfg(test)]
mod tests {
    use super::super::testing::{Records, pairs, run};
    use AttributionKind::*;

    use super::*;

    #[test]
    fn after_table() {
        // (text, cue, kind, records)
        let rows: &[(&str, &str, AttributionKind, Records)] = &[
            (
                "The group is exploring a sale, according to The New York Times.",
                "according to",
                AccordingTo,
                &[("according to", "The New York Times")],
            ),
            (
                "The Post reported the plan, citing internal emails and three current employees.",
                "citing",
                AccordingTo,
                &[("citing", "internal emails"), ("citing", "three current employees")],
            ),
            // A sentence-initial "Citing" gives a reason.
            ("Citing weak demand, the cement maker shut two kilns.", "Citing", AccordingTo, &[]),
            ("“Citing officials,” he wrote.", "Citing", AccordingTo, &[]),
            // Traps; "citing", "quoting", "per" and "as per" need a source noun or a capital.
            ("Construction is proceeding according to plan.", "according to", AccordingTo, &[]),
            ("Profits fell, citing weak sales.", "citing", AccordingTo, &[]),
            (
                "Profits fell, according to weak sales.",
                "according to",
                AccordingTo,
                &[("according to", "weak sales")],
            ),
            ("Fines will be imposed as per the new rules.", "as per", AccordingTo, &[]),
            ("Inflation eased, while per capita income rose.", "per", AccordingTo, &[]),
            ("Prices rose, as per Reuters.", "as per", AccordingTo, &[("as per", "Reuters")]),
            // All conjuncts must name sources.
            ("Prices rose, citing officials and weak sales.", "citing", AccordingTo, &[]),
            // A noun cue needs "that" after its source.
            (
                "It denied a statement by the ministry that talks failed.",
                "statement by",
                NounCue,
                &[("statement by", "the ministry")],
            ),
            ("It denied a statement by the ministry on Monday.", "statement by", NounCue, &[]),
            // Credit lines: names at a line start or after "(" or ";", up to ";" or ")".
            (
                "Shares fell.\n\n(Reporting by Christoph Anders and Jana Vogt; Editing by Al Moe)",
                "Reporting by",
                CreditLine,
                &[("Reporting by", "Christoph Anders"), ("Reporting by", "Jana Vogt")],
            ),
            ("Reporting by Ken Sato", "Reporting by", CreditLine, &[("Reporting by", "Ken Sato")]),
            ("He won praise for reporting by the river.", "reporting by", CreditLine, &[]),
            // With "inputs" in the cue, lower-case sources too.
            (
                "Rain lashed the city.\n\n(With inputs from agencies)",
                "With inputs from",
                CreditLine,
                &[("With inputs from", "agencies")],
            ),
        ];
        for &(text, cue, kind, want) in rows {
            let got = run(text, &[cue], |e, d, cs, ce, st| e.after(d, cs, ce, kind, st));
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }
}
