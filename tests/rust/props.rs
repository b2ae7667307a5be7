//! Property tests: the crate against the reference matcher on texts and patterns from a small
//! alphabet chosen to produce overlaps, case pairs, whitespace runs, typographic punctuation and
//! word boundaries everywhere, plus structural invariants of the results.

use asper::offsets::to_char_offsets;
use asper::{Match, MatchKind, Matcher};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;

use crate::reference::{self, Options, RefError};

/// Single characters: case pairs (İ ı i, σ ς Σ, KELVIN SIGN k, ß ẞ, Ж ж), whitespace (space,
/// NBSP, CR, LF, tab), apostrophes and dashes, word and non-word ASCII, a combining mark.
const ALPHABET: &[&str] = &[
    "a", "A", "b", "B", " ", "İ", "ı", "i", "I", "σ", "ς", "Σ", "\u{212A}", "k", "K", "ß", "ẞ",
    "’", "'", "-", "—", "\u{a0}", "\n", "\r", "\t", ".", "é", "\u{301}", "Ж", "ж", "_", "1",
];

/// Rarer characters: more case folds that change the byte length (ſ, Ⱥ, U+0345, U+1FBE), a
/// non-BMP case pair and letter, other whitespace and look-alikes that are not whitespace
/// (U+001F, U+200B, U+180E), more quotes and dashes, an enclosing mark, emoji, Hebrew, Arabic,
/// non-ASCII digits.
const RARE: &[&str] = &[
    "ſ", "s", "S", "Ⱥ", "ⱥ", "\u{345}", "ι", "Ι", "\u{1FBE}", "𐐀", "𐐨", "𝐀", "\u{85}", "\u{2028}",
    "\u{3000}", "\u{2009}", "\u{b}", "\u{1f}", "\u{200B}", "\u{180E}", "\u{2032}", "“", "\"",
    "\u{2212}", "\u{2015}", "\u{20DD}", "🎉", "ש", "ب", "\u{64E}", "‿", "٣", "²",
];

/// Short strings that make nested prefixes, repeated phrases and mixed scripts likely.
const SYLLABLES: &[&str] = &[
    "a",
    "ab",
    "aba",
    "abab",
    "ba",
    "AB",
    "Ab",
    "new",
    "york",
    "New York",
    "NEW  YORK",
    "is",
    "İs",
    "IS",
    "ıs",
    "σας",
    "ΣΑΣ",
    "ßa",
    "SSA",
    "ẞA",
    "kK",
    "\u{212A}a",
    "e\u{301}",
    "é",
    "Жж",
    "ЖЖ",
    "a’s",
    "A's",
    "U.S.",
    "U.S.-",
    "\r\n",
    " \u{a0}",
    " \u{2009}",
    "—a",
    "a-b",
    "_a",
    "1a",
    "a1",
];

fn unit() -> impl Strategy<Value = &'static str> {
    prop_oneof![6 => select(ALPHABET), 4 => select(SYLLABLES), 1 => select(RARE)]
}

fn text(max_units: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(unit(), 0..max_units).prop_map(|v| v.concat())
}

/// How a pattern is made: from units, or cut out of the text (so that it matches somewhere),
/// with its case optionally changed.
#[derive(Clone, Debug)]
enum PatSpec {
    Units(String),
    Slice { from: usize, len: usize, case: u8 },
}

fn pat_spec() -> impl Strategy<Value = PatSpec> {
    prop_oneof![
        prop::collection::vec(unit(), 1..4).prop_map(|v| PatSpec::Units(v.concat())),
        (0..64usize, 1..7usize, 0..4u8).prop_map(|(from, len, case)| PatSpec::Slice {
            from,
            len,
            case
        }),
    ]
}

fn make_patterns(text: &str, specs: &[PatSpec]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    specs
        .iter()
        .map(|spec| match spec {
            PatSpec::Units(s) => s.clone(),
            PatSpec::Slice { from, len, case } => {
                if chars.is_empty() {
                    return "a".to_string();
                }
                let from = from % chars.len();
                let to = (from + len).min(chars.len());
                let s: String = chars[from..to].iter().collect();
                match case {
                    1 => s.to_uppercase(),
                    2 => s.to_lowercase(),
                    _ => s,
                }
            }
        })
        .collect()
}

/// A text and patterns for it.
fn case(max_units: usize, max_patterns: usize) -> impl Strategy<Value = (String, Vec<String>)> {
    (text(max_units), prop::collection::vec(pat_spec(), 1..max_patterns)).prop_map(
        |(text, specs)| {
            let patterns = make_patterns(&text, &specs);
            (text, patterns)
        },
    )
}

fn options() -> impl Strategy<Value = Options> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        select(&[MatchKind::Longest, MatchKind::First, MatchKind::All][..]),
    )
        .prop_map(|(ignore_case, whole_words, normalize, kind)| Options {
            ignore_case,
            whole_words,
            normalize,
            kind,
        })
}

fn triples(ms: &[Match]) -> Vec<(usize, usize, usize)> {
    ms.iter().map(|m| (m.start, m.end, m.pattern)).collect()
}

/// The crate's matches, or the reference's form of its error.
fn crate_find(
    o: Options,
    dfa: Option<bool>,
    patterns: &[String],
    text: &str,
) -> Result<Vec<(usize, usize, usize)>, RefError> {
    match o.builder().dfa(dfa).build(patterns) {
        Ok(m) => Ok(triples(&m.find_all(text))),
        Err(e) => Err(RefError::from_crate(&e).unwrap_or_else(|| panic!("unexpected error {e}"))),
    }
}

/// `cases` cases, or `PROPTEST_CASES` if set (for longer runs by hand). Failures are saved in
/// `tests/proptest-regressions/props.txt` (committed), and replayed first on every run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    let persist = FileFailurePersistence::Direct("tests/proptest-regressions/props.txt");
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(persist)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(200))]

    /// (a) Under every option combination the crate finds exactly what the reference finds
    /// (or rejects the patterns with the same error).
    #[test]
    fn equals_reference((text, patterns) in case(14, 6)) {
        for o in Options::all() {
            let expected = reference::find(&patterns, &text, o);
            let got = crate_find(o, None, &patterns, &text);
            prop_assert_eq!(
                &got, &expected, "options {:?}\npatterns {:?}\ntext {:?}", o, patterns, text
            );
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    /// (a, ASCII-heavy) Many nested prefixes and overlapping repeats.
    #[test]
    fn equals_reference_nested(
        text in prop::collection::vec(select(&["a", "b", "ab", " ", "-", "_", "A", "\n"][..]), 0..24)
            .prop_map(|v| v.concat()),
        patterns in prop::collection::vec(
            prop::collection::vec(select(&["a", "b", "A", "-", " "][..]), 1..6)
                .prop_map(|v| v.concat()),
            1..8,
        ),
        o in options(),
    ) {
        let expected = reference::find(&patterns, &text, o);
        let got = crate_find(o, None, &patterns, &text);
        prop_assert_eq!(&got, &expected, "options {:?}\npatterns {:?}\ntext {:?}", o, patterns, text);
    }

    /// (b) Spans are in bounds, on character boundaries and non-empty; the non-overlapping kinds
    /// give sorted, disjoint spans; `all` is sorted by (start, end, pattern id) without repeats.
    #[test]
    fn spans_are_well_formed((text, patterns) in case(20, 8), o in options()) {
        let m = o.builder().build(&patterns);
        prop_assume!(m.is_ok(), "patterns rejected: {:?}", m.err());
        let m = m.unwrap();
        let found = m.find_all(&text);
        for x in &found {
            prop_assert!(x.start < x.end && x.end <= text.len(), "{:?}", x);
            prop_assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end), "{:?}", x);
            prop_assert!(x.pattern < patterns.len());
        }
        for w in found.windows(2) {
            match o.kind {
                MatchKind::All => prop_assert!(
                    (w[0].start, w[0].end, w[0].pattern) < (w[1].start, w[1].end, w[1].pattern),
                    "{:?}", w
                ),
                _ => prop_assert!(w[0].end <= w[1].start, "{:?}", w),
            }
        }
        // find_iter is find_all.
        prop_assert_eq!(m.find_iter(&text).collect::<Vec<_>>(), found);
    }

    /// (c) Batches equal the sequential results, in input order.
    #[test]
    fn batch_equals_sequential(
        docs in prop::collection::vec(text(12), 0..8),
        specs in prop::collection::vec(pat_spec(), 1..6),
        o in options(),
    ) {
        let joined = docs.concat();
        let patterns = make_patterns(&joined, &specs);
        let m = o.builder().build(&patterns);
        prop_assume!(m.is_ok(), "patterns rejected: {:?}", m.err());
        let m = m.unwrap();
        let sequential: Vec<Vec<Match>> = docs.iter().map(|d| m.find_all(d)).collect();
        for threads in [None, Some(1), Some(2)] {
            prop_assert_eq!(&m.find_batch(&docs, threads).unwrap(), &sequential);
        }
    }

    /// (d) `count` is the number of matches and `is_match` says whether there is one.
    #[test]
    fn count_and_is_match((text, patterns) in case(16, 6), o in options()) {
        let m = o.builder().build(&patterns);
        prop_assume!(m.is_ok(), "patterns rejected: {:?}", m.err());
        let m = m.unwrap();
        let n = m.find_all(&text).len();
        prop_assert_eq!(m.count(&text), n);
        prop_assert_eq!(m.is_match(&text), n > 0);
    }

    /// (e) Forcing a DFA or an NFA never changes the results.
    #[test]
    fn dfa_and_nfa_agree((text, patterns) in case(16, 12), o in options()) {
        let dfa = crate_find(o, Some(true), &patterns, &text);
        let nfa = crate_find(o, Some(false), &patterns, &text);
        let auto = crate_find(o, None, &patterns, &text);
        prop_assert_eq!(&dfa, &nfa, "options {:?}\npatterns {:?}\ntext {:?}", o, patterns, text);
        prop_assert_eq!(&dfa, &auto);
    }

    /// Code-point offsets: `text[m.start..m.end]` by characters is the matched original text.
    #[test]
    fn char_offsets((text, patterns) in case(16, 6), o in options()) {
        let m = o.builder().build(&patterns);
        prop_assume!(m.is_ok(), "patterns rejected: {:?}", m.err());
        let m = m.unwrap();
        let bytes = m.find_all(&text);
        let mut chars = bytes.clone();
        to_char_offsets(&text, &mut chars);
        for (b, c) in bytes.iter().zip(&chars) {
            prop_assert_eq!(c.start, text[..b.start].chars().count());
            prop_assert_eq!(c.end, text[..b.end].chars().count());
            prop_assert_eq!(c.pattern, b.pattern);
        }
    }
}

/// The default options are the documented ones, and a default matcher agrees with the reference.
#[test]
fn default_matcher_is_reference_default() {
    let o = Options {
        ignore_case: false,
        whole_words: true,
        normalize: true,
        kind: MatchKind::Longest,
    };
    let patterns = ["New York", "New York Times", "AP", "Reuters’"];
    let text = "NEW YORK (AP) — The New\u{a0}York Timesfoo, Reuters' and Reuters’ said.";
    let m = Matcher::new(patterns).unwrap();
    assert_eq!(Ok(triples(&m.find_all(text))), reference::find(&patterns, text, o));
}
