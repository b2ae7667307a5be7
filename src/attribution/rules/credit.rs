//! Credit lines and datelines: `X contributed reporting`, `(With PTI inputs)`,
//! `MOSCOW (Reuters) -`, and the names of `Reporting by A and B`.

use super::np::collect_np_back;
use super::words::{List, is};
use super::{Engine, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{
    Doc, Tok, floor_boundary, is_capitalized, sentence_bounds, trim_span, words,
};
use crate::matcher::Matcher;
use crate::unicode::{is_numeric, is_uppercase};

impl Engine {
    /// `X contributed reporting`: the capitalised noun phrase before the cue, on its line.
    pub(super) fn credit_before(&self, text: &Doc<'_>, cs: usize, ce: usize, st: &mut State) {
        let line_start = text[..cs].rfind('\n').map_or(0, |i| i + 1);
        if let Some((s, e)) = collect_np_back(text, cs, line_start, &self.verbs) {
            if words(&text[s..e]).next().is_some_and(is_capitalized) {
                self.push(text, st, AttributionKind::CreditLine, (cs, ce), (s, e));
            }
        }
    }

    /// "(With PTI and Reuters inputs)": the cue is "With", the sources sit before "inputs)".
    pub(super) fn bracket(
        &self,
        text: &Doc<'_>,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        st: &mut State,
    ) {
        let line_end = text[ce..].find('\n').map_or(text.len(), |i| ce + i);
        let limit = floor_boundary(text, line_end.min(ce + 120));
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut cur: Option<(usize, usize)> = None;
        let mut pos = ce;
        let mut saw_inputs = false;
        while let Some(t) = text.next_tok(pos, limit) {
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
    pub(super) fn datelines(&self, text: &Doc<'_>, st: &mut State) {
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
        text: &Doc<'_>,
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
        while let Some(t) = text.next_tok(pos, ce) {
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
        match text.next_tok(close + 1, line_end) {
            Some(Tok::Punct(_, _, '-' | '—' | '–' | ':')) => {}
            Some(Tok::Word(s, e)) if is_capitalized(&text[s..e]) => {}
            _ => return,
        }
        st.sentence = sentence_bounds(text, cs);
        self.push(text, st, AttributionKind::CreditLine, (cs, ce), (ss, se));
    }
}

/// The names after a credit cue ("Reporting by A and B in Istanbul;"), up to `)`, `;` or the
/// end of the line. With `names_only`, a lower-case word ends the list.
pub(super) fn credit_names(text: &Doc<'_>, start: usize, names_only: bool) -> Vec<(usize, usize)> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let limit = floor_boundary(text, line_end.min(start + 300));
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut pos = start;
    while let Some(t) = text.next_tok(pos, limit) {
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

/// The first `\n` at or after `from`, or the end of `bytes`.
fn memchr_nl(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Records, engine, pairs, run};
    use AttributionKind::CreditLine;

    use super::*;
    use crate::attribution::rules::State;
    use crate::attribution::text::Doc;

    #[test]
    fn credit_names_table() {
        // (text after the cue, names only, names)
        let rows: &[(&str, bool, &[&str])] = &[
            (
                "Christoph Anders and Jana Vogt; Editing by Rachel Moore",
                true,
                &["Christoph Anders", "Jana Vogt"],
            ),
            ("Elif Şahin in Istanbul;", true, &["Elif Şahin"]), // a lower-case word ends them
            ("Ana de Souza and Luis van Dijk", true, &["Ana de Souza", "Luis van Dijk"]),
            ("A, B and C) more", true, &["A", "B", "C"]),
            ("A B C D E F G H", true, &["A B C D E F"]), // six words a name at most
            ("Jana Vogt\nNext line", true, &["Jana Vogt"]), // the line ends them
            ("agencies)", false, &["agencies"]),
            ("agencies)", true, &[]),
            ("", true, &[]),
        ];
        for &(text, names_only, want) in rows {
            let d = Doc::new(text);
            let got: Vec<&str> =
                credit_names(&d, 0, names_only).into_iter().map(|(s, e)| &text[s..e]).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn bracket_table() {
        // (text, records of the cue "With")
        let rows: &[(&str, Records)] = &[
            ("(With PTI and Reuters inputs)", &[("With", "PTI"), ("With", "Reuters")]),
            (
                "(With Press Trust of India, Reuters inputs)",
                &[("With", "Press Trust of India"), ("With", "Reuters")],
            ),
            ("(With PTI & Reuters inputs)", &[("With", "PTI"), ("With", "Reuters")]), // "&": "and"
            ("(With PTI input)", &[("With", "PTI")]),
            ("(With PTI, A B C D E inputs)", &[("With", "PTI")]), // four words a source at most
            ("(With PTI inputs from Delhi)", &[]),                // a word after "inputs"
            ("(With PTI)", &[]),                                  // no "inputs"
            ("(With inputs)", &[]),                               // no source
            ("(With PTI: inputs)", &[]),                          // other punctuation
        ];
        for &(text, want) in rows {
            let got = run(text, &["With"], |e, d, cs, ce, st| e.bracket(d, cs, ce, CreditLine, st));
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }

    #[test]
    fn credit_before_table() {
        // (text, cue, records)
        let rows: &[(&str, &str, Records)] = &[
            (
                "Floods receded.\n\nNadia Qureshi contributed reporting from Islamabad.",
                "contributed reporting",
                &[("contributed reporting", "Nadia Qureshi")],
            ),
            (
                "Ken Sato and Ana Souza contributed to this report.",
                "contributed to this report",
                &[("contributed to this report", "Ana Souza")],
            ),
            ("the team contributed reporting", "contributed reporting", &[]), // lower case
            (
                "Prices rose, Lee contributed reporting",
                "contributed reporting",
                &[("contributed reporting", "Lee")],
            ),
        ];
        for &(text, cue, want) in rows {
            let got = run(text, &[cue], |e, d, cs, ce, st| e.credit_before(d, cs, ce, st));
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }

    #[test]
    fn datelines_table() {
        // (text, records)
        let rows: &[(&str, Records)] = &[
            ("MOSCOW (Reuters) - Wheat prices fell.", &[("MOSCOW", "Reuters")]),
            (
                "New Delhi, Oct 14 (PTI) The government will add buses.",
                &[("New Delhi, Oct 14", "PTI")],
            ),
            ("TOKYO (Kyodo): Exports rose.", &[("TOKYO", "Kyodo")]),
            ("Prices fell.\nLONDON (Reuters) \u{2014} Shares rose.", &[("LONDON", "Reuters")]),
            ("Moscow (Reuters) says prices fell.", &[]), // a lower-case word after ")"
            ("the capital (Reuters) - Prices fell.", &[]), // a lower-case place
            ("MOSCOW (Unknown Wire) - Prices fell.", &[]), // not in the gazetteer
            ("MOSCOW (Reuters staff) - Prices fell.", &[]), // not the whole parenthesis
            ("A B C D E F G (Reuters) - Prices fell.", &[]), // seven words
            ("MOSCOW. (Reuters) - Prices fell.", &[]),   // other punctuation
            ("(Reuters) - Prices fell.", &[]),           // no place
        ];
        for &(text, want) in rows {
            let d = Doc::new(text);
            let mut st = State { out: Vec::new(), last_subject: None, sentence: (0, 0) };
            engine().datelines(&d, &mut st);
            let got: Vec<(&str, &str)> = st
                .out
                .iter()
                .map(|r| (&text[r.cue_start..r.cue_end], &text[r.source_start..r.source_end]))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
