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
        if is(w, List::Stop) || verbs.contains(w) {
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
    if !head.chars().next().is_some_and(is_alphabetic) {
        return None;
    }
    Some((s, e))
}

/// The noun phrase(s) after a cue; with `split`, coordinated phrases ("internal emails and three
/// current employees") are returned separately.
pub(super) fn np_after(
    text: &Doc<'_>,
    start: usize,
    limit: usize,
    split: bool,
) -> Vec<(usize, usize)> {
    let mut pieces: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    let mut pos = start;
    let mut count = 0;
    while let Some(t) = text.next_tok(pos, limit) {
        match t {
            Tok::Word(s, e) => {
                let w = &text[s..e];
                if w.eq_ignore_ascii_case("and") || w == "&" {
                    let next_cap = matches!(text.next_tok(e, limit), Some(Tok::Word(a, b)) if is_capitalized(&text[a..b]));
                    let cur_nonempty = pieces.last().is_some_and(|p| !p.is_empty());
                    if split && !next_cap && cur_nonempty {
                        pieces.push(Vec::new());
                        pos = e;
                        continue;
                    }
                    if next_cap && cur_nonempty {
                        if let Some(p) = pieces.last_mut() {
                            p.push((s, e));
                        }
                        pos = e;
                        continue;
                    }
                    break;
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
            Tok::Punct(_, _, '(') => {
                // A parenthesised acronym right after the name: "(ASDMA)".
                match (text.next_tok(t.end(), limit), pieces.last().is_some_and(|p| !p.is_empty()))
                {
                    (Some(Tok::Word(s, e)), true)
                        if text[s..e].chars().all(|c| is_uppercase(c) || c == '-') =>
                    {
                        if let Some(Tok::Punct(_, pe, ')')) = text.next_tok(e, limit) {
                            if let Some(p) = pieces.last_mut() {
                                p.push((t.start(), pe));
                            }
                            pos = pe;
                            continue;
                        }
                        break;
                    }
                    _ => break,
                }
            }
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

/// Whether a noun phrase after a prepositional cue names a source: its head region (before the
/// first preposition) has a source noun, or no trap noun and a capitalised first word; with
/// `strict` off, anything without a trap noun.
pub(super) fn source_like(text: &Doc<'_>, s: usize, e: usize, strict: bool) -> bool {
    let mut pos = s;
    let mut first_content: Option<&str> = None;
    while let Some(Tok::Word(ws, we)) = text.next_tok(pos, e) {
        pos = we;
        let w = &text[ws..we];
        let w = possessive_stem(w).map_or(w, |n| &w[..n]);
        let m = lists(w);
        if m.has(List::Source) {
            return true;
        }
        if m.has(List::Trap) {
            return false;
        }
        if first_content.is_none() && !m.has(List::Determiner) {
            first_content = Some(w);
        }
        if m.has(List::Preposition) {
            break;
        }
    }
    let m = first_content.map_or(Mask::default(), lists);
    match first_content {
        Some(w) if is_capitalized(w) || m.has(List::SubjectPronoun) => true,
        Some(_) if m.has(List::ObjectPronoun) => true,
        Some(_) => !strict,
        None => false,
    }
}
