//! Credit lines and datelines: `X contributed reporting`, `(With PTI inputs)`,
//! `MOSCOW (Reuters) -`, and the names of `Reporting by A and B`.

use super::np::collect_np_back;
use super::words::{List, is};
use super::{Engine, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{Doc, Tok, floor_boundary, is_capitalized, trim_span, words};
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
    /// Without the bracket ("...injured.With agency inputs") the credit line must follow the
    /// end of a sentence and end its line or the text (or come before "ALSO READ").
    pub(super) fn bracket(
        &self,
        text: &Doc<'_>,
        cs: usize,
        ce: usize,
        kind: AttributionKind,
        st: &mut State,
    ) {
        let bracketed = matches!(text.prev_tok(cs, 0), Some(Tok::Punct(_, _, '(')));
        if !bracketed && !after_sentence(text, cs) {
            return;
        }
        let line_end = text[ce..].find('\n').map_or(text.len(), |i| ce + i);
        let limit = floor_boundary(text, line_end.min(ce + 120));
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut cur: Option<(usize, usize)> = None;
        let mut pos = ce;
        let mut saw_inputs = false;
        while let Some(t) = text.next_tok(pos, limit) {
            match t {
                Tok::Word(..) | Tok::Punct(..) if saw_inputs && !bracketed => break,
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
            pos = t.end();
        }
        if !saw_inputs || (!bracketed && !credit_tail(text, pos)) {
            return;
        }
        for (s, e) in pieces {
            let n = words(&text[s..e]).count();
            if n <= 4 && !(n == 1 && is(&text[s..e], List::InputAdjective)) {
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
            let probe_end = line_end.min(line_start + 100);
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
        let (ls, ce) = trim_span(text, line_start, open);
        if ls >= ce || ce - ls > 96 {
            return;
        }
        // The place/date words: capitalised words and numbers, commas allowed; after a byline
        // ("By A and B", "From A"), "and" between the names.
        let mut pos = ls;
        let mut ws: Vec<(usize, usize)> = Vec::new();
        let mut first_comma = None;
        let mut byline = false;
        while let Some(t) = text.next_tok(pos, ce) {
            pos = t.end();
            match t {
                Tok::Word(s, e) => {
                    let w = &text[s..e];
                    if ws.is_empty() {
                        byline = w == "By" || w == "From";
                    }
                    let c = w.chars().next().unwrap_or(' ');
                    let joins = byline && first_comma.is_none() && w == "and";
                    if !(is_uppercase(c) || is_numeric(c) || joins) {
                        return;
                    }
                    ws.push((s, e));
                }
                Tok::Punct(p, _, ',') => {
                    first_comma.get_or_insert(p);
                }
                Tok::Punct(..) => return,
            }
        }
        let cs = if byline {
            // The place: the last word before the first comma (or the bracket), with the word
            // before it when that leads a place name ("New Delhi"); a name sits before it.
            let place_end = first_comma.unwrap_or(ce);
            let Some(k) = ws.iter().rposition(|&(_, e)| e <= place_end) else { return };
            let k = if k >= 3 && is(&text[ws[k - 1].0..ws[k - 1].1], List::PlaceLead) {
                k - 1
            } else {
                k
            };
            if k < 2 {
                return;
            }
            ws.drain(..k);
            ws[0].0
        } else {
            ls
        };
        if ws.is_empty() || ws.len() > 6 {
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
        // After ")": a dash, a colon, or the start of the story: a capitalised word, a number,
        // an opening quote.
        let body = match text.next_tok(close + 1, line_end) {
            Some(Tok::Punct(_, e, '-' | '—' | '–' | ':')) => e,
            Some(t @ Tok::Punct(_, _, '"' | '“' | '‘' | '\'')) => t.start(),
            Some(Tok::Word(s, e)) if is_capitalized(&text[s..e]) || starts_numeric(&text[s..e]) => {
                s
            }
            _ => return,
        };
        st.sentence = st.sentences.at(text, cs, ce);
        st.datelines.push((ls, body));
        self.push(text, st, AttributionKind::CreditLine, (cs, ce), (ss, se));
    }
}

/// Whether `w` starts with a digit.
fn starts_numeric(w: &str) -> bool {
    w.chars().next().is_some_and(is_numeric)
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
                if is_capitalized(w) && is(w, List::CreditTail) {
                    break; // "With inputs from Balkrishna ALSO READ: ..."
                }
                if let Some(n) = without_glued_also(w) {
                    cur = Some((cur.map_or(s, |c| c.0), s + n));
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

/// Whether the cue at `cs` starts a line or follows the end of a sentence whose line break was
/// lost ("...casualties.With agency inputs", "...the RPF. -With inputs from").
pub(super) fn after_sentence(text: &Doc<'_>, cs: usize) -> bool {
    match text.prev_tok(cs, 0) {
        None => true,
        Some(t) if text[t.end()..cs].contains('\n') => true,
        Some(Tok::Punct(_, _, c)) => {
            matches!(c, '.' | '!' | '?' | '"' | '”' | '\'' | '’' | '-' | '–' | '—' | ':')
        }
        Some(Tok::Word(..)) => false,
    }
}

/// Whether what follows a credit line at `pos` lets it end there: the end of its line or of the
/// text, a full stop or `)` then that, or a following "ALSO READ" / "WATCH" (often glued to the
/// last name: "With inputs from ANIAlso read").
pub(super) fn credit_tail(text: &Doc<'_>, pos: usize) -> bool {
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let mut pos = pos;
    for _ in 0..2 {
        match text.next_tok(pos, line_end) {
            None => return true,
            Some(Tok::Word(s, e)) => return is(&text[s..e], List::CreditTail),
            Some(Tok::Punct(_, e, '.' | ')')) => pos = e,
            Some(Tok::Punct(..)) => return false,
        }
    }
    false
}

/// The length of a capitalised name word without a glued "Also" or "ALSO" ("Wani" of
/// "WaniALSO", "ANI" of "ANIAlso"), when it has one.
fn without_glued_also(w: &str) -> Option<usize> {
    let stem = w.strip_suffix("Also").or_else(|| w.strip_suffix("ALSO"))?;
    (stem.len() >= 2 && stem.chars().next_back().is_some_and(crate::unicode::is_alphabetic))
        .then_some(stem.len())
}

/// The first `\n` at or after `from`, or the end of `bytes`.
fn memchr_nl(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |i| from + i)
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
            ("Ashraf WaniALSO READ: more", true, &["Ashraf Wani"]), // a glued "ALSO READ"
            ("ANIAlso read: more", false, &["ANI"]),
            ("Balkrishna ALSO READ: more", false, &["Balkrishna"]),
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
            ("(With additional inputs)", &[]),                    // "additional" names no source
            // Without brackets: after the end of a sentence, at the end of the line or text.
            ("Rain fell.With agency inputs", &[("With", "agency")]),
            ("Rain fell. With PTI inputs\nALSO READ: more", &[("With", "PTI")]),
            ("They came With PTI inputs in hand.", &[]), // inside a sentence
            ("Rain fell. With agency inputs the team built it.", &[]), // the sentence goes on
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
            // The story may start with a number or a quote.
            ("New Delhi, Mar 9 (PTI) 34 cabin crew members", &[("New Delhi, Mar 9", "PTI")]),
            ("Los Angeles, Mar 5 (PTI) \"House of Cards\" ran", &[("Los Angeles, Mar 5", "PTI")]),
            // Bylines: the place/date after the name is the cue.
            (
                "By Juhi Chakraborty New Delhi, Jul 24 (PTI) Aadar Jain's entry",
                &[("New Delhi, Jul 24", "PTI")],
            ),
            (
                "From K J M Varma Beijing, Jan 27 (PTI) Prime Minister",
                &[("Beijing, Jan 27", "PTI")],
            ),
            (
                "By Stuti Roy and Moumita Bakshi Chatterjee New Delhi, Apr 30 (PTI) SoftBank",
                &[("New Delhi, Apr 30", "PTI")],
            ),
            ("By Lee (Reuters) - Prices fell.", &[]), // no name before the place
            ("Reporters and Lee, Jan 2 (PTI) Prices fell.", &[]), // "and" only in a byline
        ];
        for &(text, want) in rows {
            let d = Doc::new(text);
            let mut st = State::new();
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
