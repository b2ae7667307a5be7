//! The word lists of the rules, as data: `data/words.txt`, one `[section]` per [`List`], parsed
//! once into one hash map from a word (ASCII lower case) to the set of lists that hold it. A
//! lookup is one hash of the ASCII-lowercased token, whatever the number of lists asked about.
//!
//! Only ASCII case is ignored, as `str::eq_ignore_ascii_case` does: `"Said"` and `"SAID"` are
//! `said`, a non-ASCII letter must match exactly. A token longer than the longest word of the
//! file is in no list.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::attribution::text::words;

/// The word lists (`src/attribution/data/words.txt`).
const WORDS_TXT: &str = include_str!("../data/words.txt");

/// Longest word a list may hold, in bytes: lookups lowercase a token on the stack.
const MAX_WORD: usize = 40;

/// A word list: a section of `data/words.txt`, named in the comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum List {
    /// `[stop]`: words that end a source noun phrase, scanning in either direction.
    Stop,
    /// `[edge_drop]`: words dropped at the end of a noun phrase found scanning forwards.
    EdgeDrop,
    /// `[lead_drop]`: words dropped at the start of a noun phrase found scanning backwards.
    LeadDrop,
    /// `[coordinator]`: conjunctions dropped at the start of a coordinated phrase.
    Coordinator,
    /// `[adjunct]`: adverbs, auxiliaries, modals skipped between a subject and its verb.
    Adjunct,
    /// `[ly_noun]`: words in "-ly" that are no adverbs.
    LyNoun,
    /// `[time]`: weekdays, `today`, `week`...
    Time,
    /// `[time_lead]`: `on`, `last`... before a time word.
    TimeLead,
    /// `[be]`: forms of "be".
    Be,
    /// `[determiner]`: determiners.
    Determiner,
    /// `[number]`: number words.
    Number,
    /// `[subject_pronoun]`: subject pronouns.
    SubjectPronoun,
    /// `[possessive_pronoun]`: possessive pronouns.
    PossessivePronoun,
    /// `[object_pronoun]`: object pronouns.
    ObjectPronoun,
    /// `[appositive_lead]`: words allowed before a name that has appositives.
    AppositiveLead,
    /// `[leading]`: first words of a leading adjunct phrase of a sentence.
    Leading,
    /// `[verbish]`: words that show a noun phrase is the subject of a clause.
    Verbish,
    /// `[participle_lead]`: words after which a participle takes the clause subject.
    ParticipleLead,
    /// `[inverted_determiner]`: words that may start an inverted subject.
    InvertedDeterminer,
    /// `[preposition]`: words that end the head region of a noun phrase.
    Preposition,
    /// `[trap]`: head nouns of a basis, a measure or a preference.
    Trap,
    /// `[rule]`: head nouns of rules a clause follows.
    Rule,
    /// `[unit]`: measure nouns, no source as the first word after a cue.
    Unit,
    /// `[info]`: information nouns, a source only with a possessor or a provider.
    Info,
    /// `[provider]`: participles naming the provider of an information noun.
    Provider,
    /// `[quantifier]`: quantifiers before `of`.
    Quantifier,
    /// `[month]`: month names.
    Month,
    /// `[source]`: head nouns of sources.
    Source,
    /// `[say]`: speech verbs after which `as` does not end the cue.
    Say,
    /// `[hearsay]`: words after `<cue> to` that make it agentless hearsay.
    Hearsay,
    /// `[noun_or_passive]`: words right after a verb cue that make it a noun or a passive.
    NounOrPassive,
    /// `[past_verb]`: irregular past-tense verbs, which end a subject read forwards.
    PastVerb,
    /// `[add_verb]`: forms of "add".
    AddVerb,
    /// `[dismiss_verb]`: forms of "dismiss" and "reject".
    DismissVerb,
    /// `[tell_verb]`: forms of "tell".
    TellVerb,
    /// `[show_verb]`: forms of "show".
    ShowVerb,
    /// `[insist_verb]`: forms of "insist".
    InsistVerb,
    /// `[noun_verb]`: verb cues that are also plural nouns.
    NounVerb,
    /// `[claim_noun]`: what one dismisses in speech.
    ClaimNoun,
    /// `[narrative_noun]`: objects that make "tell" narration.
    NarrativeNoun,
    /// `[medium]`: media and occasions of speech.
    Medium,
    /// `[speech_noun]`: objects of "add" that are speech.
    SpeechNoun,
    /// `[particle]`: particles that change a verb.
    Particle,
    /// `[artifact]`: subjects that can "show" information.
    Artifact,
    /// `[input_adjective]`: words before "inputs" that name no source.
    InputAdjective,
    /// `[credit_tail]`: what may follow a credit line without brackets.
    CreditTail,
    /// `[place_lead]`: first words of two-word places in bylined datelines.
    PlaceLead,
    /// `[poll]`: what a finding is "in" as its source.
    Poll,
    /// `[label]`: words that label a line, not a speaker.
    Label,
    /// `[agency_tail]`: tail words after a gazetteer name (`news agency`).
    AgencyTail,
    /// `[name_particle]`: name particles of credit-line names.
    NameParticle,
}

/// Every list with its section name in `data/words.txt`.
const SECTIONS: [(&str, List); 51] = [
    ("stop", List::Stop),
    ("edge_drop", List::EdgeDrop),
    ("lead_drop", List::LeadDrop),
    ("coordinator", List::Coordinator),
    ("adjunct", List::Adjunct),
    ("ly_noun", List::LyNoun),
    ("time", List::Time),
    ("time_lead", List::TimeLead),
    ("be", List::Be),
    ("determiner", List::Determiner),
    ("number", List::Number),
    ("subject_pronoun", List::SubjectPronoun),
    ("possessive_pronoun", List::PossessivePronoun),
    ("object_pronoun", List::ObjectPronoun),
    ("appositive_lead", List::AppositiveLead),
    ("leading", List::Leading),
    ("verbish", List::Verbish),
    ("participle_lead", List::ParticipleLead),
    ("inverted_determiner", List::InvertedDeterminer),
    ("preposition", List::Preposition),
    ("trap", List::Trap),
    ("rule", List::Rule),
    ("unit", List::Unit),
    ("info", List::Info),
    ("provider", List::Provider),
    ("quantifier", List::Quantifier),
    ("month", List::Month),
    ("source", List::Source),
    ("say", List::Say),
    ("hearsay", List::Hearsay),
    ("noun_or_passive", List::NounOrPassive),
    ("past_verb", List::PastVerb),
    ("add_verb", List::AddVerb),
    ("dismiss_verb", List::DismissVerb),
    ("tell_verb", List::TellVerb),
    ("show_verb", List::ShowVerb),
    ("insist_verb", List::InsistVerb),
    ("noun_verb", List::NounVerb),
    ("claim_noun", List::ClaimNoun),
    ("narrative_noun", List::NarrativeNoun),
    ("medium", List::Medium),
    ("speech_noun", List::SpeechNoun),
    ("particle", List::Particle),
    ("artifact", List::Artifact),
    ("input_adjective", List::InputAdjective),
    ("credit_tail", List::CreditTail),
    ("place_lead", List::PlaceLead),
    ("poll", List::Poll),
    ("label", List::Label),
    ("agency_tail", List::AgencyTail),
    ("name_particle", List::NameParticle),
];

// One bit of a `u64` per list.
const _: () = assert!(SECTIONS.len() <= 64);

impl List {
    fn bit(self) -> u64 {
        1 << self as u32
    }
}

/// The lists a word is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Mask(u64);

impl Mask {
    /// The lists of either.
    #[inline]
    pub(super) fn or(self, other: Mask) -> Mask {
        Mask(self.0 | other.0)
    }

    /// Whether `list` is one of them.
    #[inline]
    pub(super) fn has(self, list: List) -> bool {
        self.0 & list.bit() != 0
    }
}

/// FNV-1a: a fast hash for short keys. The keys are the fixed words of the file, so no input
/// can grow a bucket.
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap`/`HashSet` hasher for words.
pub(super) type FastHash = BuildHasherDefault<Fnv>;

#[derive(Debug, Default)]
struct Table {
    lists: HashMap<&'static [u8], u64, FastHash>,
    longest: usize,
}

/// Parses `data/words.txt`: `[section]` lines, words separated by white space, `#` comments.
/// Errors name the 1-based line: an unknown or repeated section, a word outside a section, a
/// word with an ASCII capital or longer than [`MAX_WORD`] bytes.
fn parse(src: &'static str) -> Result<Table, String> {
    let mut t = Table::default();
    let mut seen = 0u64;
    let mut cur: Option<List> = None;
    for (i, line) in src.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let Some(&(_, list)) = SECTIONS.iter().find(|(n, _)| *n == name) else {
                return Err(format!("line {}: unknown section [{name}]", i + 1));
            };
            if seen & list.bit() != 0 {
                return Err(format!("line {}: repeated section [{name}]", i + 1));
            }
            seen |= list.bit();
            cur = Some(list);
            continue;
        }
        for w in words(line) {
            let Some(list) = cur else {
                return Err(format!("line {}: {w:?} before the first section", i + 1));
            };
            if w.len() > MAX_WORD || w.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(format!("line {}: {w:?} is too long or not in lower case", i + 1));
            }
            *t.lists.entry(w.as_bytes()).or_default() |= list.bit();
            t.longest = t.longest.max(w.len());
        }
    }
    Ok(t)
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // The file is part of the crate and a unit test parses it: an error cannot happen here.
    TABLE.get_or_init(|| parse(WORDS_TXT).unwrap_or_default())
}

/// The lists `w` is in, ignoring ASCII case.
#[inline]
pub(super) fn lists(w: &str) -> Mask {
    let t = table();
    let n = w.len();
    if n > t.longest {
        return Mask(0);
    }
    let mut buf = [0u8; MAX_WORD];
    let key = &mut buf[..n];
    key.copy_from_slice(w.as_bytes());
    key.make_ascii_lowercase();
    Mask(t.lists.get(&*key).copied().unwrap_or(0))
}

/// Whether `w` is in `list`, ignoring ASCII case.
#[inline]
pub(super) fn is(w: &str, list: List) -> bool {
    lists(w).has(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_parses_with_its_comment() {
        let t = parse(WORDS_TXT).unwrap();
        assert!(t.longest <= MAX_WORD);
        let lines: Vec<&str> = WORDS_TXT.lines().collect();
        for (name, list) in SECTIONS {
            let header = format!("[{name}]");
            let at = lines.iter().position(|l| *l == header);
            let at = at.unwrap_or_else(|| panic!("no section {header}"));
            assert!(lines[at + 1].starts_with("# "), "{header} needs a one-line comment");
            assert!(t.lists.values().any(|m| m & list.bit() != 0), "{header} is empty");
        }
        // The sections are the lists, one bit each.
        for (i, (_, list)) in SECTIONS.iter().enumerate() {
            assert_eq!(*list as usize, i);
        }
    }

    #[test]
    fn parse_errors_name_the_line() {
        assert_eq!(parse("[stop]\nthat\n[nope]\n").unwrap_err(), "line 3: unknown section [nope]");
        assert_eq!(parse("[stop]\n[stop]").unwrap_err(), "line 2: repeated section [stop]");
        assert_eq!(parse("that\n").unwrap_err(), "line 1: \"that\" before the first section");
        assert!(parse("[stop]\nThat").unwrap_err().starts_with("line 2: \"That\""));
        let t = parse("# x\n[stop] # a comment\nthat which # more\n\n  who\n").unwrap();
        assert_eq!(t.lists.len(), 3);
        assert_eq!(t.longest, 5);
    }

    #[test]
    fn memberships() {
        use List::*;
        // (word, lists it is in, lists it is not in)
        let rows: &[(&str, &[List], &[List])] = &[
            ("that", &[Stop, TimeLead, Verbish], &[Source, Adjunct]),
            ("That", &[Stop, TimeLead, Verbish], &[]), // ASCII case is ignored
            ("THAT", &[Stop], &[]),
            ("said", &[Stop, Say], &[Adjunct]),
            ("also", &[Stop, Adjunct, EdgeDrop, LeadDrop], &[Time]),
            ("monday", &[Time], &[Stop]),
            ("Wednesday", &[Time], &[]),
            ("on", &[TimeLead, EdgeDrop, LeadDrop, Preposition, Leading], &[Stop]),
            ("capita", &[Unit], &[Source, Trap]),
            ("person", &[Unit, Source], &[Trap]),
            ("head", &[Unit, Source], &[]),
            ("order", &[Rule], &[Source, Trap]), // as India's "as per" judgements treat it
            ("Act", &[Rule], &[]),
            ("officials", &[Source], &[Trap, Rule]),
            ("feedback", &[Source], &[]),
            ("information", &[Info], &[Source]),
            ("provided", &[Provider], &[]),
            ("lot", &[Quantifier], &[]),
            ("January", &[Month], &[]),
            ("may", &[], &[Month]), // a modal verb and a name too
            ("official's", &[Source], &[]),
            ("sources'", &[Source], &[]),
            ("it's", &[Stop], &[]),
            ("'s", &[Be], &[]),
            ("\u{2019}s", &[Be], &[]),
            ("\u{2019}S", &[Be], &[]), // ASCII case again
            ("his", &[Determiner, PossessivePronoun, InvertedDeterminer], &[SubjectPronoun]),
            ("i", &[SubjectPronoun], &[]),
            ("I", &[SubjectPronoun], &[]),
            ("him", &[ObjectPronoun], &[SubjectPronoun]),
            ("of", &[NounOrPassive, Preposition, EdgeDrop, LeadDrop], &[Stop]),
            ("familiar", &[Preposition], &[]),
            ("having", &[Hearsay, Be], &[]), // "having said that"
            ("news", &[AgencyTail], &[]),
            ("TV", &[AgencyTail], &[]),
            ("de", &[NameParticle], &[]),
            ("seven", &[Number], &[]),
            ("speaking", &[Leading], &[]),
            ("several", &[InvertedDeterminer], &[Determiner]),
            ("or", &[Coordinator, Stop], &[]),
        ];
        for &(w, yes, no) in rows {
            for &l in yes {
                assert!(is(w, l), "{w:?} should be in {l:?}");
            }
            for &l in no {
                assert!(!is(w, l), "{w:?} should not be in {l:?}");
            }
        }
        // In no list: unknown words, other spellings, non-ASCII case, the empty and long words.
        let long = "x".repeat(41);
        for w in ["", "Reuters", "thaT ", " that", "ſaid", "THAT\u{301}", "ÉTÉ", long.as_str()] {
            assert_eq!(lists(w), Mask(0), "{w:?}");
        }
        assert_eq!(lists(&"said".repeat(20)), Mask(0));
    }
}
