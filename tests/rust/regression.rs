//! Named regression tests for the subtle parts: the fallback from a candidate that fails the
//! boundary test to shorter ones at the same position (the precomputed prefix chains), the
//! resumption of the search after a position with no valid candidate, and the offset map when
//! folding changes byte lengths. Expected values are written by hand; the exhaustive ones at the
//! end compare with the reference matcher.

use asper::MatchKind::{self, All, First, Longest};
use asper::MatcherBuilder;

use crate::reference::{self, Options};

/// `(pattern_id, start, end)` of every match, under whole words and normalization, with the
/// automaton chosen automatically, forced to a DFA and forced to an NFA (which must agree).
fn find(
    kind: MatchKind,
    ignore_case: bool,
    patterns: &[&str],
    text: &str,
) -> Vec<(usize, usize, usize)> {
    let mut results = Vec::new();
    for dfa in [None, Some(true), Some(false)] {
        let m = MatcherBuilder::new()
            .match_kind(kind)
            .ignore_case(ignore_case)
            .dfa(dfa)
            .build(patterns)
            .unwrap();
        results
            .push(m.find_all(text).iter().map(|x| (x.pattern, x.start, x.end)).collect::<Vec<_>>());
    }
    assert_eq!(results[0], results[1], "auto vs DFA on {patterns:?} / {text:?}");
    assert_eq!(results[0], results[2], "auto vs NFA on {patterns:?} / {text:?}");
    results.swap_remove(0)
}

fn longest(patterns: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    find(Longest, false, patterns, text)
}

fn first(patterns: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    find(First, false, patterns, text)
}

fn all(patterns: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    find(All, false, patterns, text)
}

/// The boundary fails for the longest candidate, then for the next, ..., at every length of a
/// chain of nested prefixes.
#[test]
fn prefix_chain_boundaries_fail_at_each_length() {
    let p = &["a", "ab", "abc", "abcd"];
    assert_eq!(longest(p, "abcd"), [(3, 0, 4)]);
    assert_eq!(longest(p, "abcd."), [(3, 0, 4)]);
    assert_eq!(longest(p, "abc-d"), [(2, 0, 3)]);
    assert_eq!(longest(p, "ab cd"), [(1, 0, 2)]);
    assert_eq!(longest(p, "a bcd"), [(0, 0, 1)]);
    // All four fail: nothing at 0, and nothing later either (b, c, d are not patterns).
    assert_eq!(longest(p, "abcde"), []);
    assert_eq!(longest(p, "abcd_"), []);
    assert_eq!(longest(p, "abcd\u{301}"), []);
    // After a failure the search goes on.
    assert_eq!(longest(p, "abcde abcde ab"), [(1, 12, 14)]);
    assert_eq!(longest(p, "abcdx abc"), [(2, 6, 9)]);
    // A failure on the left fails the whole chain.
    assert_eq!(longest(p, "xabcd"), []);
    assert_eq!(longest(p, "_ab"), []);

    // The same with ids in the other order: the ids follow the patterns.
    let r = &["abcd", "abc", "ab", "a"];
    assert_eq!(longest(r, "abcd"), [(0, 0, 4)]);
    assert_eq!(longest(r, "abc-d"), [(1, 0, 3)]);
    assert_eq!(longest(r, "ab cd"), [(2, 0, 2)]);
    assert_eq!(longest(r, "a bcd"), [(3, 0, 1)]);
    assert_eq!(longest(r, "abcde"), []);
}

/// Under `first` the lowest valid id wins, wherever it is in the chain.
#[test]
fn prefix_chain_first() {
    let p = &["a", "ab", "abc", "abcd"];
    assert_eq!(first(p, "a"), [(0, 0, 1)]);
    assert_eq!(first(p, "abcd"), [(3, 0, 4)]);
    assert_eq!(first(p, "abc."), [(2, 0, 3)]);
    assert_eq!(first(p, "abcde"), []);
    let q = &["abc", "abcd", "a", "ab"];
    assert_eq!(first(q, "ab"), [(3, 0, 2)]);
    assert_eq!(first(q, "abcd"), [(1, 0, 4)]);
    assert_eq!(first(q, "abc d"), [(0, 0, 3)]);
    assert_eq!(first(q, "a-bcd"), [(2, 0, 1)]);
    // Without boundaries the lowest id of the whole chain wins.
    let m = MatcherBuilder::new().whole_words(false).match_kind(First).build(q).unwrap();
    let got: Vec<_> = m.find_all("abcd").iter().map(|x| (x.pattern, x.start, x.end)).collect();
    assert_eq!(got, [(0, 0, 3)]);
}

/// `all` reports every valid member of the chain.
#[test]
fn prefix_chain_all() {
    let p = &["a", "ab", "abc", "abcd"];
    assert_eq!(all(p, "abc-d"), [(2, 0, 3)]);
    assert_eq!(all(p, "abcde"), []);
    let words = &["a", "a a", "a a a"];
    assert_eq!(
        all(words, "a a a"),
        [(0, 0, 1), (1, 0, 3), (2, 0, 5), (0, 2, 3), (1, 2, 5), (0, 4, 5)]
    );
}

/// A pattern that shares a prefix with the chain but is not in it (a sibling branch, here one
/// whose last character is not a word character, so it would pass the boundary test if it were
/// wrongly kept in the chain).
#[test]
fn sibling_is_not_in_the_chain() {
    let p = &["a-.", "a-c", "a-cd"];
    assert_eq!(longest(p, "a-cdz"), []);
    assert_eq!(first(p, "a-cdz"), []);
    assert_eq!(all(p, "a-cdz"), []);
    assert_eq!(longest(p, "a-. a-c a-cd"), [(0, 0, 3), (1, 4, 7), (2, 8, 12)]);
    let q = &["a", "ab", "abc", "abd", "abde", "b"];
    assert_eq!(longest(q, "abde"), [(4, 0, 4)]);
    assert_eq!(longest(q, "abdex"), []);
    assert_eq!(longest(q, "abd-x"), [(3, 0, 3)]);
    assert_eq!(longest(q, "abc-"), [(2, 0, 3)]);
    assert_eq!(longest(q, "ab-"), [(1, 0, 2)]);
}

/// A deep chain of phrases, the longest of which fails.
#[test]
fn deep_phrase_chain() {
    let owned: Vec<String> = (1..=20).map(|k| vec!["a"; k].join(" ")).collect();
    let p: Vec<&str> = owned.iter().map(String::as_str).collect();
    let text = "a a a a a_";
    assert_eq!(longest(&p, text), [(3, 0, 7)]);
    assert_eq!(first(&p, text), [(0, 0, 1), (0, 2, 3), (0, 4, 5), (0, 6, 7)]);
    assert_eq!(
        all(&p, text),
        [
            (0, 0, 1),
            (1, 0, 3),
            (2, 0, 5),
            (3, 0, 7),
            (0, 2, 3),
            (1, 2, 5),
            (2, 2, 7),
            (0, 4, 5),
            (1, 4, 7),
            (0, 6, 7),
        ]
    );
    // Whitespace runs inside the phrase map back to the original offsets.
    assert_eq!(longest(&p, "a\u{a0}a\r\na  a_"), [(2, 0, 7)]);
}

/// The examples of DESIGN.md, with the fallback.
#[test]
fn design_fallback_examples() {
    assert_eq!(longest(&["New York", "New York Times"], "New York Timesfoo"), [(0, 0, 8)]);
    assert_eq!(first(&["Sam", "Samsung"], "Samsung"), [(1, 0, 7)]);
    // With a whitespace run and a curly apostrophe in the way.
    assert_eq!(
        longest(&["New York", "New York Times"], "the New\u{a0}York Timesfoo’s"),
        [(0, 4, 13)]
    );
    // Duplicates in the chain: the lowest id of the valid pattern.
    assert_eq!(
        longest(&["New York Times", "New York", "New York"], "New York Timesfoo"),
        [(1, 0, 8)]
    );
}

/// A candidate that fails never hides a valid match that starts later, inside it or after it.
#[test]
fn failed_candidate_does_not_hide_later_matches() {
    let p = &["New York Times", "York Times", "Times"];
    assert_eq!(longest(p, "xNew York Times"), [(1, 5, 15)]);
    assert_eq!(longest(p, "xNew xYork Times"), [(2, 11, 16)]);
    assert_eq!(first(p, "xNew York Times"), [(1, 5, 15)]);
    assert_eq!(all(p, "xNew York Times"), [(1, 5, 15), (2, 10, 15)]);
    // The failing candidate fails on the right; the inner one is valid.
    assert_eq!(longest(&["e-mail", "mail"], "re-mail"), [(1, 3, 7)]);
    assert_eq!(longest(&["U.S.-based", "based"], "U.S.-basedx based"), [(1, 12, 17)]);
}

/// The fallback with case folds that change byte lengths before and inside the match.
#[test]
fn fallback_with_length_changing_folds() {
    let p = &["İstanbul", "İstanbul Üniversitesi"];
    assert_eq!(find(Longest, true, p, "İSTANBUL ÜNİVERSİTESİNDE"), [(0, 0, 9)]);
    assert_eq!(find(Longest, true, p, "İSTANBUL ÜNİVERSİTESİ"), [(1, 0, 26)]);
    // ẞ (3 bytes) folds to ß (2), KELVIN SIGN (3) to k (1), Ⱥ (2) to ⱥ (3).
    assert_eq!(find(Longest, true, &["k"], "ẞẞ k"), [(0, 7, 8)]);
    assert_eq!(find(Longest, true, &["k"], "ȺȺ k"), [(0, 5, 6)]);
    assert_eq!(find(Longest, true, &["ⱥ k"], "ȺȺ ȺȺ \u{212A}"), []);
    assert_eq!(find(Longest, true, &["ⱥⱥ k"], "ȺȺ ȺȺ \u{212A}"), [(0, 5, 13)]);
    assert_eq!(find(All, true, &["ⱥ", "ⱥⱥ"], "ȺȺ_ ȺȺ"), [(1, 6, 10)]);
}

/// Whitespace runs at the edges of the text and around matches.
#[test]
fn whitespace_runs_at_the_edges() {
    assert_eq!(longest(&["New York"], " \n New York \r\n"), [(0, 3, 11)]);
    assert_eq!(longest(&["New York"], "\u{3000}New\u{3000}York\u{3000}"), [(0, 3, 13)]);
    assert_eq!(longest(&["a"], "\r\n\r\na\r\n\r\na"), [(0, 4, 5), (0, 9, 10)]);
}

/// More than about 400 kB of patterns: the automatic choice is a contiguous NFA.
#[test]
fn large_pattern_set() {
    let owned: Vec<String> = (0..20_000).map(|i| format!("entity number {i:07}")).collect();
    let m = MatcherBuilder::new().ignore_case(true).build(&owned).unwrap();
    let text = "x ENTITY NUMBER 0001234 y entity\u{a0}number 0019999, entity number 00012345";
    let got: Vec<_> = m.find_all(text).iter().map(|x| (x.pattern, x.start, x.end)).collect();
    assert_eq!(got, [(1234, 2, 23), (19_999, 26, 48)]);
}

/// Every combination of a chain of nested prefixes (ids in both orders), a prefix of the text,
/// and what follows it, against the reference, under every option combination.
#[test]
fn nested_prefixes_exhaustive() {
    let chains: &[&[&str]] = &[
        &["a", "ab", "abc", "abcd"],
        &["abcd", "abc", "ab", "a"],
        &["ab", "abcd", "a", "abc", "ab"],
        &["a", "a-", "a-b", "a-b.", "a-b.c"],
        &["é", "é\u{301}", "éé", "ééé"],
        &["k", "kK", "\u{212A}k\u{212A}", "kkkk"],
    ];
    let bodies = ["abcd", "a-b.c", "ééé\u{301}", "kkkk", "KKKK"];
    let after = ["", " ", "x", "_", "-", ".", "é", "\u{301}", "\u{a0}", "1", "’"];
    let before = ["", " ", "x", "-"];
    for patterns in chains {
        for o in Options::all() {
            let m = o.builder().build(*patterns).unwrap();
            for body in bodies {
                let chars: Vec<char> = body.chars().collect();
                for k in 1..=chars.len() {
                    let prefix: String = chars[..k].iter().collect();
                    for b in before {
                        for a in after {
                            let text = format!("{b}{prefix}{a}{prefix}{a}");
                            let got: Vec<_> = m
                                .find_all(&text)
                                .iter()
                                .map(|x| (x.start, x.end, x.pattern))
                                .collect();
                            let expected = reference::find(patterns, &text, o).unwrap();
                            assert_eq!(got, expected, "{o:?} {patterns:?} {text:?}");
                        }
                    }
                }
            }
        }
    }
}

// See: issue 7, "table::whole_words ... FAILED (REFERENCE whole_words/keycap)" and
// "word character U+06DF": on a machine without the system's UnicodeData.txt the reference fell
// back to a partial list of marks. Both sides now read the vendored UCD; these marks (Mn, Me)
// are word characters, so a pattern does not match when one is attached to it.
#[test]
fn i7_marks_outside_the_old_fallback_list_are_word_characters() {
    let m = MatcherBuilder::new().build(["1", "x"]).unwrap();
    // "1" + COMBINING ENCLOSING KEYCAP (Me), "x" + ARABIC SMALL HIGH ROUNDED ZERO (Mn).
    // Bytes: "1" 0, U+20E3 1..4, " " 4, "x" 5, U+06DF 6..8, " " 8, "1" 9, " " 10, "x" 11.
    let got: Vec<usize> = m.find_all("1\u{20E3} x\u{06DF} 1 x").iter().map(|x| x.start).collect();
    assert_eq!(got, [9, 11]);
}
