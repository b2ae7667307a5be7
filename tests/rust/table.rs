//! Table tests in the style of aho-corasick's: a name, the patterns, a haystack and the expected
//! matches as `(pattern_id, start, end)` in byte offsets of the haystack.
//!
//! Every expected value is written by hand from DESIGN.md. Each group of tables says under which
//! options it holds (`When`); it runs under every one of the 24 option combinations
//! (ignore_case x whole_words x normalize x match_kind) that fits, with the automaton chosen
//! automatically, forced to a DFA and forced to an NFA. The reference matcher must agree with
//! the tables too, which keeps it honest.

use asper::MatchKind::{self, All, First, Longest};
use asper::{BuildError, BuildErrorKind, Entry, ErrorKind, Match, Matcher, MatcherBuilder};

use crate::reference::{self, Options};

/// One table test.
#[derive(Debug)]
struct T {
    name: &'static str,
    patterns: &'static [&'static str],
    haystack: &'static str,
    /// `(pattern_id, start, end)`.
    matches: &'static [(usize, usize, usize)],
}

macro_rules! t {
    ($name:ident, $patterns:expr, $haystack:expr, $matches:expr $(,)?) => {
        T { name: stringify!($name), patterns: $patterns, haystack: $haystack, matches: $matches }
    };
}

/// The options under which a group of tables holds; `None` means either value.
#[derive(Clone, Copy, Debug)]
struct When {
    ignore_case: Option<bool>,
    whole_words: Option<bool>,
    normalize: Option<bool>,
    kinds: &'static [MatchKind],
}

const ANY: When =
    When { ignore_case: None, whole_words: None, normalize: None, kinds: &[Longest, First, All] };

impl When {
    const fn ic(self, v: bool) -> When {
        When { ignore_case: Some(v), ..self }
    }
    const fn ww(self, v: bool) -> When {
        When { whole_words: Some(v), ..self }
    }
    const fn norm(self, v: bool) -> When {
        When { normalize: Some(v), ..self }
    }
    const fn kinds(self, kinds: &'static [MatchKind]) -> When {
        When { kinds, ..self }
    }

    fn holds(&self, o: &Options) -> bool {
        self.ignore_case.is_none_or(|v| v == o.ignore_case)
            && self.whole_words.is_none_or(|v| v == o.whole_words)
            && self.normalize.is_none_or(|v| v == o.normalize)
            && self.kinds.contains(&o.kind)
    }
}

/// Runs every table of `tests` under every option combination `when` allows.
fn run(group: &str, tests: &[T], when: When) {
    let mut failures = Vec::new();
    let mut runs = 0;
    for o in Options::all().into_iter().filter(|o| when.holds(o)) {
        for t in tests {
            runs += 1;
            let expected: Vec<(usize, usize, usize)> = t.matches.to_vec();
            for dfa in [None, Some(true), Some(false)] {
                let m = o.builder().dfa(dfa).build(t.patterns).unwrap_or_else(|e| {
                    panic!("{group}/{}: build failed under {o:?}: {e}", t.name)
                });
                let got: Vec<(usize, usize, usize)> =
                    m.find_all(t.haystack).iter().map(|x| (x.pattern, x.start, x.end)).collect();
                if got != expected {
                    failures.push(format!(
                        "{group}/{} under {o:?} dfa={dfa:?}\n  patterns {:?}\n  haystack {:?}\n  \
                         expected {expected:?}\n  got      {got:?}",
                        t.name, t.patterns, t.haystack
                    ));
                }
            }
            let r: Vec<(usize, usize, usize)> = reference::find(t.patterns, t.haystack, o)
                .expect("reference rejected the patterns")
                .into_iter()
                .map(|(s, e, id)| (id, s, e))
                .collect();
            if r != expected {
                failures.push(format!(
                    "REFERENCE {group}/{} under {o:?}\n  expected {expected:?}\n  got      {r:?}",
                    t.name
                ));
            }
        }
    }
    assert!(runs > 0, "group {group} ran under no option combination");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Tables that hold under every option combination: no case variants, no whitespace runs, no
// typographic punctuation, boundaries always satisfied and no overlapping candidates.

const BASIC: &[T] = &[
    t!(empty_haystack, &["foo"], "", &[]),
    t!(no_match, &["foo"], "bar baz", &[]),
    t!(whole_haystack, &["foo"], "foo", &[(0, 0, 3)]),
    t!(middle, &["foo"], "a foo b", &[(0, 2, 5)]),
    t!(repeated, &["foo"], "foo foo, foo.", &[(0, 0, 3), (0, 4, 7), (0, 9, 12)]),
    t!(two_patterns, &["foo", "bar"], "bar and foo", &[(1, 0, 3), (0, 8, 11)]),
    t!(phrase, &["new york"], "in new york today", &[(0, 3, 11)]),
    t!(parenthesized, &["ap"], "(ap)", &[(0, 1, 3)]),
    t!(cyrillic, &["москва"], "в москва.", &[(0, 3, 15)]),
    t!(moskva_never_in_moskvy, &["Москва"], "Москвы", &[]),
    t!(hebrew, &["ירושלים"], "שלום ירושלים", &[(0, 9, 23)]),
    t!(arabic, &["مسؤول"], "قال مسؤول", &[(0, 7, 17)]),
    t!(arabic_rtl_mixed, &["مسؤول", "AP"], "AP: قال مسؤول.", &[(1, 0, 2), (0, 11, 21)]),
    t!(emoji_around, &["party"], "🎉party🎉", &[(0, 4, 9)]),
    t!(emoji_pattern, &["🎉"], "a🎉b", &[(0, 1, 5)]),
    t!(emoji_zwj_sequence, &["👩\u{200D}💻"], "a 👩\u{200D}💻 b", &[(0, 2, 13)]),
    t!(emoji_skin_tone, &["ok"], "ok👍🏽", &[(0, 0, 2)]),
    t!(emoji_variation_selector, &["❤"], "❤\u{FE0F}", &[(0, 0, 3)]),
    t!(cjk_brackets, &["東京"], "「東京」", &[(0, 3, 9)]),
    t!(digits, &["2024"], "in 2024, ok", &[(0, 3, 7)]),
    t!(punctuation_only, &["..."], "wait... what", &[(0, 4, 7)]),
];

// ---------------------------------------------------------------------------------------------
// Case.

const CASE_SENSITIVE: &[T] = &[
    t!(case_differs, &["apple"], "Apple APPLE", &[]),
    t!(exact_case, &["Apple"], "apple Apple", &[(0, 6, 11)]),
    t!(istanbul_sensitive, &["istanbul"], "İSTANBUL", &[]),
    t!(strasse_sensitive, &["straße"], "STRAẞE", &[]),
    t!(kelvin_sensitive, &["k"], "\u{212A}", &[]),
    t!(final_sigma_sensitive, &["λογος"], "λογοσ ΛΟΓΟΣ", &[]),
    t!(capital_sigma_exact, &["Σ"], "σ Σ ς", &[(0, 3, 5)]),
    t!(moskva_upper_sensitive, &["москва"], "МОСКВА", &[]),
    t!(duplicates_by_case_differ, &["reuters", "REUTERS", "Reuters"], "Reuters", &[(2, 0, 7)]),
];

const IGNORE_CASE: &[T] = &[
    t!(ascii, &["new york"], "NEW YORK New York", &[(0, 0, 8), (0, 9, 17)]),
    t!(istanbul, &["istanbul"], "İSTANBUL", &[(0, 0, 9)]),
    t!(istanbul_pattern_upper, &["İSTANBUL"], "istanbul Istanbul", &[(0, 0, 8), (0, 9, 17)]),
    t!(strasse, &["straße"], "STRAẞE", &[(0, 0, 8)]),
    t!(strasse_pattern_capital, &["STRAẞE"], "straße", &[(0, 0, 7)]),
    t!(no_full_folding, &["strasse"], "straße STRAẞE", &[]),
    t!(no_full_folding_reverse, &["straße"], "STRASSE", &[]),
    t!(odysseus, &["οδυσσευς"], "ΟΔΥΣΣΕΥΣ", &[(0, 0, 16)]),
    t!(final_sigma, &["λογος"], "λογοσ ΛΟΓΟΣ λογος", &[(0, 0, 10), (0, 11, 21), (0, 22, 32)]),
    t!(sigma_forms, &["Σ"], "σ ς Σ", &[(0, 0, 2), (0, 3, 5), (0, 6, 8)]),
    t!(kelvin_in_text, &["k"], "\u{212A} k K", &[(0, 0, 3), (0, 4, 5), (0, 6, 7)]),
    t!(kelvin_in_pattern, &["\u{212A}m"], "km KM \u{212A}m", &[(0, 0, 2), (0, 3, 5), (0, 6, 10)]),
    t!(dotless_i_not_i, &["i"], "ı", &[]),
    t!(dotless_i_not_capital_i, &["I"], "ı", &[]),
    t!(dotless_i_pattern, &["ı"], "i I İ ı", &[(0, 7, 9)]),
    t!(dotted_capital_i_is_i, &["İ"], "i I", &[(0, 0, 1), (0, 2, 3)]),
    t!(long_s, &["ss"], "ſſ", &[(0, 0, 4)]),
    t!(micro_sign, &["μ"], "\u{B5}", &[(0, 0, 2)]),
    t!(ohm_sign, &["ω"], "\u{2126}", &[(0, 0, 3)]),
    t!(cyrillic_upper, &["москва"], "МОСКВА", &[(0, 0, 12)]),
    t!(moskva_never_in_moskvy_upper, &["Москва"], "МОСКВЫ", &[]),
];

// ---------------------------------------------------------------------------------------------
// Word boundaries.

const WHOLE_WORDS: &[T] = &[
    t!(ap_in_apple, &["AP"], "APPLE", &[]),
    t!(ap_in_eape, &["AP"], "ÉAPÉ", &[]),
    t!(ap_before_digit, &["AP"], "AP3", &[]),
    t!(ap_before_underscore, &["AP"], "AP_", &[]),
    t!(ap_alone, &["AP"], "(AP) AP, AP", &[(0, 1, 3), (0, 5, 7), (0, 9, 11)]),
    t!(moskva_prefix, &["Москв"], "Москвы", &[]),
    t!(us_based, &["U.S."], "U.S.-based", &[(0, 0, 4)]),
    t!(us_before_letter, &["U.S."], "U.S.A", &[(0, 0, 4)]),
    t!(us_after_letter, &["U.S."], "XU.S.", &[]),
    t!(with_after_newline, &["(With"], "said:\n(With reporting", &[(0, 6, 11)]),
    t!(paren_glued_left, &["(With"], "x(With y", &[(0, 1, 6)]),
    t!(paren_pattern_glued_right, &["(With"], "(Without", &[]),
    t!(reuters_curly, &["Reuters"], "Reuters’ report", &[(0, 0, 7)]),
    t!(reuters_straight, &["Reuters"], "Reuters' report", &[(0, 0, 7)]),
    t!(reuters_glued, &["Reuters"], "Reutersfoo", &[]),
    t!(caf_decomposed, &["caf"], "cafe\u{301}", &[]),
    t!(cafe_before_combining_mark, &["cafe"], "cafe\u{301} cafe", &[(0, 7, 11)]),
    t!(combining_mark_before, &["e"], "\u{301}e e", &[(0, 4, 5)]),
    t!(digits_glued, &["2024"], "20245 2024", &[(0, 6, 10)]),
    t!(ap_before_arabic_indic_digit, &["AP"], "AP٣ AP²", &[]),
    t!(cjk_glued, &["東京"], "在東京", &[]),
    t!(hebrew_prefix_letter, &["ירושלים"], "בירושלים", &[]),
    t!(arabic_suffix, &["مسؤول"], "مسؤولون", &[]),
    t!(arabic_harakat, &["كتب"], "كتبَ", &[]),
    t!(keycap, &["1"], "1\u{FE0F}\u{20E3}", &[]),
    t!(nonword_pattern, &["-"], "a-b", &[(0, 1, 2)]),
    t!(underscore, &["foo"], "foo_bar foo", &[(0, 8, 11)]),
    t!(undertie_connector, &["foo"], "foo\u{203F}bar", &[]),
    t!(hashtag, &["#tag"], "x#tag #tags", &[(0, 1, 5)]),
];

const SUBSTRINGS: &[T] = &[
    t!(ap_in_apple_any, &["AP"], "APPLE", &[(0, 0, 2)]),
    t!(ap_in_eape_any, &["AP"], "ÉAPÉ", &[(0, 2, 4)]),
    t!(ap_before_digit_any, &["AP"], "AP3", &[(0, 0, 2)]),
    t!(moskva_prefix_any, &["Москв"], "Москвы", &[(0, 0, 10)]),
    t!(us_after_letter_any, &["U.S."], "XU.S.", &[(0, 1, 5)]),
    t!(caf_decomposed_any, &["caf"], "cafe\u{301}", &[(0, 0, 3)]),
    t!(cafe_before_combining_mark_any, &["cafe"], "cafe\u{301}", &[(0, 0, 4)]),
    t!(digits_glued_any, &["2024"], "20245", &[(0, 0, 4)]),
    t!(ap_before_arabic_indic_digit_any, &["AP"], "AP٣ AP²", &[(0, 0, 2), (0, 5, 7)]),
    t!(hebrew_prefix_letter_any, &["ירושלים"], "בירושלים", &[(0, 2, 16)]),
    t!(keycap_any, &["1"], "1\u{FE0F}\u{20E3}", &[(0, 0, 1)]),
    t!(reuters_glued_any, &["Reuters"], "Reutersfoo", &[(0, 0, 7)]),
];

// ---------------------------------------------------------------------------------------------
// Normalization.

const NORMALIZE: &[T] = &[
    t!(crlf, &["New York"], "New\r\nYork", &[(0, 0, 9)]),
    t!(nbsp, &["New York"], "New\u{a0}York", &[(0, 0, 9)]),
    t!(thin_space, &["New York"], "New\u{2009}York", &[(0, 0, 10)]),
    t!(tab, &["New York"], "New\tYork", &[(0, 0, 8)]),
    t!(newline, &["New York"], "New\nYork", &[(0, 0, 8)]),
    t!(double_space, &["New York"], "New  York", &[(0, 0, 9)]),
    t!(mixed_run, &["New York"], "New \r\n\t\u{a0}\u{2009} York", &[(0, 0, 17)]),
    t!(ideographic_space, &["New York"], "New\u{3000}York", &[(0, 0, 10)]),
    t!(line_separator, &["New York"], "New\u{2028}York", &[(0, 0, 10)]),
    t!(next_line, &["New York"], "New\u{85}York", &[(0, 0, 9)]),
    t!(rare_spaces, &["a b"], "a\u{1680}\u{202F}\u{205F}b", &[(0, 0, 11)]),
    t!(vertical_tab_form_feed, &["a b"], "a\u{b}\u{c}b", &[(0, 0, 4)]),
    t!(zero_width_space_is_not_space, &["New York"], "New\u{200B}York", &[]),
    t!(pattern_run_collapses, &["New \n York"], "New York", &[(0, 0, 8)]),
    t!(pattern_nbsp, &["New\u{a0}York"], "New York", &[(0, 0, 8)]),
    t!(run_around_match, &["York"], " \r\n York \u{3000}", &[(0, 4, 8)]),
    t!(runs_between_matches, &["a b"], "a\n\nb a\u{a0}b", &[(0, 0, 4), (0, 5, 9)]),
    t!(trimmed_pattern, &["  AP \n"], "(AP)", &[(0, 1, 3)]),
    t!(trimmed_pattern_unicode, &["\u{a0}Reuters\u{2009}"], "Reuters", &[(0, 0, 7)]),
    t!(curly_apostrophe_in_text, &["Reuters'"], "Reuters’", &[(0, 0, 10)]),
    t!(curly_apostrophe_in_pattern, &["Reuters’"], "Reuters'", &[(0, 0, 8)]),
    t!(single_quotes, &["'quoted'"], "‘quoted’", &[(0, 0, 12)]),
    t!(reversed_quote_and_prime, &["a'"], "a\u{201B} a\u{2032}", &[(0, 0, 4), (0, 5, 9)]),
    t!(double_quotes, &["\"hi\""], "“hi” „hi“ ″hi″", &[(0, 0, 8), (0, 9, 17), (0, 18, 26)]),
    t!(
        dashes,
        &["U.S.-based"],
        "U.S.—based U.S.–based U.S.‐based U.S.−based",
        &[(0, 0, 12), (0, 13, 25), (0, 26, 38), (0, 39, 51)],
    ),
    t!(
        more_dashes,
        &["x-y"],
        "x\u{2011}y x\u{2012}y x\u{2015}y",
        &[(0, 0, 5), (0, 6, 11), (0, 12, 17)]
    ),
    t!(dash_pattern, &["—"], "a-b a–b", &[(0, 1, 2), (0, 5, 8)]),
    t!(fullwidth_hyphen_not_folded, &["a-b"], "a\u{FF0D}b", &[]),
    t!(acute_accent_not_apostrophe, &["a'"], "a\u{B4}", &[]),
    t!(apostrophe_in_name, &["O'Brien"], "Mr. O’Brien said", &[(0, 4, 13)]),
];

const RAW: &[T] = &[
    t!(nbsp_raw, &["New York"], "New\u{a0}York New York", &[(0, 10, 18)]),
    t!(crlf_raw, &["New York"], "New\r\nYork", &[]),
    t!(double_space_raw, &["New York"], "New  York", &[]),
    t!(pattern_double_space_raw, &["New  York"], "New  York New York", &[(0, 0, 9)]),
    t!(curly_raw, &["Reuters'"], "Reuters’ Reuters'", &[(0, 11, 19)]),
    t!(dash_raw, &["U.S.-based"], "U.S.—based", &[]),
    t!(untrimmed_raw, &[" AP "], "the AP wire", &[(0, 3, 7)]),
    t!(untrimmed_raw_needs_spaces, &[" AP "], "(AP)", &[]),
    t!(space_pattern_raw, &[" "], "a b\tc", &[(0, 1, 2)]),
    t!(tab_pattern_raw, &["\t"], "a b\tc", &[(0, 3, 4)]),
];

// ---------------------------------------------------------------------------------------------
// Match kinds.

/// Longest, with either boundary setting.
const LONGEST: &[T] = &[
    t!(
        longest_phrase,
        &["New York", "New York Times", "New"],
        "the New York Times said",
        &[(1, 4, 18)]
    ),
    t!(longest_higher_id, &["Sam", "Sam Smith"], "Sam Smith", &[(1, 0, 9)]),
    t!(longest_continues_from_end, &["New York", "York Times"], "New York Times", &[(0, 0, 8)]),
    t!(longest_duplicates_lowest_id, &["AP", "Reuters", "AP"], "AP", &[(0, 0, 2)]),
];

const LONGEST_WHOLE_WORDS: &[T] = &[
    t!(fallback_new_york, &["New York", "New York Times"], "New York Timesfoo", &[(0, 0, 8)]),
    t!(fallback_swapped_ids, &["New York Times", "New York"], "New York Timesfoo", &[(1, 0, 8)]),
    t!(samsung_longest, &["Sam", "Samsung"], "Samsung", &[(1, 0, 7)]),
    t!(nothing_valid_at_start, &["Sam", "Samsung"], "Samsungs Sam", &[(0, 9, 12)]),
    t!(failed_does_not_hide_inner, &["e-mail", "mail"], "re-mail", &[(1, 3, 7)]),
    t!(failed_does_not_hide_later, &["New York", "York"], "New Yorker York", &[(1, 11, 15)]),
    t!(failed_left_then_inner, &["ab c", "c"], "xab c", &[(1, 4, 5)]),
    t!(
        duplicates_fallback,
        &["New York Times", "New York", "New York"],
        "New York Timesfoo",
        &[(1, 0, 8)]
    ),
];

const LONGEST_SUBSTRINGS: &[T] = &[
    t!(no_fallback_needed, &["New York", "New York Times"], "New York Timesfoo", &[(1, 0, 14)]),
    t!(samsung_longest_any, &["Sam", "Samsung"], "Samsung", &[(1, 0, 7)]),
    t!(non_overlapping, &["abc", "bcd"], "abcd", &[(0, 0, 3)]),
    t!(leftmost_beats_longer, &["ab", "bcde"], "abcde", &[(0, 0, 2)]),
    t!(nested_prefixes, &["a", "ab", "abc"], "abcab", &[(2, 0, 3), (1, 3, 5)]),
];

/// First, with either boundary setting.
const FIRST: &[T] = &[
    t!(first_lowest_id_longer, &["New York Times", "New York"], "New York Times", &[(0, 0, 14)]),
    t!(first_lowest_id_shorter, &["New York", "New York Times"], "New York Times", &[(0, 0, 8)]),
    t!(first_duplicates, &["AP", "AP"], "AP", &[(0, 0, 2)]),
];

const FIRST_WHOLE_WORDS: &[T] = &[
    t!(samsung_first, &["Sam", "Samsung"], "Samsung", &[(1, 0, 7)]),
    t!(
        first_fallback_to_higher_id,
        &["New York Times", "New York"],
        "New York Timesfoo",
        &[(1, 0, 8)]
    ),
    t!(first_failed_does_not_hide_inner, &["e-mail", "mail"], "re-mail", &[(1, 3, 7)]),
    t!(first_nothing_valid_at_start, &["Samsung", "Sam"], "Samsungs Sam", &[(1, 9, 12)]),
];

const FIRST_SUBSTRINGS: &[T] = &[
    t!(sam_first, &["Sam", "Samsung"], "Samsung", &[(0, 0, 3)]),
    t!(
        first_continues_after_short,
        &["Sam", "sung", "Samsung"],
        "Samsung",
        &[(0, 0, 3), (1, 3, 7)]
    ),
    t!(first_leftmost_position_wins, &["bcde", "ab"], "abcde", &[(1, 0, 2)]),
];

/// All, with either boundary setting.
const ALL: &[T] = &[
    t!(all_duplicates, &["AP", "Reuters", "AP"], "AP Reuters", &[(0, 0, 2), (2, 0, 2), (1, 3, 10)]),
    t!(
        all_phrases,
        &["New York", "New York Times", "York", "Times"],
        "New York Times",
        &[(0, 0, 8), (1, 0, 14), (2, 4, 8), (3, 9, 14)],
    ),
    t!(
        all_order_by_end_then_id,
        &["b c", "a b c", "a b", "b"],
        "a b c",
        &[(2, 0, 3), (1, 0, 5), (3, 2, 3), (0, 2, 5),]
    ),
];

const ALL_WHOLE_WORDS: &[T] = &[
    t!(all_order_ww, &["abc", "a", "ab", "bc", "b"], "abc", &[(0, 0, 3)]),
    t!(all_timesfoo_ww, &["New York", "New York Times"], "New York Timesfoo", &[(0, 0, 8)]),
    t!(all_overlapping_repeats_ww, &["aa"], "aaaa", &[]),
];

const ALL_SUBSTRINGS: &[T] = &[
    t!(
        all_order,
        &["abc", "a", "ab", "bc", "b"],
        "abc",
        &[(1, 0, 1), (2, 0, 2), (0, 0, 3), (4, 1, 2), (3, 1, 3),]
    ),
    t!(
        all_timesfoo,
        &["New York", "New York Times"],
        "New York Timesfoo",
        &[(0, 0, 8), (1, 0, 14)]
    ),
    t!(all_overlapping_repeats, &["aa"], "aaaa", &[(0, 0, 2), (0, 1, 3), (0, 2, 4)]),
];

// ---------------------------------------------------------------------------------------------
// Duplicates after folding.

const FOLD_DUPLICATES_NON_OVERLAPPING: &[T] =
    &[t!(case_duplicates_lowest_id, &["reuters", "REUTERS", "Reuters"], "Reuters", &[(0, 0, 7)])];

const FOLD_DUPLICATES_ALL: &[T] = &[t!(
    case_duplicates_all_ids,
    &["reuters", "REUTERS", "Reuters"],
    "Reuters",
    &[(0, 0, 7), (1, 0, 7), (2, 0, 7)]
)];

const SPACE_DUPLICATES_NON_OVERLAPPING: &[T] = &[t!(
    space_duplicates_lowest_id,
    &["New  York", "New\u{a0}York", "New York"],
    "New York",
    &[(0, 0, 8)]
)];

const SPACE_DUPLICATES_ALL: &[T] = &[t!(
    space_duplicates_all_ids,
    &["New  York", "New\u{a0}York", "New York"],
    "New York",
    &[(0, 0, 8), (1, 0, 8), (2, 0, 8),]
)];

const SPACE_DUPLICATES_RAW: &[T] = &[t!(
    space_duplicates_raw,
    &["New  York", "New\u{a0}York", "New York"],
    "New York",
    &[(2, 0, 8)]
)];

// ---------------------------------------------------------------------------------------------
// The groups and the option combinations they run under.

const NON_OVERLAPPING: &[MatchKind] = &[Longest, First];

const GROUPS: &[(&str, &[T], When)] = &[
    ("basic", BASIC, ANY),
    ("case_sensitive", CASE_SENSITIVE, ANY.ic(false)),
    ("ignore_case", IGNORE_CASE, ANY.ic(true)),
    ("whole_words", WHOLE_WORDS, ANY.ww(true)),
    ("substrings", SUBSTRINGS, ANY.ww(false)),
    ("normalize", NORMALIZE, ANY.norm(true)),
    ("raw", RAW, ANY.norm(false)),
    ("longest", LONGEST, ANY.kinds(&[Longest])),
    ("longest_whole_words", LONGEST_WHOLE_WORDS, ANY.kinds(&[Longest]).ww(true)),
    ("longest_substrings", LONGEST_SUBSTRINGS, ANY.kinds(&[Longest]).ww(false)),
    ("first", FIRST, ANY.kinds(&[First])),
    ("first_whole_words", FIRST_WHOLE_WORDS, ANY.kinds(&[First]).ww(true)),
    ("first_substrings", FIRST_SUBSTRINGS, ANY.kinds(&[First]).ww(false)),
    ("all", ALL, ANY.kinds(&[All])),
    ("all_whole_words", ALL_WHOLE_WORDS, ANY.kinds(&[All]).ww(true)),
    ("all_substrings", ALL_SUBSTRINGS, ANY.kinds(&[All]).ww(false)),
    ("fold_duplicates", FOLD_DUPLICATES_NON_OVERLAPPING, ANY.ic(true).kinds(NON_OVERLAPPING)),
    ("fold_duplicates_all", FOLD_DUPLICATES_ALL, ANY.ic(true).kinds(&[All])),
    ("space_duplicates", SPACE_DUPLICATES_NON_OVERLAPPING, ANY.norm(true).kinds(NON_OVERLAPPING)),
    ("space_duplicates_all", SPACE_DUPLICATES_ALL, ANY.norm(true).kinds(&[All])),
    ("space_duplicates_raw", SPACE_DUPLICATES_RAW, ANY.norm(false)),
];

fn group(name: &str) {
    let (_, tests, when) = GROUPS.iter().find(|g| g.0 == name).expect("no such group");
    run(name, tests, *when);
}

macro_rules! group_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                group(stringify!($name));
            }
        )*

        #[test]
        fn every_group_has_a_test() {
            let names: &[&str] = &[$(stringify!($name)),*];
            for (name, _, _) in GROUPS {
                assert!(names.contains(name), "group {name} has no #[test]");
            }
        }
    };
}

group_tests!(
    basic,
    case_sensitive,
    ignore_case,
    whole_words,
    substrings,
    normalize,
    raw,
    longest,
    longest_whole_words,
    longest_substrings,
    first,
    first_whole_words,
    first_substrings,
    all,
    all_whole_words,
    all_substrings,
    fold_duplicates,
    fold_duplicates_all,
    space_duplicates,
    space_duplicates_all,
    space_duplicates_raw,
);

/// Each of the 24 option combinations runs a good number of tables, including ones specific to
/// its value of every option.
#[test]
fn every_option_combination_is_covered() {
    for o in Options::all() {
        let groups: Vec<&str> =
            GROUPS.iter().filter(|(_, _, w)| w.holds(&o)).map(|(name, _, _)| *name).collect();
        let tables: usize =
            GROUPS.iter().filter(|(_, _, w)| w.holds(&o)).map(|(_, t, _)| t.len()).sum();
        assert!(groups.len() >= 6, "{o:?}: only groups {groups:?}");
        assert!(tables >= 50, "{o:?}: only {tables} tables");
    }
}

#[test]
fn table_names_are_unique() {
    let mut names: Vec<&str> =
        GROUPS.iter().flat_map(|(_, t, _)| t.iter().map(|t| t.name)).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate table names");
}

// ---------------------------------------------------------------------------------------------
// Defaults, accessors and errors.

#[test]
fn defaults() {
    let m = Matcher::new(["AP", "New York"]).unwrap();
    assert!(!m.ignore_case());
    assert!(m.whole_words());
    assert!(m.normalize());
    assert_eq!(m.match_kind(), Longest);
    assert_eq!(m.len(), 2);
    assert_eq!(m.pattern(1), Some("New York"));
    assert_eq!(m.pattern(2), None);
    assert_eq!(m.label(0), None);
    let got: Vec<Match> = m.find_all("APPLE (AP) New\u{a0}York ap");
    assert_eq!(
        got,
        [Match { start: 7, end: 9, pattern: 0 }, Match { start: 11, end: 20, pattern: 1 }]
    );
    assert_eq!(got[1].range(), 11..20);
}

#[test]
fn labels() {
    let m = MatcherBuilder::new()
        .build_with_labels([("Reuters", Some("NEWS_ORG")), ("said", None), ("AP", Some("X"))])
        .unwrap();
    assert_eq!(m.label(0), Some("NEWS_ORG"));
    assert_eq!(m.label(1), None);
    assert_eq!(m.label(2), Some("X"));
    assert_eq!(m.label(3), None);
    assert_eq!(m.labels().collect::<Vec<_>>(), [Some("NEWS_ORG"), None, Some("X")]);
    assert_eq!(m.patterns().collect::<Vec<_>>(), ["Reuters", "said", "AP"]);
}

#[test]
fn match_kind_names() {
    for k in [Longest, First, All] {
        assert_eq!(k.as_str().parse::<MatchKind>().unwrap(), k);
    }
    let err = "leftmost".parse::<MatchKind>().unwrap_err();
    assert!(matches!(err.kind(), BuildErrorKind::InvalidOption(_)), "{err:?}");
    assert!(err.to_string().contains("leftmost"), "{err}");
}

fn build_err(o: Options, patterns: &[&str]) -> BuildError {
    match o.builder().build(patterns) {
        Ok(_) => panic!("{o:?}: patterns {patterns:?} accepted"),
        Err(e) => e,
    }
}

fn assert_empty(e: &BuildError, index: usize, o: Options) {
    assert!(matches!(e.kind(), BuildErrorKind::Empty { .. }), "{o:?}: {e:?}");
    assert_eq!(e.entry(), Some((Entry::Pattern, index)), "{o:?}: {e:?}");
}

fn assert_too_long(e: &BuildError, index: usize, len: usize, o: Options) {
    match e.kind() {
        BuildErrorKind::TooLong { entry: Entry::Pattern, index: i, len: l, .. } => {
            assert_eq!((*i, *l), (index, len), "{o:?}")
        }
        k => panic!("{o:?}: {k:?}"),
    }
}

#[test]
fn empty_pattern_names_its_index() {
    for o in Options::all() {
        let e = build_err(o, &["a", "b", "", "c"]);
        assert_empty(&e, 2, o);
        assert!(e.to_string().contains("pattern 2 "), "{e}");
        let e = build_err(o, &[""]);
        assert_empty(&e, 0, o);
        // An empty pattern is empty whatever the options: no word of normalization.
        assert_eq!(e.to_string(), "pattern 0 is empty");
    }
}

#[test]
fn whitespace_only_pattern_is_empty_under_normalize() {
    for o in Options::all() {
        let patterns = &["a", " \t\u{a0}\r\n\u{3000}"];
        if o.normalize {
            let e = build_err(o, patterns);
            assert_empty(&e, 1, o);
            let msg = e.to_string();
            assert!(
                msg.contains("pattern 1 (") && msg.contains("empty after whitespace normalization"),
                "{e}"
            );
        } else {
            // Without normalization it is an ordinary pattern.
            let m = o.builder().build(patterns).unwrap();
            let text = "x \t\u{a0}\r\n\u{3000}y";
            let got: Vec<(usize, usize, usize)> =
                m.find_all(text).iter().map(|x| (x.pattern, x.start, x.end)).collect();
            assert_eq!(got, [(1, 1, 10)], "{o:?}");
        }
    }
}

#[test]
fn pattern_too_long() {
    let max = "a".repeat(asper::MAX_PATTERN_LEN);
    let over = "a".repeat(asper::MAX_PATTERN_LEN + 1);
    assert_eq!(asper::MAX_PATTERN_LEN, 4096);
    // A DFA for a 4096-byte pattern takes seconds to build in debug mode: build it once, and
    // contiguous NFAs (same results, tested elsewhere) for the other combinations.
    assert_eq!(Matcher::new([max.as_str()]).unwrap().find_all(&max).len(), 1);
    for o in Options::all() {
        let m = o.builder().dfa(Some(false)).build([max.as_str()]).unwrap();
        assert_eq!(m.find_all(&max).len(), 1, "{o:?}");
        let e = build_err(o, &["x", "y", &over]);
        assert_too_long(&e, 2, 4097, o);
        let s = e.to_string();
        assert!(s.contains("pattern 2 ") && s.contains("4097") && s.contains("4096"), "{s}");
        // The first bad pattern is reported.
        let e = build_err(o, &["x", "", &over]);
        assert_empty(&e, 1, o);
    }
}

/// The limit applies to the folded, normalized form.
#[test]
fn pattern_length_is_measured_after_folding() {
    // Trailing whitespace is trimmed under normalize.
    let trailing = format!("{}  ", "a".repeat(4096));
    // A whitespace run collapses to one space under normalize.
    let run = format!("a{}b", " ".repeat(5000));
    // KELVIN SIGN (3 bytes) folds to `k` (1 byte) under ignore_case; İ (2 bytes) to `i`.
    let kelvin = "\u{212A}".repeat(1366);
    let dotted = "İ".repeat(2049);
    for o in Options::all() {
        let check = |p: &str, ok: bool, len: usize| {
            let r = o.builder().dfa(Some(false)).build([p]);
            if ok {
                assert!(r.is_ok(), "{o:?}: {:?}", r.err());
            } else {
                assert_too_long(&r.unwrap_err(), 0, len, o);
            }
        };
        check(&trailing, o.normalize, 4098);
        check(&run, o.normalize, 5002);
        check(&kelvin, o.ignore_case, 4098);
        check(&dotted, o.ignore_case, 4098);
    }
}

#[test]
fn zero_threads_is_an_error() {
    let m = Matcher::new(["a"]).unwrap();
    let e = m.find_batch(&["a"], Some(0)).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidOption(_)), "{e:?}");
}

#[test]
fn no_patterns() {
    let m = Matcher::new(Vec::<&str>::new()).unwrap();
    assert!(m.is_empty());
    assert!(m.find_all("anything at all").is_empty());
    assert!(!m.is_match("x"));
    assert_eq!(m.count("x"), 0);
}
