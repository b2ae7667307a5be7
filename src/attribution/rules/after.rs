//! Cues with the source after them: `according to X`, `citing X`, `Reporting by X`.

use super::credit::{after_sentence, credit_names, credit_tail};
use super::np::{Coordination, np_after, source_like};
use super::{Engine, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{Doc, Tok, is_capitalized, words};

/// Whether the words of `cue` are those of `words`, ignoring ASCII case ("As\u{a0}per" is
/// "as per").
pub(super) fn cue_is(cue: &str, want: &str) -> bool {
    let mut a = words(cue);
    let mut b = words(want);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

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
            // Credit boxes start a line, follow "(" or ";", or end the text after a sentence
            // whose line break was lost ("...the RPF. -With inputs from A, B and C").
            let boxed = matches!(text.prev_tok(cs, 0), Some(Tok::Punct(_, _, '(' | ';' | '[')));
            let glued = !boxed && after_sentence(text, cs);
            if !boxed && !glued {
                return;
            }
            let names_only = !cue.to_ascii_lowercase().contains("inputs");
            let names = credit_names(text, ce, names_only);
            let at_line_start =
                text.prev_tok(cs, 0).is_none_or(|t| text[t.end()..cs].contains('\n'));
            // Glued to a sentence, the names are names (capitalised, or one word: "agencies")
            // and the text or the line ends after them.
            let named = |&(s, e): &(usize, usize)| {
                is_capitalized(&text[s..e]) || words(&text[s..e]).nth(1).is_none()
            };
            let ends = names.last().is_some_and(|&(_, e)| credit_tail(text, e));
            if glued && !at_line_start && !(ends && names.iter().all(named)) {
                return;
            }
            let mut prev: Option<(usize, usize)> = None;
            for (s, e) in names {
                // "Akshaya Nath, India Today": an outlet after a reporter is an affiliation.
                let affiliation = prev.is_some_and(|(ps, pe)| {
                    text[pe..s].contains(',')
                        && self.names_whole(text, s, e)
                        && !self.names_whole(text, ps, pe)
                });
                if !affiliation {
                    self.push(text, st, kind, (cs, ce), (s, e));
                }
                prev = Some((s, e));
            }
            return;
        }
        let chain = cue_is(cue, "citing") || cue_is(cue, "quoting");
        if chain
            && text
                .prev_tok(cs, sent_start)
                .is_none_or(|t| matches!(t, Tok::Punct(_, _, '"' | '“' | '‘' | '(')))
        {
            // Sentence-initial "Citing weak demand, ...": a reason, not a source.
            return;
        }
        let strict = chain
            || cue_is(cue, "per")
            || cue_is(cue, "as per")
            || kind == AttributionKind::NounCue;
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
            // A credit line whose line break was lost ends the text, or comes before "ALSO READ".
            (
                "The RPF was told. -With inputs from Saurabh Vaktania, Mayuresh Ganapatye and Mustafa Shaikh",
                "With inputs from",
                CreditLine,
                &[
                    ("With inputs from", "Saurabh Vaktania"),
                    ("With inputs from", "Mayuresh Ganapatye"),
                    ("With inputs from", "Mustafa Shaikh"),
                ],
            ),
            (
                "He was caught. With inputs from Ashraf WaniALSO READ: Jammu",
                "With inputs from",
                CreditLine,
                &[("With inputs from", "Ashraf Wani")],
            ),
            (
                "A model. With inputs from experts, the team built it.",
                "With inputs from",
                CreditLine,
                &[],
            ),
            // An outlet after a reporter is an affiliation; two outlets are two sources.
            (
                "It was done.( With inputs from Akshaya Nath, India Today )",
                "With inputs from",
                CreditLine,
                &[("With inputs from", "Akshaya Nath")],
            ),
            (
                "It was done.\n(With inputs from PTI, Reuters)",
                "With inputs from",
                CreditLine,
                &[("With inputs from", "PTI"), ("With inputs from", "Reuters")],
            ),
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
