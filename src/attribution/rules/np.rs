//! Source noun phrases: scanned back from a cue, read forward after one, and whether one names
//! a source.

use std::collections::HashSet;

use super::MAX_NP_WORDS;
use super::words::{FastHash, List, Mask, is, lists};
use crate::attribution::lexicon::{AttributionKind, CueDirection, CueEntry};
use crate::attribution::text::{Doc, Tok, is_capitalized, possessive_stem, words};
use crate::unicode::{is_alphabetic, is_uppercase, simple_fold};

/// The single-word verb cues of an engine ("said", "denied": kinds said and reported, directions
/// before and either), in lower case (simple case folding). A word written so ends a noun
/// phrase scanned backwards: "The ministry denied Yonhap's report" gives "Yonhap".
#[derive(Debug, Default)]
pub(super) struct VerbCues(HashSet<Box<str>, FastHash>);

impl VerbCues {
    /// The verb cues among `cues`.
    pub(super) fn new(cues: &[CueEntry]) -> VerbCues {
        let single_word = |t: &str| {
            let mut ws = words(t);
            match (ws.next(), ws.next()) {
                (Some(w), None) => Some(w.chars().map(simple_fold).collect::<Box<str>>()),
                _ => None,
            }
        };
        VerbCues(
            cues.iter()
                .filter(|c| {
                    matches!(c.kind, AttributionKind::Said | AttributionKind::Reported)
                        && matches!(c.direction, CueDirection::Before | CueDirection::Either)
                })
                .filter_map(|c| single_word(&c.text))
                .collect(),
        )
    }

    /// Whether `w`, as written, is one of them: "denied", not "Denied" (no entry has an ASCII
    /// capital, so a word starting with one is not even hashed).
    pub(super) fn contains(&self, w: &str) -> bool {
        w.bytes().next().is_some_and(|b| !b.is_ascii_uppercase()) && self.0.contains(w)
    }
}

/// The noun phrase ending at `end`, scanning back to a stop word, a verb cue, punctuation or
/// `limit`.
pub(super) fn collect_np_back(
    text: &Doc<'_>,
    end: usize,
    limit: usize,
    verbs: &VerbCues,
) -> Option<(usize, usize)> {
    let mut pos = end;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut capped = false;
    while let Some(Tok::Word(s, e)) = text.prev_tok(pos, limit) {
        let w = &text[s..e];
        // A capitalised stop word after another capitalised word is part of a name ("Theresa
        // May", "Yin Myint May"); at the start it is not ("Even Rendell").
        let in_name = is_capitalized(w)
            && matches!(text.prev_tok(s, limit), Some(Tok::Word(a, b)) if is_capitalized(&text[a..b]));
        if (is(w, List::Stop) && !in_name) || verbs.contains(w) {
            break;
        }
        if words.len() >= MAX_NP_WORDS {
            capped = true;
            break;
        }
        words.push((s, e));
        pos = s;
    }
    words.reverse();
    if capped {
        // No clear left edge: keep the trailing run of capitalised words, or the last three.
        let run = words.iter().rev().take_while(|&&(s, e)| is_capitalized(&text[s..e])).count();
        let keep = if run > 0 { run } else { 3 };
        let cut = words.len() - keep.min(words.len());
        words.drain(..cut);
    }
    while words.first().is_some_and(|&(s, e)| is(&text[s..e], List::LeadDrop)) {
        words.remove(0);
    }
    let (s, _) = *words.first()?;
    let (_, e) = *words.last()?;
    let head = &text[words.last()?.0..e];
    // The head is a word, or the number of a share: "six in 10", "four out of 10".
    let share = words.len() >= 3 && {
        let (a, b) = words[words.len() - 2];
        text[a..b].eq_ignore_ascii_case("in") || text[a..b].eq_ignore_ascii_case("of")
    };
    if !head.chars().next().is_some_and(is_alphabetic) && !share {
        return None;
    }
    Some((s, e))
}

/// How [`np_after`] treats `and` (or `&`) in a phrase.
#[derive(Clone, Copy)]
pub(super) enum Coordination<'a> {
    /// One phrase: `and` before a capitalised word joins a name ("PTI and Reuters"), any other
    /// `and` ends the phrase.
    Join,
    /// Coordinated sources, one phrase each: `and` before a lower-case word or a determiner
    /// starts a new phrase ("internal emails and three current employees", "CIA reports and
    /// minutes of ..."), and so does `and` before a capitalised word where the test says a known
    /// name starts ("PTI and Reuters"); otherwise it joins a name ("the Ministry of Health and
    /// Family Welfare").
    Split(&'a dyn Fn(usize) -> bool),
}

/// The noun phrase(s) after a cue, up to punctuation, a stop word, a time word or
/// [`MAX_NP_WORDS`] words, coordinated ones apart as `coordination` says. A parenthesis right
/// after a word is kept when it holds an acronym ("(ASDMA)") or a capitalised name that the
/// phrase goes on after ("the Unified Traffic and Transportation Infrastructure (Planning &
/// Engineering) Centre").
pub(super) fn np_after(
    text: &Doc<'_>,
    start: usize,
    limit: usize,
    coordination: Coordination<'_>,
) -> Vec<(usize, usize)> {
    let mut pieces: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    let mut pos = start;
    let mut count = 0;
    while let Some(t) = text.next_tok(pos, limit) {
        let cur_nonempty = pieces.last().is_some_and(|p| !p.is_empty());
        match t {
            Tok::Word(s, e) => {
                let w = &text[s..e];
                if w.eq_ignore_ascii_case("and") || w == "&" {
                    let next = match text.next_tok(e, limit) {
                        Some(Tok::Word(a, b)) => Some((a, &text[a..b])),
                        _ => None,
                    };
                    if !cur_nonempty {
                        break;
                    }
                    let next_cap = next.is_some_and(|(_, w)| is_capitalized(w));
                    let new_phrase = match coordination {
                        Coordination::Join => false,
                        Coordination::Split(starts_name) => match next {
                            Some((a, w)) if is_capitalized(w) => {
                                is(w, List::Determiner) || starts_name(a)
                            }
                            Some(_) => true,
                            None => false,
                        },
                    };
                    if new_phrase {
                        pieces.push(Vec::new());
                    } else if next_cap {
                        if let Some(p) = pieces.last_mut() {
                            p.push((s, e));
                        }
                    } else {
                        break;
                    }
                    pos = e;
                    continue;
                }
                let m = lists(w);
                if m.has(List::Stop) || m.has(List::Time) {
                    break;
                }
                count += 1;
                if count > MAX_NP_WORDS {
                    break;
                }
                if let Some(p) = pieces.last_mut() {
                    p.push((s, e));
                }
                pos = e;
            }
            Tok::Punct(_, _, '(') if cur_nonempty => match parenthesis(text, t.end(), limit) {
                Some((close, acronym)) => {
                    let goes_on = matches!(text.next_tok(close, limit),
                        Some(Tok::Word(a, b)) if !is(&text[a..b], List::Stop));
                    if !acronym && !goes_on {
                        break;
                    }
                    if let Some(p) = pieces.last_mut() {
                        p.push((t.start(), close));
                    }
                    pos = close;
                }
                None => break,
            },
            Tok::Punct(..) => break,
        }
    }
    let mut out = Vec::new();
    for mut p in pieces {
        while p.last().is_some_and(|&(s, e)| is(&text[s..e], List::EdgeDrop)) {
            p.pop();
        }
        while p.first().is_some_and(|&(s, e)| is(&text[s..e], List::Coordinator)) {
            p.remove(0);
        }
        if let (Some(&(s, _)), Some(&(_, e))) = (p.first(), p.last()) {
            out.push((s, e));
        }
    }
    out
}

/// The parenthesis opened before `pos`, when it holds one acronym ("ASDMA") or up to six
/// capitalised words joined by `&` or `and` ("Planning & Engineering"): the end of its `)` and
/// whether it is an acronym.
fn parenthesis(text: &Doc<'_>, pos: usize, limit: usize) -> Option<(usize, bool)> {
    let mut p = pos;
    let mut n = 0;
    let mut acronym = true;
    loop {
        match text.next_tok(p, limit)? {
            Tok::Word(s, e) => {
                let w = &text[s..e];
                let joiner = w == "&" || w.eq_ignore_ascii_case("and");
                if (n == 0 && joiner) || !(joiner || is_capitalized(w)) {
                    return None;
                }
                acronym &= n == 0 && w.chars().all(|c| is_uppercase(c) || c == '-');
                n += 1;
                if n > 6 {
                    return None;
                }
                p = e;
            }
            Tok::Punct(_, e, ')') if n > 0 => return Some((e, acronym)),
            Tok::Punct(..) => return None,
        }
    }
}

/// Whether `w`, the word after `prev` inside a noun phrase read forwards, is a verb that ends the
/// phrase: written in lower case, and a verb cue of the engine, an irregular past-tense verb, or
/// an `-ed` word (not `-eed`) after a word that is not a determiner, a number or an `-ly` adverb
/// ("Interfax blasted", "Smith met"; not "the detained youths", "the newly elected head").
fn ends_subject(w: &str, prev: &str, verbs: &VerbCues) -> bool {
    if is_capitalized(w) {
        return false;
    }
    if verbs.contains(w) || is(w, List::PastVerb) {
        return true;
    }
    let p = lists(prev);
    w.len() > 4
        && w.ends_with("ed")
        && !w.ends_with("eed")
        && !p.has(List::Determiner)
        && !p.has(List::Number)
        && !prev.ends_with("ly")
}

/// The noun phrase `[s, e)` read forwards, cut before its first verb ([`ends_subject`]): the
/// subject of "Interfax blasted the plan and said" is "Interfax".
pub(super) fn cut_at_verb(
    text: &Doc<'_>,
    s: usize,
    e: usize,
    verbs: &VerbCues,
) -> Option<(usize, usize)> {
    let mut pos = s;
    let mut end = None;
    let mut prev: Option<&str> = None;
    while let Some(t) = text.next_tok(pos, e) {
        pos = t.end();
        if let Tok::Word(ws, we) = t {
            let w = &text[ws..we];
            if prev.is_some_and(|p| ends_subject(w, p, verbs)) {
                break;
            }
            prev = Some(w);
        }
        end = Some(t.end());
    }
    Some((s, end?))
}

/// `w` without a possessive clitic.
fn stem(w: &str) -> &str {
    possessive_stem(w).map_or(w, |n| &w[..n])
}

/// The lists of `w`, or of each part of `w` split at `/` ("trends/results").
fn lists_of_parts(w: &str) -> Mask {
    if w.contains('/') {
        w.split('/').fold(Mask::default(), |m, p| m.or(lists(p)))
    } else {
        lists(w)
    }
}

/// Whether `w` is a lower-case participle: `stating`, `signed`.
fn is_participle(w: &str) -> bool {
    !is_capitalized(w) && w.len() > 4 && (w.ends_with("ing") || w.ends_with("ed"))
}

/// Whether a noun phrase after a prepositional cue names a source, read from its head: the last
/// word of its head region (the words after its determiners and a leading quantifier such as
/// "a lot of", up to a preposition, a participle or a provider participle), skipping numbers
/// and trailing participles ("an executive order signed by" has the head "order"), without a
/// possessive clitic, each part of "trends/results" tested:
///
/// * a unit noun first ("per cent", "per capita income"), a head that names a rule ("the Motor
///   Vehicles Act", "Section 144", "the court's order", "the revised guidelines") or a basis
///   ("size", "your convenience"), or a name that ends in a capitalised rule noun ("Delhi
///   Preservation of Trees Act") is no source;
/// * a source head ("officials", "the 2011 census", "the feedback") is one;
/// * an information noun ("information", "input") is one only with a possessor ("my
///   information") or a provider ("information provided by the MCI", "input shared by X");
/// * otherwise the first source, rule or basis noun of the head region decides, else its first
///   word: capitalised (not a month) or a pronoun; with `strict` off, anything.
pub(super) fn source_like(text: &Doc<'_>, s: usize, e: usize, strict: bool) -> bool {
    let mut ws: Vec<&str> = Vec::new();
    let mut pos = s;
    while let Some(t) = text.next_tok(pos, e) {
        pos = t.end();
        if let Tok::Word(a, b) = t {
            ws.push(&text[a..b]);
        }
    }
    let numeric = |w: &str| w.chars().next().is_some_and(crate::unicode::is_numeric);
    if ws.first().is_some_and(|w| is(w, List::Unit)) {
        return false;
    }
    if let Some(w) = ws.iter().rev().find(|w| !numeric(w)) {
        if is_capitalized(w) && is(w, List::Rule) {
            return false;
        }
    }
    let mut start = 0;
    while start < ws.len() && is(ws[start], List::Determiner) {
        start += 1;
    }
    if start + 1 < ws.len()
        && is(ws[start], List::Quantifier)
        && ws[start + 1].eq_ignore_ascii_case("of")
    {
        start += 2;
        while start < ws.len() && is(ws[start], List::Determiner) {
            start += 1;
        }
    }
    // A participle ends the head region when no noun follows it ("the schedule approved by",
    // "an order stating it"); before one it is a modifier ("the board approved policy").
    let modifier = |k: usize| {
        ws.get(k + 1).is_some_and(|n| {
            let m = lists(n);
            !(m.has(List::Preposition)
                || m.has(List::Determiner)
                || m.has(List::SubjectPronoun)
                || m.has(List::ObjectPronoun)
                || m.has(List::Stop)
                || is_participle(n))
        })
    };
    let mut end = start;
    while end < ws.len() {
        let w = ws[end];
        let m = lists(w);
        let participle = is_participle(w) && !modifier(end);
        if end > start && (m.has(List::Preposition) || m.has(List::Provider) || participle) {
            break;
        }
        end += 1;
    }
    let region = &ws[start..end];
    let head = region
        .iter()
        .enumerate()
        .rev()
        .find(|(k, w)| !(numeric(w) || (*k > 0 && is_participle(w))))
        .map(|(k, w)| (start + k, stem(w)));
    if let Some((h, w)) = head {
        let m = lists_of_parts(w);
        if m.has(List::Rule) || m.has(List::Trap) {
            return false;
        }
        if m.has(List::Info) {
            let possessed = ws[..h]
                .iter()
                .any(|w| is(w, List::PossessivePronoun) || possessive_stem(w).is_some());
            let next = |k: usize| ws.get(k).copied().unwrap_or("");
            let from_by = |w: &str| w.eq_ignore_ascii_case("by") || w.eq_ignore_ascii_case("from");
            let provided =
                from_by(next(h + 1)) || (is(next(h + 1), List::Provider) && from_by(next(h + 2)));
            return possessed || provided;
        }
        if m.has(List::Source) {
            return true;
        }
    }
    for w in region {
        let m = lists_of_parts(stem(w));
        if m.has(List::Source) {
            return true;
        }
        if m.has(List::Rule) || m.has(List::Trap) {
            return false;
        }
    }
    let Some(first) = region.first().map(|w| stem(w)) else { return false };
    let m = lists(first);
    if is_capitalized(first) {
        return !m.has(List::Month);
    }
    m.has(List::SubjectPronoun) || m.has(List::ObjectPronoun) || !strict
}

#[cfg(test)]
mod tests {
    use super::super::testing::engine;
    use super::*;
    use crate::attribution::lexicon::builtin_cues;
    use crate::attribution::text::Doc;

    #[test]
    fn collect_np_back_table() {
        let builtin = VerbCues::new(builtin_cues());
        let none = VerbCues::default();
        // (text, the phrase ends before this, built-in verb cues?, phrase)
        let rows: &[(&str, &str, bool, Option<&str>)] = &[
            ("Prices fell, analysts said", " said", true, Some("analysts")), // punctuation
            (
                "The Interfax news agency reported",
                " reported",
                true,
                Some("The Interfax news agency"),
            ),
            ("Officials who spoke to reporters said", " said", true, Some("reporters")), // "to"
            ("The agency AND officials said", " said", true, Some("officials")), // ASCII case
            ("it's officials said", " said", true, Some("officials")),
            // A verb cue ends the phrase, if it is one of the engine's, written in lower case.
            ("The ministry denied Yonhap report", " report", true, Some("Yonhap")),
            (
                "The ministry denied Yonhap report",
                " report",
                false,
                Some("The ministry denied Yonhap"),
            ),
            (
                "The ministry Denied Yonhap report",
                " report",
                true,
                Some("The ministry Denied Yonhap"),
            ),
            ("of the ministry said", " said", true, Some("the ministry")), // leading "of" dropped
            ("Theresa May said", " said", true, Some("Theresa May")),      // a stop word in a name
            ("Even Rendell said", " said", true, Some("Rendell")),         // not at the start
            ("then officials said", " said", true, Some("officials")),     // "then" is a stop word
            ("the 2024 said", " said", true, None),                        // the head is no word
            ("said", "said", true, None),
            (", said", " said", true, None),
            // Twelve words at most; past that, the trailing capitalised run or the last three.
            ("a b c d e f g h i j k l said", " said", true, Some("a b c d e f g h i j k l")),
            ("a b c d e f g h i j k l m said", " said", true, Some("k l m")),
            ("a b c d e f g h i j k John Smith said", " said", true, Some("John Smith")),
        ];
        for &(text, before, verbs, want) in rows {
            let d = Doc::new(text);
            let end = text.find(before).unwrap();
            let got = collect_np_back(&d, end, 0, if verbs { &builtin } else { &none });
            assert_eq!(got.map(|(s, e)| &text[s..e]), want, "{text:?}");
        }
        // The scan stops at `limit`.
        let text = "Reuters Television said";
        let d = Doc::new(text);
        assert_eq!(collect_np_back(&d, 18, 8, &builtin), Some((8, 18)));
    }

    #[test]
    fn verb_cues_of_an_engine() {
        use AttributionKind::*;
        use CueDirection::*;
        let cues = [
            CueEntry::new("Blurted", Said, Either), // folded to lower case
            CueEntry::new("slammed", Reported, Before),
            CueEntry::new("hinted", Said, After), // not a verb direction
            CueEntry::new("memo", NounCue, Possessive), // not a verb kind
            CueEntry::new("said in a report", Reported, Either), // not one word
            CueEntry::new(" Äußerte ", Said, Before),
        ];
        let v = VerbCues::new(&cues);
        // (word, is a verb cue)
        let rows = [
            ("blurted", true),
            ("Blurted", false), // written with a capital: a name, not a verb
            ("BLURTED", false),
            ("slammed", true),
            ("hinted", false),
            ("memo", false),
            ("said", false),
            ("äußerte", true),
            ("", false),
        ];
        for (w, want) in rows {
            assert_eq!(v.contains(w), want, "{w:?}");
        }
        let builtin = VerbCues::new(builtin_cues());
        for (w, want) in [("said", true), ("denied", true), ("quoted", true), ("according", false)]
        {
            assert_eq!(builtin.contains(w), want, "{w:?}");
        }
    }

    #[test]
    fn cut_at_verb_table() {
        let verbs = VerbCues::new(builtin_cues());
        // (phrase, the phrase up to its first verb)
        let rows = [
            ("Interfax blasted the plan", "Interfax"), // an -ed verb after a name
            ("Smith met officials", "Smith"),          // an irregular past tense
            ("The ministry denied reports", "The ministry"), // a verb cue
            ("the detained youths", "the detained youths"), // after a determiner: an adjective
            ("three injured workers", "three injured workers"), // after a number
            ("the newly elected head", "the newly elected head"), // after an -ly adverb
            ("Ahmed Khan", "Ahmed Khan"),              // a capitalised name
            ("the Reserve Bank of India", "the Reserve Bank of India"),
            ("Police need help", "Police need help"), // -eed
            (
                "Assam State Disaster Management Authority (ASDMA) issued",
                "Assam State Disaster Management Authority (ASDMA)",
            ),
        ];
        for (text, want) in rows {
            let d = Doc::new(text);
            let got = cut_at_verb(&d, 0, text.len(), &verbs).map(|(s, e)| &text[s..e]);
            assert_eq!(got, Some(want), "{text:?}");
        }
    }

    #[test]
    fn np_after_table() {
        // (text, the phrase starts after this, split coordinated sources, phrases)
        let rows: &[(&str, &str, bool, &[&str])] = &[
            ("according to The New York Times.", "to", false, &["The New York Times"]),
            (
                "citing internal emails and three current employees",
                "citing",
                true,
                &["internal emails", "three current employees"],
            ),
            (
                "citing internal emails and three current employees",
                "citing",
                false,
                &["internal emails"],
            ),
            ("citing Lee and others", "citing", true, &["Lee", "others"]),
            // "A" is the article "a", dropped at the end of a phrase.
            ("citing A and b", "citing", true, &["b"]),
            // "and" before a capital joins the names, unless a known name or a determiner starts
            // there.
            ("according to PTI and Reuters, prices rose", "to", false, &["PTI and Reuters"]),
            ("according to PTI and Reuters, prices rose", "to", true, &["PTI", "Reuters"]),
            ("as per Smith and The Hindu", "per", true, &["Smith", "The Hindu"]),
            (
                "according to the Ministry of Health and Family Welfare",
                "to",
                true,
                &["the Ministry of Health and Family Welfare"],
            ),
            (
                "As per CIA reports and minutes of high-level meetings",
                "per",
                true,
                &["CIA reports", "minutes of high-level meetings"],
            ),
            // A lone "&" is "and".
            ("per Reuters & AP", "per", false, &["Reuters & AP"]),
            ("citing Reuters & officials", "citing", true, &["Reuters", "officials"]),
            (
                "according to the Assam State Disaster Management Authority (ASDMA) on Monday",
                "to",
                false,
                &["the Assam State Disaster Management Authority (ASDMA)"],
            ),
            // A parenthesised name is kept when the phrase goes on after it.
            (
                "as per the Transport (Planning & Engineering) Centre guidelines, the road",
                "per",
                false,
                &["the Transport (Planning & Engineering) Centre guidelines"],
            ),
            (
                "according to the Centre (Planning & Engineering), roads",
                "to",
                false,
                &["the Centre"],
            ),
            ("according to Yonhap (a news agency)", "to", false, &["Yonhap"]),
            ("as per (ASDMA)", "per", false, &[]),
            (
                "according to officials in the ministry who asked",
                "to",
                false,
                &["officials in the ministry"],
            ),
            ("according to officials on Monday", "to", false, &["officials"]), // "on" dropped
            ("according to the", "to", false, &[]),
            ("according to and", "to", false, &[]),
            (
                "per x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13",
                "per",
                false,
                &["x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12"],
            ),
        ];
        for &(text, after, split, want) in rows {
            let d = Doc::new(text);
            let start = text.find(after).unwrap() + after.len();
            let starts_name = |p: usize| engine().starts_name(text, p);
            let coordination =
                if split { Coordination::Split(&starts_name) } else { Coordination::Join };
            let got: Vec<&str> = np_after(&d, start, text.len(), coordination)
                .into_iter()
                .map(|(s, e)| &text[s..e])
                .collect();
            assert_eq!(got, want, "{text:?} split {split}");
        }
        // The phrase stops at `limit`.
        let text = "according to Reuters Television";
        assert_eq!(np_after(&Doc::new(text), 12, 20, Coordination::Join), [(13, 20)]);
    }

    #[test]
    fn source_like_table() {
        // (phrase, strict, names a source)
        let rows = [
            ("plan", false, false),                                 // a trap noun
            ("the schedule approved by the cabinet", false, false), // a trap noun
            ("the new rules", false, false),
            ("capita income", false, false),
            ("the size of the crowd", true, false),
            ("officials", true, true),                     // a source noun
            ("the Interior Ministry", true, true),         // in any ASCII case
            ("people familiar with the plan", true, true), // the source noun comes first
            ("a person close to the board", true, true),   // "person": a source before a trap
            ("Yonhap's report", true, true),               // "report", past the possessive
            ("officials'", true, true),                    // the stem of a plural possessive
            ("Bloomberg", true, true),                     // a capitalised first word
            ("the Post", true, true),                      // determiners are skipped
            ("he", true, true),                            // pronouns
            ("him", true, true),
            ("strong sales", true, false), // lower case, no source noun: strict fails
            ("strong sales", false, true), // and the lax test passes
            ("a copy of the Reuters report", true, false), // the head region ends at "of"
            ("a copy of the Reuters report", false, true),
            ("in the city", false, true), // "in" is the first content word
            ("in the city", true, false),
            ("the", true, false), // no content word
            ("the", false, false),
            ("", false, false),
            // Rules a clause follows: the head names a rule, or a name ends in one.
            ("the Motor Vehicles Act", false, false),
            ("Delhi Preservation of Trees Act", true, false), // the head region is a name
            ("Section 144 of CrPC", true, false),             // numbers are no head
            ("the ministry's notification", true, false),
            ("the court's order", true, false),
            ("the revised guidelines", false, false),
            ("an executive order signed by the President", true, false), // a participle after
            ("the Election Commission?s 2002 order stating it", true, false), // "?s": lost "’s"
            ("the bank's board approved policy", true, false),           // "approved": a modifier
            ("Rashtrapati Bhavan architectural features like cornice", true, false), // a basis
            ("your convenience", false, false),
            ("a January 31", true, false), // a month is no name
            ("cent", true, false),         // a unit first: "per cent"
            ("person", true, false),       // "per person"
            // Information nouns need a possessor or a provider.
            ("information", false, false),
            ("available information", true, false),
            ("the information shared to India Today", true, false),
            ("information provided by the Medical Council of India", true, true),
            ("the latest input shared by the Intelligence Bureau", true, true),
            ("my information", true, true),
            // Source heads.
            ("the feedback", true, true),
            ("the 2011 census", true, true),
            ("the trends/results available for 270 seats", true, true), // either part
            ("a lot of UK businesses", true, true),                     // past a quantifier
            ("the March subscriber data released by TRAI", true, true), // a month, then a source
            ("the Nikahnama documents", true, true),
        ];
        for (text, strict, want) in rows {
            let d = Doc::new(text);
            assert_eq!(source_like(&d, 0, text.len(), strict), want, "{text:?} strict {strict}");
        }
    }
}
