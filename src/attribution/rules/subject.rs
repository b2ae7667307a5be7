//! Subjects of verb cues: before the verb, past appositives, at the start of the sentence, or
//! inverted after it.

use super::np::{Coordination, VerbCues, collect_np_back, cut_at_verb, np_after, source_like};
use super::words::{List, is, lists};
use crate::attribution::text::{Doc, Tok, ceil_boundary, is_capitalized, possessive_stem, words};
use crate::unicode::is_numeric;

pub(super) enum Subject {
    Span(usize, usize),
    /// "X confirmed ... and said": the subject of the previous verb.
    Shared,
    None,
}

/// The subject noun phrase of a verb cue at `cs`, scanning back within the sentence.
pub(super) fn subject_before(
    text: &Doc<'_>,
    cs: usize,
    sent_start: usize,
    verbs: &VerbCues,
) -> Subject {
    let mut pos = cs;
    let mut tok = text.prev_tok(pos, sent_start);
    // Skip adverbs, auxiliaries and time adjuncts ("on Wednesday"); a bounded number of them, so
    // that runs of such words cannot make extraction quadratic.
    let mut skips = 0;
    while let Some(Tok::Word(s, e)) = tok {
        skips += 1;
        if skips > 8 {
            return Subject::None;
        }
        let w = &text[s..e];
        let m = lists(w);
        let ly_adverb = w.len() > 4
            && w.ends_with("ly")
            && !is_capitalized(w)
            && !m.has(List::LyNoun)
            && !m.has(List::Source);
        if m.has(List::Adjunct) || ly_adverb {
            pos = s;
            tok = text.prev_tok(pos, sent_start);
            continue;
        }
        if m.has(List::Time) {
            pos = s;
            tok = text.prev_tok(pos, sent_start);
            if let Some(Tok::Word(s2, e2)) = tok {
                if is(&text[s2..e2], List::TimeLead) {
                    pos = s2;
                    tok = text.prev_tok(pos, sent_start);
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
            tok = text.prev_tok(from + open, sent_start);
        }
    }
    match tok {
        None => Subject::None,
        Some(Tok::Punct(p, _, ',')) => match appositive(text, p, sent_start, verbs) {
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
            if possessive_stem(w).is_some() {
                return Subject::None;
            }
            // A number is a subject ("two said", "six in 10 said"), not the object of a
            // preposition ("in 2019 reported").
            let number = |w: &str| w.chars().next().is_some_and(is_numeric) || is(w, List::Number);
            if number(w) {
                if let Some(Tok::Word(a, b)) = text.prev_tok(s, sent_start) {
                    let before = text.prev_tok(a, sent_start);
                    let n_in_m = matches!(before, Some(Tok::Word(c, d)) if number(&text[c..d]));
                    if is(&text[a..b], List::Preposition) && !n_in_m {
                        return Subject::None;
                    }
                }
            }
            // A pronoun, or a relative one ("Cruz, who said he would"), is the whole subject.
            if m.has(List::SubjectPronoun) || w.eq_ignore_ascii_case("who") {
                return Subject::Span(s, e);
            }
            if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("but") {
                return Subject::Shared;
            }
            match collect_np_back(text, e, sent_start, verbs) {
                Some((s, e)) => {
                    let (s, e) = relative_head(text, (s, e), sent_start, verbs).unwrap_or((s, e));
                    Subject::Span(s, e)
                }
                None => Subject::None,
            }
        }
    }
}

/// "Officials who spoke to reporters said", "Iddu Khan, who worked as a cook told": when the
/// phrase found before a verb ends a relative clause (a `who` or `which` shortly before it, no
/// punctuation between, no closing comma), the phrase the clause is about.
fn relative_head(
    text: &Doc<'_>,
    (s, e): (usize, usize),
    sent_start: usize,
    verbs: &VerbCues,
) -> Option<(usize, usize)> {
    // Right after the pronoun, one word or a determiner's phrase is the clause's own subject
    // ("which advocates say", "which the ministry denies"); "who makes tyres" is not.
    let mut ws = words(&text[s..e]);
    let own_subject = match (ws.next(), ws.next()) {
        (Some(_), None) => true,
        (Some(w), Some(_)) => is(w, List::Determiner),
        _ => false,
    };
    let mut pos = s;
    for i in 0..8 {
        let Tok::Word(a, b) = text.prev_tok(pos, sent_start)? else { return None };
        let w = &text[a..b];
        pos = a;
        if !(w.eq_ignore_ascii_case("who") || w.eq_ignore_ascii_case("which")) {
            continue;
        }
        if i == 0 && own_subject {
            return None;
        }
        let end = match text.prev_tok(a, sent_start)? {
            Tok::Punct(p, _, ',') => p,
            Tok::Word(..) => a,
            Tok::Punct(..) => return None,
        };
        let (hs, he) = collect_np_back(text, end, sent_start, verbs)?;
        let first = words(&text[hs..he]).next()?;
        let named = is_capitalized(first) || source_like(text, hs, he, true);
        return named.then_some((hs, he));
    }
    None
}

/// Whether `[sent_start, comma)` is a leading adjunct of its sentence: a phrase of at most ten
/// words that starts with a word such as "in", "on", "and" or a participle ("And on Tuesday,
/// Kevin Brady, chairman of the committee, said"; "Appearing before supporters, Suu Kyi, 70,
/// said").
fn leading_adjunct(text: &Doc<'_>, sent_start: usize, comma: usize) -> bool {
    let mut pos = sent_start;
    let mut n = 0;
    while let Some(t) = text.next_tok(pos, comma) {
        let Tok::Word(s, e) = t else { return false };
        let w = &text[s..e];
        // "In 2017", "And on Tuesday", "Appearing before supporters at the headquarters".
        let participle = is_capitalized(w) && w.ends_with("ing");
        if n == 0 && !(is(w, List::Leading) || is(w, List::AppositiveLead) || participle) {
            return false;
        }
        n += 1;
        if n > 10 {
            return false;
        }
        pos = e;
    }
    n > 0
}

/// "X, head of Y, a Z, said": the name before comma-delimited appositives ending at `comma`.
pub(super) fn appositive(
    text: &Doc<'_>,
    comma: usize,
    sent_start: usize,
    verbs: &VerbCues,
) -> Option<(usize, usize)> {
    let mut pos = comma;
    let mut n = 0;
    'rounds: for round in 0..3 {
        let mut words_here = 0;
        let mut open = None;
        let comma2 = loop {
            let Some(t) = text.prev_tok(pos, sent_start) else {
                // "Sen. Jack Reed (D-R.I.), said": no appositive, a parenthesis after the name.
                if let Some(end) = open.filter(|_| round == 0) {
                    let (s, e) = collect_np_back(text, end, sent_start, verbs)?;
                    let first = words(&text[s..e]).next()?;
                    return is_capitalized(first).then_some((s, e));
                }
                break 'rounds;
            };
            match t {
                Tok::Word(s, _) => {
                    n += 1;
                    words_here += 1;
                    if n > 30 {
                        return None;
                    }
                    pos = s;
                }
                Tok::Punct(p, _, ',') => break p,
                // "Gov. John Kasich (R-OH), said", "the No. 2 Republican, said".
                Tok::Punct(p, _, '(') => {
                    open = Some(p);
                    pos = p;
                }
                Tok::Punct(p, _, ')' | '-' | '.') => pos = p,
                Tok::Punct(..) => return None,
            }
        };
        if words_here == 0 {
            return None;
        }
        if let Some((s, e)) = collect_np_back(text, comma2, sent_start, verbs) {
            let first = words(&text[s..e]).next()?;
            let before_ok = match text.prev_tok(s, sent_start) {
                None => true,
                Some(Tok::Punct(p, _, ',')) => leading_adjunct(text, sent_start, p),
                Some(Tok::Punct(..)) => true,
                // "And Smith, 58, said"; "Even Rendell, a supporter, said".
                Some(Tok::Word(a, b)) => {
                    let m = lists(&text[a..b]);
                    m.has(List::AppositiveLead) || m.has(List::Stop) || m.has(List::Adjunct)
                }
            };
            if before_ok
                && !is(&text[s..e], List::Time)
                && (is_capitalized(first)
                    || is(&text[s..e], List::SubjectPronoun)
                    || source_like(text, s, e, true))
            {
                return Some((s, e));
            }
        }
        pos = comma2;
    }
    // "And a third, Daniel Traynor, said": the name is the phrase right before the verb.
    let (s, e) = collect_np_back(text, comma, sent_start, verbs)?;
    (words(&text[s..e]).count() <= 4 && words(&text[s..e]).all(is_capitalized)).then_some((s, e))
}

/// The subject at the start of a sentence, after a leading adjunct phrase ("In a statement, X
/// blasted Y and said" gives X: the phrase stops at its first verb). Only capitalised phrases
/// and pronouns count.
pub(super) fn sentence_subject(
    text: &Doc<'_>,
    sent_start: usize,
    limit: usize,
    verbs: &VerbCues,
) -> Option<(usize, usize)> {
    let mut pos = sent_start;
    for _ in 0..3 {
        let first = match text.next_tok(pos, limit)? {
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
                match text.next_tok(p, limit)? {
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
        let (s, e) = np_after(text, pos, limit, Coordination::Join).into_iter().next()?;
        if is_capitalized(first) || is(first, List::SubjectPronoun) {
            return cut_at_verb(text, s, e, verbs);
        }
        return None;
    }
    None
}

/// The subject after an inverted verb ("...," said José Luis Ferreira, who ...).
pub(super) fn inverted_subject(
    text: &Doc<'_>,
    ce: usize,
    sent_end: usize,
) -> Option<(usize, usize)> {
    let first = match text.next_tok(ce, sent_end)? {
        Tok::Word(s, e) => &text[s..e],
        Tok::Punct(..) => return None,
    };
    // Compared case-sensitively: "ON Semiconductor" may be an inverted subject.
    const NOT_FIRST: &[&str] =
        &["On", "In", "At", "For", "It", "He", "She", "They", "We", "I", "That", "This", "There"];
    let (s, e) = np_after(text, ce, sent_end, Coordination::Join).into_iter().next()?;
    let caps_soon = || {
        let mut pos = s;
        for _ in 0..6 {
            match text.next_tok(pos, e) {
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
        || m.has(List::Source)
        || (!m.has(List::Preposition) && !m.has(List::Stop) && caps_soon());
    if !ok {
        return None;
    }
    if let Some(Tok::Word(a, b)) = text.next_tok(e, sent_end) {
        if is(&text[a..b], List::Verbish) {
            return None;
        }
    }
    Some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::lexicon::builtin_cues;
    use crate::attribution::text::Doc;

    /// A subject as a string: the phrase, `<shared>` or `<none>`.
    fn show(text: &str, s: Subject) -> &str {
        match s {
            Subject::Span(s, e) => &text[s..e],
            Subject::Shared => "<shared>",
            Subject::None => "<none>",
        }
    }

    #[test]
    fn subject_before_table() {
        let verbs = VerbCues::new(builtin_cues());
        let also7 = format!("officials{} said", " also".repeat(7));
        let also8 = format!("officials{} said", " also".repeat(8));
        // (text ending in the cue, subject)
        let rows: &[(&str, &str)] = &[
            ("Prices edged lower last week, analysts said", "analysts"),
            ("analysts also said", "analysts"), // adverbs are skipped
            ("Trump has steadfastly refused", "Trump"), // any "-ly" adverb
            ("Cruz has long said", "Cruz"),
            ("The assembly said", "The assembly"), // "-ly" nouns are not
            ("The company has repeatedly said", "The company"), // and auxiliaries
            ("analysts on Monday said", "analysts"), // time adjuncts with their lead word
            ("analysts last week said", "analysts"),
            ("analysts Monday said", "analysts"),
            (&also7, "officials"), // eight words skipped at most, the subject included
            (&also8, "<none>"),
            ("The house is said", "<none>"), // a be-form: passive
            ("the said", "<none>"),          // a determiner: "the said property"
            ("The company's reported", "<none>"), // a possessive
            ("in 2019 reported", "<none>"),  // a number
            ("Of the officials, two said", "two"), // a number
            ("Two in three said", "Two in three"),
            ("More than six in 10 said", "six in 10"), // "than" is a stop word
            ("four states reported", "four states"),   // the word before the verb counts
            ("He wants to said", "<none>"),
            ("he said", "he"), // a pronoun is the whole subject
            ("Then He said", "He"),
            ("The company confirmed its outlook and said", "<shared>"),
            ("Demand fell but said", "<shared>"),
            ("Kasich (who has 25 delegates) said", "Kasich"), // the parenthesis is skipped
            // A relative clause right before the verb: the phrase it is about.
            ("Officials who spoke to reporters said", "Officials"),
            ("The 22-year-old Iddu Khan, who worked as a cook told", "The 22-year-old Iddu Khan"),
            ("the firm which makes tyres said", "the firm"),
            ("a man, who said nothing: the guard told", "the guard"), // punctuation between
            ("the system, which advocates say", "advocates"),         // the subject of the clause
            ("the plan, which the ministry denies", "the ministry"),
            ("Having said", "<none>"),               // a gerund
            ("a history that isn't told", "<none>"), // a negated be-form: passive
            ("Kadzik wouldn’t say", "Kadzik"),       // a negated modal is skipped
            ("Jürgen Müller, head of the association, said", "Jürgen Müller"), // appositives
            ("Prices rose, said", "<none>"),
            ("Reuters: said", "<none>"),
            ("said", "<none>"),
            ("All told", "All"), // "All told" is refused by the verb rule, not here
        ];
        for &(text, want) in rows {
            let d = Doc::new(text);
            let cs = text.rfind(' ').map_or(0, |i| i + 1);
            assert_eq!(show(text, subject_before(&d, cs, 0, &verbs)), want, "{text:?}");
        }
        // The scan stays in the sentence.
        let text = "Prices fell. analysts said";
        let d = Doc::new(text);
        assert_eq!(show(text, subject_before(&d, 22, 13, &verbs)), "analysts");
        assert_eq!(show(text, subject_before(&d, 22, 22, &verbs)), "<none>");
    }

    #[test]
    fn appositive_table() {
        let verbs = VerbCues::new(builtin_cues());
        // (text ending in the comma before the verb, the name before the appositives)
        let rows: &[(&str, Option<&str>)] = &[
            ("Jürgen Müller, head of the association,", Some("Jürgen Müller")),
            ("The chief, a former banker,", Some("The chief")),
            ("Ana Souza, 58, a farmer, a mother of three,", Some("Ana Souza")), // three at most
            ("Ana Souza, 58, a farmer, a mother, a widow,", None),
            ("Prices rose and Smith, 58,", Some("Smith")), // after "and"
            ("he, too,", Some("he")),
            ("the ministry, in a statement,", Some("the ministry")), // source-like
            ("prices rose, the minister,", None), // "prices rose": no name, nothing before
            // A name right after a comma may itself be an appositive: the scan goes on, to
            // "Prices rose" here.
            ("Prices rose, Smith, 58,", Some("Prices rose")),
            ("Smith (58),", Some("Smith")), // a parenthesis after the name
            ("Smith: the minister,", None), // other punctuation
        ];
        for &(text, want) in rows {
            let d = Doc::new(text);
            let got = appositive(&d, text.len() - 1, 0, &verbs);
            assert_eq!(got.map(|(s, e)| &text[s..e]), want, "{text:?}");
        }
    }

    #[test]
    fn sentence_subject_table() {
        // (text up to the limit, subject)
        let rows: &[(&str, Option<&str>)] = &[
            ("He", Some("He")),
            ("“We will go,” he", Some("We")), // an opening quote is skipped
            ("After the meeting, Smith", Some("Smith")), // a leading adjunct is skipped
            ("In a statement, Interfax blasted the plan and", Some("Interfax")), // up to a verb
            ("Smith met officials,", Some("Smith")),
            ("In a statement, the ministry", None), // lower case
            ("Meanwhile, officials", None),
            ("In Moscow the minister", None), // an adjunct without its comma
            ("In Moscow. Smith", None),       // nor a full stop in it
            ("they", Some("they")),
            ("- Smith", None),
        ];
        let verbs = VerbCues::new(builtin_cues());
        for &(text, want) in rows {
            let d = Doc::new(text);
            let got = sentence_subject(&d, 0, text.len(), &verbs);
            assert_eq!(got.map(|(s, e)| &text[s..e]), want, "{text:?}");
        }
    }

    #[test]
    fn inverted_subject_table() {
        // (text after the verb, subject)
        let rows: &[(&str, Option<&str>)] = &[
            (" José Luis Ferreira, who heads the delegation.", Some("José Luis Ferreira")),
            (" a spokesman.", Some("a spokesman")), // a determiner
            (" scientists who study them.", Some("scientists")), // a source noun
            (" officials would go.", None),         // followed by a verb
            (" the swap could fail.", None),        // followed by a verb: the object clause
            (" senior official John Smith.", Some("senior official John Smith")), // a title
            (" it.", None),
            (" on Monday.", None), // a preposition
            (" On Monday.", None),
            (" Monday.", None),                               // a time word
            (" ON Semiconductor.", Some("ON Semiconductor")), // not-first words: case-sensitive
            // "He" is no capitalised first word, but passes as a phrase with a capital soon.
            (" He.", Some("He")),
            (" That was all.", None),  // a stop word
            (", the minister.", None), // punctuation first
            ("", None),
        ];
        for &(text, want) in rows {
            let d = Doc::new(text);
            let got = inverted_subject(&d, 0, text.len());
            assert_eq!(got.map(|(s, e)| &text[s..e]), want, "{text:?}");
        }
    }
}
