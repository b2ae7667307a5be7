//! Punctuation cues: a speaker's colon ("Trump: Cruz has a long way to go", "pollster Daron
//! Shaw: “Historically, ...”") and a dash that signs a quotation ("...” ― Sonya Herridge",
//! "- Bernie Sanders."). Their records are scored, as verb cues are.

use super::np::collect_np_back;
use super::words::{List, is};
use super::{Engine, State};
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::{Doc, Tok, ceil_boundary, floor_boundary, is_capitalized};

/// Words that label a line rather than name a speaker ("UPDATE:", "WATCH:", "Photo:").
fn label(w: &str) -> bool {
    is(w, List::Label)
}

/// Whether the words of `[s, e)` make a name: one to six words, each capitalised, an initial
/// or a joining word ("of", "and", "the"), the first capitalised and no label, and no
/// capitalised preposition after the first (title case).
fn name_words(text: &Doc<'_>, s: usize, e: usize) -> bool {
    let mut pos = s;
    let mut n = 0;
    while let Some(t) = text.next_tok(pos, e) {
        pos = t.end();
        match t {
            Tok::Word(a, b) => {
                let w = &text[a..b];
                let joins = w == "of" || w == "and" || w == "the" || w == "&";
                if (n == 0 && (!is_capitalized(w) || label(w))) || !(is_capitalized(w) || joins) {
                    return false;
                }
                // A capitalised preposition after the first word: a title ("Stealth Over
                // Health:", "The Gap Goes On:").
                if n > 0 && is_capitalized(w) && is(w, List::Preposition) {
                    return false;
                }
                n += 1;
                if n > 6 {
                    return false;
                }
            }
            Tok::Punct(_, _, '.' | '-' | '(' | ')' | '@' | '\'' | '’') => {}
            Tok::Punct(..) => return false,
        }
    }
    n > 0
}

impl Engine {
    /// The colon and dash cues of `text`.
    pub(super) fn marks(&self, text: &Doc<'_>, st: &mut State) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(k) = memchr::memchr3(b':', 0xE2, b'-', &bytes[i..]) {
            let p = i + k;
            i = p + 1;
            let c = text[p..].chars().next().unwrap_or(' ');
            match c {
                ':' => self.colon(text, p, st),
                '-' | '—' | '―' | '–' => self.dash(text, p, c.len_utf8(), st),
                _ => {}
            }
        }
    }

    /// `Speaker: content`: a name at the start of a line before a colon and a capitalised word
    /// or a quote, or any source-like phrase before a colon and an opening quote.
    fn colon(&self, text: &Doc<'_>, p: usize, st: &mut State) {
        // The start of the line, if it is at most 60 bytes back.
        let from = ceil_boundary(text, p.saturating_sub(60));
        let line_start = match memchr::memrchr(b'\n', &text.as_bytes()[from..p]) {
            Some(j) => Some(from + j + 1),
            None => (from == 0).then_some(0),
        };
        let quote = match text.next_tok(p + 1, text.len()) {
            Some(Tok::Punct(_, _, '"' | '“' | '‘')) => true,
            Some(Tok::Word(s, e)) if is_capitalized(&text[s..e]) => false,
            _ => return,
        };
        // A time ("11:00") or a colon glued to the next word is no cue.
        if text[p + 1..].chars().next().is_some_and(|c| !crate::unicode::is_white_space(c)) {
            return;
        }
        // A list after the colon ("New Hampshire: Charlie Arlinghaus, Arnie Arnesen, ...").
        let mut pos = p + 1;
        let mut commas = 0;
        for _ in 0..10 {
            match text.next_tok(pos, text.len()) {
                Some(t) => {
                    commas += usize::from(matches!(t, Tok::Punct(_, _, ',')));
                    pos = t.end();
                }
                None => break,
            }
        }
        if commas >= 3 {
            return;
        }
        st.sentence = st.sentences.at(text, p, p + 1);
        let src = if let Some(ls) = line_start.filter(|&ls| name_words(text, ls, p)) {
            crate::attribution::text::trim_span(text, ls, p)
        } else if quote {
            match collect_np_back(text, p, st.sentence.0, &self.verbs) {
                Some((s, e))
                    if is_capitalized(&text[s..e]) || is(&text[s..e], List::SubjectPronoun) =>
                {
                    (s, e)
                }
                _ => return,
            }
        } else {
            return;
        };
        st.scored = true;
        self.push(text, st, AttributionKind::Said, (p, p + 1), src);
        st.scored = false;
    }

    /// `” ― Name`, `- Name.` at the start of a line: a dash after a closing quote or at the start
    /// of a line, then a name that ends the line (or comes before `(`, `,` or `.`).
    fn dash(&self, text: &Doc<'_>, p: usize, len: usize, st: &mut State) {
        let after = p + len;
        match text.prev_tok(p, 0) {
            None => {}
            Some(t) if text[t.end()..p].contains('\n') => {}
            Some(Tok::Punct(_, _, '"' | '”' | '’' | '\'')) => {}
            Some(Tok::Word(s, e)) if text[s..e].contains('/') => {} // pic.twitter.com/...
            _ => return,
        }
        // The name: capitalised words up to "(", ",", "." or the end of the line (read within
        // a bounded stretch, so that a dash costs the same on any line).
        let line_end = floor_boundary(text, after.saturating_add(120));
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[after..line_end])
            .map_or(line_end, |j| after + j);
        let mut pos = after;
        let (mut s, mut e) = (usize::MAX, 0);
        let mut n = 0;
        loop {
            match text.next_tok(pos, line_end) {
                Some(Tok::Word(a, b)) if is_capitalized(&text[a..b]) && n < 5 => {
                    if s == usize::MAX {
                        if label(&text[a..b]) {
                            return;
                        }
                        s = a;
                    }
                    e = b;
                    n += 1;
                    pos = b;
                }
                None | Some(Tok::Punct(_, _, '(' | ',' | '.')) if n > 0 => break,
                _ => return,
            }
        }
        st.sentence = st.sentences.at(text, p, after);
        st.scored = true;
        self.push(text, st, AttributionKind::Said, (p, after), (s, e));
        st.scored = false;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::engine;
    use super::*;

    #[test]
    fn marks_table() {
        // (text, (cue, source) candidates before scoring)
        let rows: &[(&str, &[(&str, &str)])] = &[
            ("Trump: Cruz Has ‘To Come a Long Way’ On Ethanol", &[(":", "Trump")]),
            ("NY Daily News: Paris Attacks Highlight Threat", &[(":", "NY Daily News")]),
            (
                "Prices rose.\nRepublican pollster Daron Shaw: “Historically, yes.”",
                &[(":", "Republican pollster Daron Shaw")],
            ),
            ("Stealth Over Health: Hillary Clinton Was Headed to ER", &[]), // a title
            ("War and Peace.\n\nThe Gap Goes On: It was under Mr. Ban", &[]),
            ("Bank of America: “Rates will fall.”", &[(":", "Bank of America")]),
            ("UPDATE: Trump Wins", &[]),         // a label
            ("Q: Have you talked to her?", &[]), // an interview's labels
            ("Nevada: Adam Khan, Andres Ramirez, Bo Lee, Ann Cho, Tim Roe.", &[]), // a list
            ("11:00 am – Police receive calls", &[]), // a time
            ("There were three: Smith, Lee and Ruiz.", &[]), // no name at the line start
            (
                "all new income is going to the top.\"\n\n- Bernie Sanders.\n",
                &[("-", "Bernie Sanders")],
            ),
            ("He represents our shame.” ― Sonya Herridge\nNext", &[("―", "Sonya Herridge")]),
            (
                "No one is above the law. pic.twitter.com/Oq — Paul Ryan (@SpeakerRyan) July 5",
                &[("—", "Paul Ryan")],
            ),
            ("Prices rose - Smith said so.", &[]), // no quote before the dash
            ("“No.” — Smith said so.", &[]),       // the line goes on
        ];
        for &(text, want) in rows {
            let d = Doc::new(text);
            let mut st = State::new();
            st.collected = Some(Vec::new());
            engine().marks(&d, &mut st);
            let got: Vec<(&str, &str)> = st
                .collected
                .unwrap_or_default()
                .iter()
                .map(|(r, _)| (&text[r.cue_start..r.cue_end], &text[r.source_start..r.source_end]))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
