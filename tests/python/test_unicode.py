"""Hand-written Unicode cases with hand-computed code-point offsets (DESIGN.md).

Every expected value below was worked out by hand from DESIGN.md, never by running asper; the
reference matcher is checked against the same table.
"""

# Deliberately non-ASCII look-alikes (’ ı σ Cyrillic…): they are what is under test.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

from typing import Any

import pytest

import asper
from reference import Reference

IC: dict[str, Any] = {"ignore_case": True}
NO_WW: dict[str, Any] = {"whole_words": False}
RAW: dict[str, Any] = {"normalize": False}
FIRST: dict[str, Any] = {"match_kind": "first"}
ALL: dict[str, Any] = {"match_kind": "all"}


def case(
    id: str,
    patterns: list[str],
    text: str,
    expected: list[tuple[int, int, int]],
    **opts: Any,
) -> Any:
    return pytest.param(patterns, text, opts, expected, id=id)


CASES = [
    # --- Case folding: Turkish I, sharp s, sigma, KELVIN SIGN, dotless i ----------------------
    case("istanbul-in-İSTANBUL", ["istanbul"], "İSTANBUL", [(0, 8, 0)], **IC),
    case("İSTANBUL-in-istanbul", ["İSTANBUL"], "istanbul", [(0, 8, 0)], **IC),
    case("Istanbul-in-sentence", ["Istanbul"], "Welcome to İSTANBUL!", [(11, 19, 0)], **IC),
    case("istanbul-case-sensitive", ["istanbul"], "İSTANBUL", []),
    case("straße-in-STRAẞE", ["straße"], "STRAẞE", [(0, 6, 0)], **IC),
    case("STRAẞE-in-straße", ["STRAẞE"], "die straße", [(4, 10, 0)], **IC),
    case("long-s", ["ſtraße"], "STRAẞE", [(0, 6, 0)], **IC),
    case("strasse-not-STRAẞE", ["strasse"], "STRAẞE straße", [], **IC),
    case("ß-not-ss", ["ß"], "ss SS", [], **IC, **NO_WW),
    case("οδυσσευς-in-ΟΔΥΣΣΕΥΣ", ["οδυσσευς"], "ΟΔΥΣΣΕΥΣ", [(0, 8, 0)], **IC),
    case("ΟΔΥΣΣΕΥΣ-in-οδυσσευσ", ["ΟΔΥΣΣΕΥΣ"], "ο οδυσσευσ", [(2, 10, 0)], **IC),
    case("final-sigma", ["ς"], "aςbσcΣ", [(1, 2, 0), (3, 4, 0), (5, 6, 0)], **IC, **NO_WW),
    case("final-sigma-case-sensitive", ["ς"], "aςbσcΣ", [(1, 2, 0)], **NO_WW),
    case("greek-tonos", ["Αθήνα"], "ΑΘΉΝΑ", [(0, 5, 0)], **IC),
    case("kelvin-sign-pattern", ["\u212a"], "K k", [(0, 1, 0), (2, 3, 0)], **IC),
    case("kelvin-sign-text", ["k"], "5 \u212a", [(2, 3, 0)], **IC),
    case("kelvin-sign-case-sensitive", ["K"], "\u212a", []),
    case("dotless-ı-not-i", ["i"], "ı", [], **IC),
    case("dotless-ı-not-I", ["ı"], "I i", [], **IC),
    case("dotless-ı-itself", ["ı"], "Iı", [(1, 2, 0)], **IC, **NO_WW),
    case("I-matches-İ", ["I"], "İ", [(0, 1, 0)], **IC),
    case("cherokee-folds-to-upper", ["\uab70"], "\u13a0", [(0, 1, 0)], **IC),
    case("titlecase-dz", ["ǆ"], "Ǆ ǅ", [(0, 1, 0), (2, 3, 0)], **IC),
    case("moskva-ignore-case", ["москва"], "МОСКВА", [(0, 6, 0)], **IC),
    case("reuters-case-sensitive", ["reuters"], "Reuters", []),
    # --- Offsets in code points, never bytes or lowered text ---------------------------------
    case("emoji-before", ["Reuters"], "🎉🎉 Reuters", [(3, 10, 0)]),
    case("zwj-emoji-before", ["Reuters"], "👨\u200d👩\u200d👧 Reuters", [(6, 13, 0)]),
    case("emoji-adjacent", ["Reuters"], "🎉Reuters🎉", [(1, 8, 0)]),
    case("emoji-pattern", ["🎉"], "a🎉b🎉", [(1, 2, 0), (3, 4, 0)]),
    case("astral-letter-before", ["AP"], "𝐀AP", []),
    case("emoji-nbsp-ic-quote", ["reuters'"], "🎉\u00a0\u00a0REUTERS’", [(3, 11, 0)], **IC),
    case("lower-changes-length-ic", ["Reuters"], "İİİ Reuters", [(4, 11, 0)], **IC),
    case("lower-changes-length-cs", ["Reuters"], "İİİ Reuters", [(4, 11, 0)]),
    case("lower-changes-length-upper", ["reuters"], "İİİ REUTERS", [(4, 11, 0)], **IC),
    case("upper-changes-length", ["reuters"], "ßßß REUTERS", [(4, 11, 0)], **IC),
    case("ligature-before", ["reuters"], "ﬁﬁ reuters", [(3, 10, 0)], **IC),
    # --- Combining marks ---------------------------------------------------------------------
    case("combining-mark-after", ["cafe"], "cafe\u0301", []),
    case("combining-mark-after-no-ww", ["cafe"], "cafe\u0301", [(0, 4, 0)], **NO_WW),
    case("decomposed-pattern", ["cafe\u0301"], "Le cafe\u0301 noir", [(3, 8, 0)]),
    case("precomposed-not-decomposed", ["café"], "cafe\u0301", [], **NO_WW),
    case("combining-mark-before", ["Reuters"], "\u0301Reuters", []),
    case("enclosing-mark-after", ["AP"], "AP\u20dd", []),
    case("arabic-tashkeel-after", ["الجزيرة"], "الجزيرةُ", []),
    # --- Whitespace ----------------------------------------------------------------------------
    case("crlf", ["New York"], "New\r\nYork", [(0, 9, 0)]),
    case("crlf-raw", ["New York"], "New\r\nYork", [], **RAW),
    case("crlf-before", ["Reuters"], "line1\r\nReuters", [(7, 14, 0)]),
    case("crlf-before-raw", ["Reuters"], "line1\r\nReuters", [(7, 14, 0)], **RAW),
    case("mixed-run", ["New York"], "New \r\n\t York", [(0, 12, 0)]),
    case("match-after-run", ["York"], "New   York", [(6, 10, 0)]),
    case("nbsp-in-text", ["New York"], "New\u00a0York", [(0, 8, 0)]),
    case("nbsp-in-pattern", ["New\u00a0York"], "in New York.", [(3, 11, 0)]),
    case("nbsp-raw", ["New York"], "New\u00a0York", [], **RAW),
    case("thin-space", ["New York"], "New\u2009York", [(0, 8, 0)]),
    case("narrow-nbsp", ["New York"], "New\u202fYork", [(0, 8, 0)]),
    case("tab", ["New York"], "New\tYork", [(0, 8, 0)]),
    case("ideographic-space", ["New York"], "New\u3000York", [(0, 8, 0)]),
    case("next-line", ["New York"], "New\x85York", [(0, 8, 0)]),
    case("file-separator-is-not-white-space", ["New York"], "New\x1cYork", []),
    case("zero-width-space-is-not-white-space", ["New York"], "New\u200bYork", []),
    case("mongolian-vowel-separator-is-not-white-space", ["New York"], "New\u180eYork", []),
    case("pattern-trimmed", ["  Reuters\u00a0\n"], "Reuters", [(0, 7, 0)]),
    case("pattern-space-run", ["New   York"], "New York", [(0, 8, 0)]),
    case("raw-space-pattern", [" "], "a  b", [(1, 2, 0), (2, 3, 0)], **RAW),
    # --- Typographic punctuation ---------------------------------------------------------------
    case("curly-apostrophe-in-text", ["don't"], "I don’t know", [(2, 7, 0)]),
    case("curly-apostrophe-in-pattern", ["don’t"], "don't", [(0, 5, 0)]),
    case("curly-apostrophe-raw", ["don't"], "don’t", [], **RAW),
    case("curly-double-quotes", ['"Reuters"'], "said “Reuters”.", [(5, 14, 0)]),
    case("low-double-quote", ['"x"'], "„x“", [(0, 3, 0)]),
    case("prime", ["5'"], "5\u2032", [(0, 2, 0)]),
    case("em-dash", ["U.S.-based"], "U.S.—based", [(0, 10, 0)]),
    case("en-dash-in-pattern", ["1–2"], "1-2", [(0, 3, 0)]),
    case("minus-sign", ["-5"], "x \u22125 y", [(2, 4, 0)]),
    case("unicode-hyphen", ["co-op"], "co\u2010op", [(0, 5, 0)]),
    case("two-em-dash-not-folded", ["a-b"], "a\u2e3ab", []),
    case("small-em-dash-not-folded", ["a-b"], "a\ufe58b", []),
    # --- Right-to-left scripts -----------------------------------------------------------------
    case("arabic", ["الجزيرة"], "قالت الجزيرة إن", [(5, 12, 0)]),
    case("arabic-rlm", ["رويترز"], "\u200fرويترز\u200f", [(1, 7, 0)]),
    case("hebrew", ["רויטרס"], "לפי רויטרס, אמש", [(4, 10, 0)]),
    case("hebrew-prefix", ["רויטרס"], "ברויטרס", []),
    # --- Word boundaries -----------------------------------------------------------------------
    case("U.S.-in-U.S.-based", ["U.S."], "U.S.-based", [(0, 4, 0)]),
    case("U.S.-in-sentence", ["U.S."], "the U.S. economy", [(4, 8, 0)]),
    case("U.S.-after-letter", ["U.S."], "AU.S.", []),
    case("(With-after-newline", ["(With"], "Report.\n(With Reuters inputs)", [(8, 13, 0)]),
    case("(With-after-letter", ["(With"], "x(With y", [(1, 6, 0)]),
    case("(With-not-in-(Without", ["(With"], "(Without", []),
    case("Reuters-curly-apostrophe", ["Reuters"], "Reuters’ report", [(0, 7, 0)]),
    case("Reuters-ascii-apostrophe", ["Reuters"], "Reuters' report", [(0, 7, 0)]),
    case("Reuters-possessive", ["Reuters"], "Reuters's", [(0, 7, 0)]),
    case("AP-not-in-APPLE", ["AP"], "APPLE", []),
    case("AP-not-in-ÉAPÉ", ["AP"], "ÉAPÉ", []),
    case("AP-not-in-AP3", ["AP"], "AP3", []),
    case("AP-not-after-underscore", ["AP"], "_AP", []),
    case("AP-not-before-superscript-two", ["AP"], "AP²", []),
    case("AP-not-before-arabic-digit", ["AP"], "AP١", []),
    case("AP-not-before-roman-numeral", ["AP"], "APⅫ", []),
    case("AP-not-before-circled-letter", ["AP"], "APⒶ", []),
    case("AP-before-period", ["AP"], "AP.", [(0, 2, 0)]),
    case("AP-in-parens", ["AP"], "(AP)", [(1, 3, 0)]),
    case("ap-not-in-APPLE-ic", ["ap"], "APPLE", [], **IC),
    case("AP-in-APPLE-no-ww", ["AP"], "APPLE", [(0, 2, 0)], **NO_WW),
    case("connector-inside-pattern", ["foo_bar"], "foo_bar", [(0, 7, 0)]),
    case("connector-after", ["foo"], "foo_bar", []),
    case("Москва-not-in-Москвы", ["Москва"], "Москвы", []),
    case("Москва-not-in-Москве", ["Москва"], "в Москве", []),
    case("Москва", ["Москва"], "Москва, Россия", [(0, 6, 0)]),
    case("cjk-no-spaces", ["東京"], "在東京", []),
    case("cjk-no-spaces-no-ww", ["東京"], "在東京", [(1, 3, 0)], **NO_WW),
    # --- Boundary fallback and match kinds -----------------------------------------------------
    case("fallback-longest", ["New York", "New York Times"], "New York Timesfoo", [(0, 8, 0)]),
    case(
        "fallback-first",
        ["New York", "New York Times"],
        "New York Timesfoo",
        [(0, 8, 0)],
        **FIRST,
    ),
    case("fallback-all", ["New York", "New York Times"], "New York Timesfoo", [(0, 8, 0)], **ALL),
    case(
        "fallback-first-reversed",
        ["New York Times", "New York"],
        "New York Timesfoo",
        [(0, 8, 1)],
        **FIRST,
    ),
    case("no-fallback-needed", ["New York", "New York Times"], "New York Times", [(0, 14, 1)]),
    case(
        "first-prefers-earlier",
        ["New York", "New York Times"],
        "New York Times",
        [(0, 8, 0)],
        **FIRST,
    ),
    case(
        "first-reversed",
        ["New York Times", "New York"],
        "New York Times",
        [(0, 14, 0)],
        **FIRST,
    ),
    case(
        "all-both",
        ["New York", "New York Times"],
        "New York Times",
        [(0, 8, 0), (0, 14, 1)],
        **ALL,
    ),
    case(
        "longest-without-ww-ignores-boundary",
        ["New York", "New York Times"],
        "New York Timesfoo",
        [(0, 14, 1)],
        **NO_WW,
    ),
    case(
        "failed-candidate-hides-nothing",
        ["New York Times", "York"],
        "New York Timesfoo",
        [(4, 8, 1)],
    ),
    case("first-Sam-Samsung", ["Sam", "Samsung"], "Samsung", [(0, 7, 1)], **FIRST),
    case("longest-Sam-Samsung", ["Sam", "Samsung"], "Samsung", [(0, 7, 1)]),
    case(
        "first-Sam-Samsung-twice",
        ["Sam", "Samsung"],
        "Samsung's Sam",
        [(0, 7, 1), (10, 13, 0)],
        **FIRST,
    ),
    case("duplicates-longest", ["Reuters", "Reuters"], "Reuters", [(0, 7, 0)]),
    case("duplicates-first", ["Reuters", "Reuters"], "Reuters", [(0, 7, 0)], **FIRST),
    case("duplicates-all", ["Reuters", "Reuters"], "Reuters", [(0, 7, 0), (0, 7, 1)], **ALL),
    case(
        "fold-duplicates-all",
        ["reuters", "REUTERS"],
        "Reuters",
        [(0, 7, 0), (0, 7, 1)],
        **IC,
        **ALL,
    ),
    case("fold-duplicates-longest", ["reuters", "REUTERS"], "Reuters", [(0, 7, 0)], **IC),
    case(
        "all-ordering",
        ["York Times", "New York", "New York Times", "York"],
        "New York Times",
        [(0, 8, 1), (0, 14, 2), (4, 8, 3), (4, 14, 0)],
        **ALL,
    ),
    case("longest-non-overlapping", ["ab", "bc"], "abc", [(0, 2, 0)], **NO_WW),
    case("all-overlapping", ["ab", "bc"], "abc", [(0, 2, 0), (1, 3, 1)], **NO_WW, **ALL),
]


@pytest.mark.parametrize(("patterns", "text", "opts", "expected"), CASES)
def test_case(
    patterns: list[str],
    text: str,
    opts: dict[str, Any],
    expected: list[tuple[int, int, int]],
) -> None:
    m = asper.Matcher(patterns, **opts)
    got = m.find(text)
    assert [(x.start, x.end, x.pattern_id) for x in got] == expected
    assert [x.pattern for x in got] == [patterns[pid] for _, _, pid in expected]
    assert m.count(text) == len(expected)
    assert m.is_match(text) == bool(expected)
    assert m.find_many([text, text], threads=2) == [got, got]


@pytest.mark.parametrize(("patterns", "text", "opts", "expected"), CASES)
def test_reference_agrees(
    patterns: list[str],
    text: str,
    opts: dict[str, Any],
    expected: list[tuple[int, int, int]],
) -> None:
    """The reference matcher gives the hand-computed results too (a test of the test)."""
    assert Reference(patterns, **opts).find(text) == expected


@pytest.mark.parametrize("n", [0, 1, 3, 1000])
def test_lower_changes_length_many(n: int) -> None:
    """The peer bug: offsets computed on ``text.lower()`` are shifted by every ``İ`` before."""
    text = "İ" * n + " Reuters and REUTERS"
    assert len(text.lower()) != len(text) or n == 0
    m = asper.Matcher(["reuters"], ignore_case=True)
    got = [(x.start, x.end) for x in m.find(text)]
    assert got == [(n + 1, n + 8), (n + 13, n + 20)]
    assert [text[s:e] for s, e in got] == ["Reuters", "REUTERS"]
