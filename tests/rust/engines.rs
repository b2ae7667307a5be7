//! The search engines give the same matches: the word-start engine (the default under
//! `whole_words`) and the streaming automaton (the default without it, folding the text inside
//! its loop) against the automaton over a folded copy, under all 24 option combinations, on
//! real news (when the shared data is there), on long seeded texts that cross block boundaries
//! and mix ASCII with other scripts, on property-generated long texts, and on the inputs that
//! make the word-start engine hand over to the automaton.

use asper::{Match, MatchKind, MatcherBuilder, Search};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;

use crate::reference::Options;

fn build(o: Options, search: Search, patterns: &[String]) -> asper::Matcher {
    let mut b = o.builder();
    b.search(search);
    b.build(patterns).expect("the patterns build")
}

/// Compares the engines with the automaton over a folded copy on `docs`, under all 24 option
/// combinations: the word-start engine (under `whole_words`) and the streaming automaton
/// (which folds the text inside its loop; under every option, prefilter or not).
fn assert_engines_agree(patterns: &[String], docs: &[String]) {
    for o in Options::all() {
        let copy = build(o, Search::FoldedCopy, patterns);
        let mut engines = vec![("automaton", build(o, Search::Automaton, patterns))];
        if o.whole_words {
            engines.push(("word starts", build(o, Search::WordStarts, patterns)));
        }
        let mut total = 0;
        for (i, d) in docs.iter().enumerate() {
            let want: Vec<Match> = copy.find_all(d);
            for (name, m) in &engines {
                assert_eq!(m.find_all(d), want, "{name}, {o:?}, document {i}: {d:?}");
                assert_eq!(m.count(d), want.len(), "{name}");
                assert_eq!(m.is_match(d), !want.is_empty(), "{name}");
            }
            total += want.len();
        }
        assert!(total > 0, "{o:?}: no match at all, the comparison shows nothing");
    }
}

/// Patterns that exercise what the engines do differently: several words, a first or last
/// character that is not a word character, case pairs and folds into ASCII, typographic
/// punctuation, prefixes of each other, non-ASCII first words.
fn tricky_patterns() -> Vec<String> {
    [
        "New York",
        "New York Times",
        "the",
        "The",
        "said",
        "according to",
        "(With",
        "inputs)",
        "U.S.",
        "U.S.-based",
        "’s",
        "'s",
        "Reuters",
        "Reuters’",
        "AP",
        "al-Qaeda",
        "İstanbul",
        "Zürich",
        "ZÜRICH",
        "straße",
        "\u{212A}elvin",
        "Москва",
        "中国",
        "“quoted”",
        "-",
        "—",
        "a",
        "ab",
        "abc",
        "x y",
        "said in a statement",
        "Prime Minister",
        "£",
        "£1bn",
        "Washington",
        "Washingtonian",
        "e.g.",
        "per cent",
        "as per",
        "1",
        "2004",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A seeded text of words of every kind, separators and whitespace runs, long enough to cross
/// many 64-byte blocks (ASCII blocks, blocks with other scripts, words on block boundaries).
fn seeded_docs(seed: u64, n: usize, words: usize) -> Vec<String> {
    const WORDS: &[&str] = &[
        "New",
        "York",
        "Times",
        "Timesfoo",
        "the",
        "THE",
        "said",
        "according",
        "to",
        "(With",
        "PTI",
        "inputs)",
        "U.S.",
        "U.S.-based",
        "Reuters",
        "Reuters’",
        "Reuters's",
        "AP",
        "APPLE",
        "al-Qaeda",
        "İSTANBUL",
        "istanbul",
        "Zürich",
        "ZÜRICH",
        "STRAẞE",
        "straße",
        "\u{212A}ELVIN",
        "kelvin",
        "Москва",
        "Москвы",
        "中国",
        "“quoted”",
        "\"quoted\"",
        "-",
        "—",
        "a",
        "ab",
        "abc",
        "abcd",
        "x",
        "y",
        "in",
        "a",
        "statement",
        "Prime",
        "Minister",
        "£1bn",
        "£",
        "Washington",
        "Washingtonian",
        "e.g.",
        "per",
        "cent",
        "as",
        "2004",
        "1",
        "_",
        "é",
        "e\u{301}",
        "🎉",
        "x_y",
        "3AP",
        "AP3",
        "Zürich-based",
        "abcdefghijkl",
    ];
    const SEPS: &[&str] = &[" ", " ", " ", "  ", "\n", "\n\n", ", ", ". ", "\u{a0}", "\t", ""];
    let mut state = seed;
    let mut next = |k: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % k
    };
    (0..n)
        .map(|_| {
            let mut d = String::new();
            for _ in 0..words {
                d.push_str(WORDS[next(WORDS.len())]);
                d.push_str(SEPS[next(SEPS.len())]);
            }
            d
        })
        .collect()
}

#[test]
fn engines_agree_on_seeded_long_texts() {
    let docs = seeded_docs(7, 40, 400);
    assert!(docs.iter().all(|d| d.len() > 1000));
    assert_engines_agree(&tricky_patterns(), &docs);
}

// The automaton without whole words splits a text into windows of 64 KiB, and each window
// into four parts scanned in lockstep; occurrences crossing a part's or a window's end, the
// last window, and the texts it gives up on (no whitespace to split at, or more occurrences
// than it keeps) must all match the one-stream search.
#[test]
fn engines_agree_on_texts_of_several_windows() {
    let long = seeded_docs(11, 1, 20_000).concat();
    assert!(long.len() > 100_000, "{}", long.len());
    let cut = (0..=10_000).rev().find(|&i| long.is_char_boundary(i)).unwrap_or(0);
    let mut docs = vec![long.clone(), long[..cut].to_owned()];
    // Every whitespace run (where parts and windows split) inside an occurrence, some of them
    // longer than a block: the stream before each split has to read on past it.
    let phrase = format!("New{}York Times said in a\n\n statement, ", " ".repeat(40));
    docs.push(phrase.repeat(1_500));
    docs.push(format!("{}{}", "New ".repeat(30_000), "York"));
    // No whitespace where the first window would end: one stream does it all.
    docs.push(format!("{} {} New York AP", &long[..cut], "x".repeat(120_000)));
    assert_engines_agree(&tricky_patterns(), &docs);
    // More occurrences than a window keeps (each of the first positions starts 40 patterns).
    let many: Vec<String> = (1..=40).map(|n| "a".repeat(n)).collect();
    let text = format!("{} a b {}", "a".repeat(10_000), "a ".repeat(45_000));
    for o in Options::all().into_iter().filter(|o| !o.whole_words) {
        let copy = build(o, Search::FoldedCopy, &many);
        let streaming = build(o, Search::Automaton, &many);
        let want = copy.find_all(&text);
        assert!(!want.is_empty());
        assert_eq!(streaming.find_all(&text), want, "{o:?}");
    }
}

// The word-start engine tests a block's starts in turn when its first gate level lets few
// common words through, and runs the level for the whole block first when it lets many
// (`WordEngine::busy`); both orders give the same matches.
#[test]
fn engines_agree_with_either_gate_order() {
    let docs = seeded_docs(5, 20, 400);
    let names: Vec<String> = tricky_patterns()
        .into_iter()
        .filter(|p| p.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_ascii()))
        .collect();
    let mut common = names.clone();
    common.extend(["the", "a", "in", "to", "of"].map(String::from));
    for patterns in [names, common] {
        assert_engines_agree(&patterns, &docs);
    }
}

#[test]
fn engines_agree_on_short_and_boundary_sized_texts() {
    // Lengths around the block size: the last block is padded, words end at block edges.
    let mut docs = Vec::new();
    for len in [0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129] {
        for fill in ["a", "Reuters", "x", " ", "é"] {
            let mut d = String::new();
            while d.len() < len {
                d.push_str(fill);
            }
            docs.push(format!("{d} New York AP"));
            docs.push(format!("AP {d}"));
            docs.push(d);
        }
    }
    assert_engines_agree(&tricky_patterns(), &docs);
}

/// The shared news corpus, when present: the first 300 BBC articles.
fn news() -> Option<Vec<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/news/bbc_news_2225.jsonl");
    let raw = std::fs::read_to_string(path).ok()?;
    let docs = raw
        .lines()
        .take(300)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    Some(docs)
}

/// The first `n` names of a shared gazetteer.
fn gazetteer(file: &str, n: usize) -> Vec<String> {
    let path = format!("{}/../shared/data/gazetteers/{file}", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read_to_string(path).unwrap_or_default();
    raw.lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|n| !n.trim().is_empty())
        .take(n)
        .map(str::to_owned)
        .collect()
}

#[test]
fn engines_agree_on_news() {
    let Some(docs) = news() else {
        // The shared data is optional: say so where `cargo test -- --nocapture` shows it.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: ../shared/data/news/bbc_news_2225.jsonl not found");
        }
        return;
    };
    let cues = include_str!("../../benches/data/cues.txt");
    let mut patterns: Vec<String> =
        cues.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect();
    patterns.extend(gazetteer("news_orgs_curated.tsv", 300));
    patterns.extend(gazetteer("geonames_countries_admin1.tsv", 3000));
    patterns.extend(gazetteer("us_congress_legislators.tsv", 3000));
    patterns.extend(tricky_patterns());
    assert_engines_agree(&patterns, &docs);
}

// See: the whole-word engine's walks would read a long pattern prefix again at every word of
// a text that repeats it; past a budget the automaton takes over the rest of the text, and the
// matches stay the same (those before the switch included).
#[test]
fn engines_agree_where_the_word_engine_hands_over() {
    let long = format!("{}b", "a ".repeat(1500));
    let patterns = vec![long, "a".to_owned(), "a a".to_owned()];
    let docs = vec![
        "a ".repeat(20_000),
        format!("{} x {}", "a ".repeat(10_000), "a ".repeat(10_000)),
        format!("{}b", "a ".repeat(3000)),
    ];
    for kind in [MatchKind::Longest, MatchKind::First, MatchKind::All] {
        for ignore_case in [false, true] {
            let mut b = MatcherBuilder::new();
            b.match_kind(kind).ignore_case(ignore_case);
            let word = b.clone().search(Search::WordStarts).build(&patterns).unwrap();
            let auto = b.clone().search(Search::FoldedCopy).build(&patterns).unwrap();
            for d in &docs {
                let a = auto.find_all(d);
                assert!(!a.is_empty());
                assert_eq!(word.find_all(d), a, "{kind:?} ic={ignore_case}");
            }
        }
    }
}

/// Texts of 100 to 600 bytes from words and separators that meet at block boundaries.
fn long_text() -> impl Strategy<Value = String> {
    let piece = select(
        &[
            "a", "A", "ab", "New", "York", "İ", "ı", "ß", "ẞ", "\u{212A}", "é", "e\u{301}", "Ж",
            "ж", "_", "1", "’", "'", "-", "—", "(", ")", ".", ",", " ", " ", " ", "  ", "\n",
            "\u{a0}", "\t", "🎉", "Reuters", "said",
        ][..],
    );
    prop::collection::vec(piece, 40..200).prop_map(|v| v.concat())
}

fn pattern() -> impl Strategy<Value = String> {
    let piece = select(
        &[
            "a", "A", "ab", "New", "York", " ", "İ", "ß", "é", "Ж", "’", "'", "-", "(", ".",
            "Reuters", "said", "1", "_",
        ][..],
    );
    prop::collection::vec(piece, 1..5)
        .prop_map(|v| v.concat())
        .prop_filter("not blank", |p| !p.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 150,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/engines.txt"
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn engines_agree_on_generated_long_texts(
        docs in prop::collection::vec(long_text(), 1..4),
        patterns in prop::collection::vec(pattern(), 1..10),
    ) {
        for o in Options::all() {
            let copy = build(o, Search::FoldedCopy, &patterns);
            let streaming = build(o, Search::Automaton, &patterns);
            let word = o.whole_words.then(|| build(o, Search::WordStarts, &patterns));
            for d in &docs {
                let want = copy.find_all(d);
                prop_assert_eq!(streaming.find_all(d), want.clone(), "automaton {:?} {:?}", o, d);
                if let Some(word) = &word {
                    prop_assert_eq!(word.find_all(d), want, "word starts {:?} {:?}", o, d);
                }
            }
        }
    }
}
