//! Senses of verb cues that report no speech: a cue word after a preposition ("arrested over
//! alleged blasphemy"), and the object-taking uses of `add`, `dismiss`, `tell`, `show` and
//! `insist` ("added a new feature", "dismissed Kohli four times", "the film told the story",
//! "shows up", "insisted on her voice"); verb cues that are plural nouns ("medical claims on-air").

use super::np::{Coordination, np_after};
use super::words::{List, is, lists};
use crate::attribution::text::{Doc, Tok, is_capitalized, possessive_stem};

/// The words of the object right after `pos`: past determiners, possessive pronouns and
/// numbers, up to four words before a preposition, a stop word or punctuation; its head is the
/// last.
fn object_head<'t>(text: &'t Doc<'_>, pos: usize, limit: usize) -> Option<&'t str> {
    let mut pos = pos;
    let mut head = None;
    for _ in 0..6 {
        let Some(Tok::Word(s, e)) = text.next_tok(pos, limit) else { break };
        let w = &text[s..e];
        let m = lists(w);
        pos = e;
        if m.has(List::Determiner) || m.has(List::Number) || m.has(List::PossessivePronoun) {
            if head.is_some() {
                break;
            }
            continue;
        }
        if m.has(List::Preposition) || m.has(List::Stop) {
            break;
        }
        head = Some(w);
    }
    head
}

/// Whether the verb cue at `[cs, ce)`, between the tokens `prev` and `next`, in a sentence that
/// ends at `sent_end`, is used in a sense that reports no speech:
///
/// * any cue right after a preposition: a noun or an adjective ("over alleged blasphemy"); or
///   after `worth` ("it is worth noting that");
/// * `show`, `tell` with a particle ("shows up", "told off");
/// * `insist on` a thing, not a time ("insisted on only her voice"; not "insisted on Monday");
/// * `tell` with a narrative object ("told the story");
/// * `dismiss`, `reject` without a claim as the object or an `as` after it ("dismissed Kohli";
///   not "dismissed the allegations", "dismissed Estonia as a suburb");
/// * `add` with `to` ("adds to the problems"), a prepositional phrase that is no medium of
///   speech or time ("added in phase III"; not "added in a statement", "added on Monday"), or
///   an object that is no speech and no verb follows ("added a new feature"; not "added the
///   company would", "added a note of caution");
/// * `claims`, `demands`, also plural nouns, before a preposition or punctuation ("medical
///   claims on-air", "his tax claims."), unless a subject pronoun comes before them or a
///   quotation, a colon or `to` after them.
pub(super) fn not_speech(
    text: &Doc<'_>,
    (cs, ce): (usize, usize),
    prev: Option<Tok>,
    next: Option<Tok>,
    sent_end: usize,
) -> bool {
    if let Some(Tok::Word(s, e)) = prev {
        // "It is worth noting that": what is worth doing, not who does it (lower case: not
        // the name in "Worth said").
        if is(&text[s..e], List::Preposition) || &text[s..e] == "worth" {
            return true;
        }
    }
    let m = lists(&text[cs..ce]);
    if m.has(List::NounVerb) {
        // A plural noun before a preposition or punctuation, unless a pronoun is its subject
        // ("…, he claims.") or a quotation or colon follows ("claims “Jeb is…”").
        let pronoun =
            matches!(prev, Some(Tok::Word(s, e)) if is(&text[s..e], List::SubjectPronoun));
        return !pronoun
            && match next {
                Some(Tok::Word(s, e)) => {
                    // The first part of a compound: "on-air".
                    let w = text[s..e].split('-').next().unwrap_or_default();
                    is(w, List::Preposition) && !w.eq_ignore_ascii_case("to")
                }
                Some(Tok::Punct(_, _, c)) => !matches!(c, '"' | '“' | '\'' | '‘' | ':'),
                None => true,
            };
    }
    if !(m.has(List::ShowVerb)
        || m.has(List::TellVerb)
        || m.has(List::InsistVerb)
        || m.has(List::DismissVerb)
        || m.has(List::AddVerb))
    {
        return false;
    }
    let next = match next {
        Some(Tok::Word(s, e)) => Some((s, e, &text[s..e])),
        _ => None,
    };
    let next_is = |w: &str| next.is_some_and(|(_, _, n)| n.eq_ignore_ascii_case(w));
    if (m.has(List::ShowVerb) || m.has(List::TellVerb))
        && next.is_some_and(|(_, _, n)| is(n, List::Particle))
    {
        return true;
    }
    if m.has(List::InsistVerb) && next_is("on") {
        let after = next.and_then(|(_, e, _)| object_head(text, e, sent_end));
        return !after.is_some_and(|w| is(w, List::Time));
    }
    if m.has(List::TellVerb) {
        return object_head(text, ce, sent_end).is_some_and(|w| is(w, List::NarrativeNoun));
    }
    if m.has(List::DismissVerb) {
        let Some((s, _, n)) = next else { return false };
        let head = if is(n, List::ClaimNoun) { Some(n) } else { object_head(text, s, sent_end) };
        let claim =
            head.is_some_and(|w| is(possessive_stem(w).map_or(w, |k| &w[..k]), List::ClaimNoun));
        return !claim && !as_soon(text, ce, sent_end);
    }
    if m.has(List::AddVerb) {
        let Some((s, e, n)) = next else { return false };
        let nm = lists(n);
        if n.eq_ignore_ascii_case("to") {
            return true;
        }
        if n.eq_ignore_ascii_case("that") || nm.has(List::Time) || nm.has(List::Adjunct) {
            return false;
        }
        if is_capitalized(n) && !nm.has(List::Determiner) {
            return false; // "added Prasad": an inverted subject
        }
        if nm.has(List::Preposition) {
            let head = object_head(text, e, sent_end);
            return !head.is_some_and(|w| is(w, List::Medium) || is(w, List::Time));
        }
        if object_head(text, ce, sent_end).is_some_and(|w| is(w, List::SpeechNoun)) {
            return false; // "added the words", "added a note of caution"
        }
        // An object, or the subject of a clause: "added the company would".
        let Some(&(_, oe)) = np_after(text, s, sent_end, Coordination::Join).first() else {
            return false;
        };
        return !matches!(text.next_tok(oe, sent_end),
            Some(Tok::Word(a, b)) if is(&text[a..b], List::Verbish) || is(&text[a..b], List::Be));
    }
    false
}

/// Whether `as` comes within six words after `pos`: "dismissed NATO member Estonia as".
fn as_soon(text: &Doc<'_>, mut pos: usize, limit: usize) -> bool {
    for _ in 0..6 {
        match text.next_tok(pos, limit) {
            Some(Tok::Word(s, e)) if text[s..e].eq_ignore_ascii_case("as") => return true,
            Some(Tok::Word(_, e)) => pos = e,
            _ => return false,
        }
    }
    false
}

/// Whether a subject can show information: a word of it names an artifact or is a pronoun
/// ("polls", "the data", "Video of the incident", "it").
pub(super) fn artifact(text: &Doc<'_>, s: usize, e: usize) -> bool {
    let mut pos = s;
    while let Some(t) = text.next_tok(pos, e) {
        pos = t.end();
        if let Tok::Word(a, b) = t {
            let w = &text[a..b];
            if is(possessive_stem(w).map_or(w, |k| &w[..k]), List::Artifact) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_speech_table() {
        // (sentence, cue, no speech)
        let rows = [
            ("A man was arrested over alleged blasphemy", "alleged", true), // after a preposition
            ("Smith alleged that he was cheated", "alleged", false),
            ("It's worth noting that this is the first time", "noting", true), // after "worth"
            ("Worth said that this is the first time", "said", false),         // a name
            ("An honest cop shows up", "shows", true),                         // a particle
            ("He told off the umpire", "told", true),
            ("Madhubala insisted on only Lataji's voice", "insisted", true),
            ("He insisted on Monday that he was right", "insisted", false), // a time
            ("The film told the story of a farmer", "told", true),          // a narrative object
            ("She told the court that he lied", "told", false),
            ("Anderson dismissed Kohli four times", "dismissed", true), // no claim
            ("He dismissed the allegations as baseless", "dismissed", false),
            ("He dismissed reports that he would quit", "dismissed", false),
            ("She dismissed it as rumour", "dismissed", false),
            ("Gingrich dismissed NATO member Estonia as a suburb", "dismissed", false), // "as"
            ("They rejected the ministry's claims", "rejected", false), // a possessive object
            ("The decision further adds to the problems", "adds", true), // "to"
            ("the 140 kilometres added in phase III", "added", true),   // no medium
            ("He added in a statement that rates would rise", "added", false),
            ("They have added an app drawer.", "added", true), // an object
            ("Vodafone added 1.83 million new connections", "added", true),
            ("He added the company would cut jobs", "added", false), // a clause
            ("She added the words, “Hillary Clinton.”", "added", false), // speech as the object
            ("He added a note of caution", "added", false),
            ("“Too little,” he added on Twitter.", "added", false), // a medium
            ("He added it was over", "added", false),
            ("He added that it was over", "added", false),
            ("He added on Monday that it was over", "added", false), // a time
            ("he added.", "added", false),
            ("said Jaitley, adding, “Congress had”", "adding", false),
            ("“It was late,” added Prasad.", "added", false), // an inverted subject
            // Verb cues that are also plural nouns.
            ("He made dubious medical claims on-air", "claims", true), // a preposition
            ("Pagliano's Fifth Amendment claims, prosecutors said", "claims", true), // a comma
            ("walking the walk on his tax claims.", "claims", true),
            ("QUESTIONABLE MEDICAL CLAIMS — For years", "CLAIMS", true),
            ("the protesters' demands for a recount", "demands", true),
            ("But Trump claims that he should be the exception", "claims", false),
            ("The ad claims “Jeb is the conservative”", "claims", false), // a quotation
            ("as Sanders claims to desire", "claims", false),             // "to" + verb
            ("It will fail, he claims.", "claims", false),                // a pronoun subject
            ("The union demands a raise", "demands", false),
            ("Officials said the swap could fail", "said", false), // other cues: no test
        ];
        for (text, cue, want) in rows {
            let d = Doc::new(text);
            let (cs, ce) = (text.find(cue).unwrap(), text.find(cue).unwrap() + cue.len());
            let (prev, next) = (d.prev_tok(cs, 0), d.next_tok(ce, text.len()));
            assert_eq!(not_speech(&d, (cs, ce), prev, next, text.len()), want, "{text:?}");
        }
    }

    #[test]
    fn artifact_table() {
        // (subject, can show information)
        let rows = [
            ("Polls", true),
            ("the latest data", true),
            ("The ministry's records", true),
            ("Gandhis attack on Modi", false),
            ("Video of the incident", true), // any word of it
            ("It", true),
            ("hunky dory till an honest cop", false),
            ("Trump", false),
        ];
        for (text, want) in rows {
            assert_eq!(artifact(&Doc::new(text), 0, text.len()), want, "{text:?}");
        }
    }
}
