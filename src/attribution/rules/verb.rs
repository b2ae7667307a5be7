//! Verb cues with the source before them or, inverted, after them: `X said`, `"...," said X`,
//! `, saying`.

use super::np::collect_np_back;
use super::sense::{artifact, not_speech};
use super::subject::{Subject, appositive, inverted_subject, sentence_subject, subject_before};
use super::words::{List, is, lists};
use super::{Engine, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{Doc, Tok};

impl Engine {
    /// A verb cue: its subject before it or, with `invert`, the subject after it when the cue
    /// follows a quote or a comma or starts the sentence; a participle takes the clause subject.
    pub(super) fn verb(
        &self,
        text: &Doc<'_>,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        invert: bool,
        st: &mut State,
    ) {
        // A dateline at the start of the sentence is no part of it ("New Delhi, Aug 2 (PTI) ...,
        // later declared safe").
        let (sent_start, sent_end) = (st.subject_start(st.sentence.0, cs), st.sentence.1);
        let cue = &text[cs..ce];
        let say_like = is(cue, List::Say);
        // The tokens around the cue, read once.
        let prev = text.prev_tok(cs, sent_start);
        let next = text.next_tok(ce, sent_end);
        match next {
            // "said to be", "reported to have": agentless hearsay.
            Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("to") => {
                if let Some(Tok::Word(a, b)) = text.next_tok(e, sent_end) {
                    if is(&text[a..b], List::Hearsay) {
                        return;
                    }
                }
            }
            // "reports of casualties", "was reported by", "declared as goods".
            // ("said of Trump" is speech.)
            Some(Tok::Word(s, e))
                if (is(&text[s..e], List::NounOrPassive)
                    && !(say_like && text[s..e].eq_ignore_ascii_case("of")))
                    || (!say_like && text[s..e].eq_ignore_ascii_case("as")) =>
            {
                return;
            }
            _ => {}
        }
        if not_speech(text, (cs, ce), prev, next, sent_end) {
            return;
        }
        if cue.ends_with("ing") || cue.ends_with("ING") {
            self.participle(text, (cs, ce), kind, prev, (sent_start, sent_end), st);
            return;
        }
        if invert {
            let after_quote =
                matches!(prev, Some(Tok::Punct(_, _, '"' | '”' | '“' | '’' | '\'' | '—' | '–')));
            let after_comma = matches!(prev, Some(Tok::Punct(_, _, ',')));
            if after_comma {
                if let Some((s, e)) =
                    appositive(text, prev.map_or(cs, Tok::start), sent_start, &self.verbs)
                {
                    st.last_subject = Some((sent_start, s, e));
                    self.push(text, st, kind, (cs, ce), (s, e));
                    return;
                }
            }
            if after_quote || after_comma || prev.is_none() {
                if let Some((s, e)) = inverted_subject(text, ce, sent_end) {
                    st.last_subject = Some((sent_start, s, e));
                    self.push(text, st, kind, (cs, ce), (s, e));
                    return;
                }
            }
        }
        match subject_before(text, cs, sent_start, &self.verbs) {
            Subject::Span(s, e) => {
                if text[s..e].eq_ignore_ascii_case("all") {
                    return; // "All told"
                }
                if is(cue, List::ShowVerb) && !artifact(text, s, e) {
                    return; // "his attack showed his immature mind"
                }
                st.last_subject = Some((sent_start, s, e));
                self.push(text, st, kind, (cs, ce), (s, e));
            }
            Subject::Shared => {
                let subj = match st.last_subject {
                    Some((ss, s, e)) if ss == sent_start && e <= cs => Some((s, e)),
                    _ => sentence_subject(text, sent_start, cs, &self.verbs),
                };
                if let Some((s, e)) = subj {
                    self.push(text, st, kind, (cs, ce), (s, e));
                }
            }
            Subject::None => {}
        }
    }
}

impl Engine {
    /// A verb cue in `-ing`: progressive after a form of "be" ("Trump is calling for"), the
    /// subject before it; a participle after a comma, a dash or a word such as "by", "while"
    /// ("..., saying", "by saying"), the subject of the clause; right after a noun phrase
    /// ("voters saying they want"), that phrase.
    fn participle(
        &self,
        text: &Doc<'_>,
        (cs, ce): (usize, usize),
        kind: AttributionKind,
        prev: Option<Tok>,
        (sent_start, _): (usize, usize),
        st: &mut State,
    ) {
        let mut before = prev;
        for _ in 0..3 {
            match before {
                Some(Tok::Word(s, e)) if is(&text[s..e], List::Adjunct) => {
                    before = text.prev_tok(s, sent_start);
                }
                _ => break,
            }
        }
        if let Some(Tok::Word(s, e)) = before {
            let w = &text[s..e];
            if is(w, List::Be) && !w.eq_ignore_ascii_case("being") && !w.eq_ignore_ascii_case("be")
            {
                if let Subject::Span(a, b) = subject_before(text, s, sent_start, &self.verbs) {
                    st.last_subject = Some((sent_start, a, b));
                    self.push(text, st, kind, (cs, ce), (a, b));
                }
                return;
            }
        }
        let clause = match prev {
            Some(Tok::Punct(_, _, c)) => matches!(c, ',' | '–' | '—' | '-'),
            Some(Tok::Word(s, e)) => is(&text[s..e], List::ParticipleLead),
            None => false,
        };
        if clause {
            let subj = match st.last_subject {
                Some((ss, s, e)) if ss == sent_start && e <= cs => Some((s, e)),
                _ => sentence_subject(text, sent_start, cs, &self.verbs),
            };
            if let Some((s, e)) = subj {
                self.push(text, st, kind, (cs, ce), (s, e));
            }
        } else if let Some(Tok::Word(s, e)) = prev {
            let m = lists(&text[s..e]);
            if !(m.has(List::Preposition) || m.has(List::Stop) || m.has(List::Determiner)) {
                if let Some((a, b)) = collect_np_back(text, cs, sent_start, &self.verbs) {
                    self.push(text, st, kind, (cs, ce), (a, b));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Records, pairs, run};

    use super::*;

    #[test]
    fn verb_table() {
        // (text, cues in order, invert, records)
        let rows: &[(&str, &[&str], bool, Records)] = &[
            ("Prices fell, analysts said.", &["said"], true, &[("said", "analysts")]),
            ("The cause was unclear, it said.", &["said"], true, &[("said", "it")]),
            // Hearsay, nouns and passives.
            ("The house is said to be haunted.", &["said"], true, &[]),
            ("The deal was said to have stalled.", &["said"], true, &[]),
            // Only "to be", "to have" make hearsay.
            ("Officials told to leave, Smith said.", &["told"], true, &[("told", "Officials")]),
            ("There were reports of casualties.", &["reports"], true, &[]),
            ("It was reported by Reuters.", &["reported"], true, &[]),
            ("The cargo was declared as goods.", &["declared"], true, &[]),
            ("He said as much.", &["said"], true, &[("said", "He")]), // "as" after a speech verb
            ("All told, the plan failed.", &["told"], true, &[]),
            // Inversion: after a quote, a comma or at the start of the sentence.
            (
                "“We will not sign,” said José Luis Ferreira, who heads the delegation.",
                &["said"],
                true,
                &[("said", "José Luis Ferreira")],
            ),
            ("“We will not sign,” said José Luis Ferreira.", &["said"], false, &[]),
            ("Prices will rise, said a spokesman.", &["said"], true, &[("said", "a spokesman")]),
            ("Said the minister: no.", &["Said"], true, &[("Said", "the minister")]),
            ("Talks will go on, said the swap could fail.", &["said"], true, &[]),
            // An appositive right before the verb.
            (
                "“Orders are thin,” Jürgen Müller, head of the association, said.",
                &["said"],
                true,
                &[("said", "Jürgen Müller")],
            ),
            // A shared subject: the subject of the previous verb, else the sentence subject.
            (
                "The company confirmed its outlook and said demand was strong.",
                &["confirmed", "said"],
                true,
                &[("confirmed", "The company"), ("said", "The company")],
            ),
            (
                "In a statement, Interfax blasted the plan and said it was flawed.",
                &["said"],
                true,
                &[("said", "Interfax")],
            ),
            // Participles after a comma: the clause subject.
            (
                "Smith said on Monday, adding that prices would rise.",
                &["said", "adding"],
                true,
                &[("said", "Smith"), ("adding", "Smith")],
            ),
            (
                "Smith met officials, saying talks would resume.",
                &["saying"],
                true,
                &[("saying", "Smith")],
            ),
            ("Without saying so, he left.", &["saying"], true, &[]),
        ];
        for &(text, cues, invert, want) in rows {
            let got = run(text, cues, |e, d, cs, ce, st| {
                e.verb(d, cs, ce, AttributionKind::Said, invert, st)
            });
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }
}
