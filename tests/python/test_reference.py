"""Property tests: asper.Matcher against the pure-Python reference of DESIGN.md."""

# Deliberately non-ASCII look-alikes (’ ı σ Cyrillic…): they are what is under test.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asper
from reference import (
    ALL_OPTIONS,
    CASE_FOLDING,
    WHITE_SPACE,
    Options,
    Reference,
    ReferencePatternError,
    general_categories,
    is_word_char,
    ucd_property,
)

# A small adversarial alphabet: case-fold oddities (İ ı σ ς Σ KELVIN SIGN ß ẞ), whitespace that
# normalizes (NBSP, CR, LF, tab), typographic punctuation, a combining mark, Pc, a digit, an
# astral emoji (one code point, four UTF-8 bytes), Cyrillic.
ALPHABET = "aAbB İıiσςΣ\u212akß ẞ’'-—\u00a0\n\r\t.é\u0301Жж_1🎉"
SYLLABLES = [
    "ab",
    "Ab",
    "AB",
    "ba",
    "New",
    "York",
    "new york",
    "σς",
    "ΣΑ",
    "straße",
    "STRAẞE",
    "İs",
    "is",
    "IS",
    "ık",
    "\r\n",
    "  ",
    "’s",
    "U.S.",
    "--",
    "\u2009",
    "e\u0301",
]

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

tokens = st.one_of(st.sampled_from(ALPHABET), st.sampled_from(SYLLABLES))
texts = st.lists(tokens, max_size=30).map("".join)
free_patterns = st.lists(tokens, min_size=1, max_size=4).map("".join)
labels = st.one_of(st.none(), st.sampled_from(["A", "B", "ORG"]))


def is_blank(s: str) -> bool:
    return all(c in WHITE_SPACE for c in s)


@st.composite
def pattern_sets(draw: st.DrawFn, text: str) -> list[str]:
    """Patterns, many of them taken from ``text`` (possibly with their case changed)."""
    n = draw(st.integers(1, 6))
    out: list[str] = []
    for _ in range(n):
        if text and draw(st.booleans()):
            i = draw(st.integers(0, len(text) - 1))
            j = draw(st.integers(i + 1, min(len(text), i + 12)))
            p = text[i:j]
            p = draw(st.sampled_from([p, p.lower(), p.upper(), p.swapcase()]))
        else:
            p = draw(free_patterns)
        out.append(p)
    # Occasionally a duplicate of an earlier pattern, which keeps its own id.
    if draw(st.booleans()) and out:
        out.append(draw(st.sampled_from(out)))
    return [p for p in out if not is_blank(p)] or ["ab"]


def as_tuples(ms: list[asper.Match]) -> list[tuple[int, int, int]]:
    return [(m.start, m.end, m.pattern_id) for m in ms]


def check_against_reference(
    opts: Options, patterns: list[str], lbls: list[str | None], text: str
) -> None:
    ref = Reference(patterns, **opts.kwargs())
    m = asper.Matcher(list(zip(patterns, lbls, strict=True)), **opts.kwargs())
    got = m.find(text)
    assert as_tuples(got) == ref.find(text), (patterns, text)
    for x in got:
        assert x.pattern == patterns[x.pattern_id]
        assert x.label == lbls[x.pattern_id]
        # The original span folds to the folded pattern.
        assert ref.fold(text[x.start : x.end]) == ref.folded[x.pattern_id]
    assert m.count(text) == len(got)
    assert m.is_match(text) == bool(got)
    # replace splices the original text around the matches (under "all", a match overlapping
    # an already replaced one is skipped).
    pieces, last = [], 0
    for x in got:
        if x.start >= last:
            pieces += [text[last : x.start], f"<{x.pattern_id}>"]
            last = x.end
    pieces.append(text[last:])
    assert m.replace(text, lambda x: f"<{x.pattern_id}>") == "".join(pieces)


@pytest.mark.parametrize("opts", ALL_OPTIONS, ids=Options.short)
@SETTINGS
@given(data=st.data())
def test_find_equals_reference(opts: Options, data: st.DataObject) -> None:
    text = data.draw(texts, label="text")
    patterns = data.draw(pattern_sets(text), label="patterns")
    lbls = data.draw(st.lists(labels, min_size=len(patterns), max_size=len(patterns)))
    check_against_reference(opts, patterns, lbls, text)


# Wider texts: any assigned BMP character below U+3000 that is not a surrogate (Latin, Greek,
# Cyrillic, Armenian, Hebrew, Arabic, Indic scripts, marks, punctuation, controls). Characters
# assigned after Python's Unicode version are unassigned (Cn) here and so excluded.
wide_chars = st.characters(
    max_codepoint=0x2FFF,
    exclude_categories=("Cs", "Cn", "Co"),
)
wide_texts = st.lists(st.one_of(wide_chars, st.sampled_from(SYLLABLES)), max_size=40).map("".join)


@pytest.mark.parametrize(
    "opts",
    [o for o in ALL_OPTIONS if o.match_kind != "first"],
    ids=Options.short,
)
@settings(SETTINGS, max_examples=100)
@given(data=st.data())
def test_find_equals_reference_wide_alphabet(opts: Options, data: st.DataObject) -> None:
    text = data.draw(wide_texts, label="text")
    patterns = data.draw(pattern_sets(text), label="patterns")
    check_against_reference(opts, patterns, [None] * len(patterns), text)


@pytest.mark.parametrize("opts", ALL_OPTIONS, ids=Options.short)
@settings(max_examples=60, deadline=None)
@given(
    patterns=st.lists(
        st.one_of(free_patterns, st.sampled_from([" ", "\r\n", "\u00a0\t"])), min_size=1, max_size=5
    )
)
def test_pattern_errors_agree(opts: Options, patterns: list[str]) -> None:
    try:
        Reference(patterns, **opts.kwargs())
    except ReferencePatternError as e:
        with pytest.raises(asper.PatternError, match=rf"\bpattern {e.index}\b"):
            asper.Matcher(patterns, **opts.kwargs())
    else:
        assert len(asper.Matcher(patterns, **opts.kwargs())) == len(patterns)


@pytest.mark.parametrize("threads", [1, 2, None])
@SETTINGS
@given(opts=st.sampled_from(ALL_OPTIONS), data=st.data())
def test_find_many_equals_find(threads: int | None, opts: Options, data: st.DataObject) -> None:
    docs = data.draw(st.lists(texts, max_size=8), label="docs")
    patterns = data.draw(pattern_sets("".join(docs)), label="patterns")
    m = asper.Matcher(patterns, **opts.kwargs())
    assert m.find_many(docs, threads=threads) == [m.find(d) for d in docs]
    # Any iterable of str, not only lists.
    assert m.find_many(iter(docs), threads=threads) == [m.find(d) for d in docs]


def test_reference_self_checks() -> None:
    """The reference's character classes are what DESIGN.md says (tests of the test)."""
    # Python's isspace disagrees with White_Space on U+001C..U+001F; the reference must not.
    assert all(chr(c).isspace() and chr(c) not in WHITE_SPACE for c in range(0x1C, 0x20))
    assert "\u200b" not in WHITE_SPACE and "\u180e" not in WHITE_SPACE
    assert {"\r", "\n", "\t", "\u00a0", "\u2009", "\u3000", "\u0085"} <= WHITE_SPACE
    assert len(WHITE_SPACE) == 25
    # Word characters.
    for ch in "aZé\u0301\u20dd_\u203f1\u0661²ⅫЖ\u05d0\u0627Ⓐ":
        assert is_word_char(ch), ascii(ch)
    for ch in " .-’'\u00a0🎉\u200d\u200f$%":
        assert not is_word_char(ch), ascii(ch)
    # Newer than Python 3.11's unicodedata (Unicode 14): assigned in Unicode 16.
    assert is_word_char("\U0001e5d0")  # OL ONAL LETTER O
    # DESIGN.md's White_Space list is the vendored PropList.txt's.
    assert {chr(c) for c in ucd_property("PropList.txt", "White_Space")} == WHITE_SPACE
    # Case folds.
    ref = Reference(["x"], ignore_case=True)
    assert ref.fold("İSTANBUL") == "istanbul"
    assert ref.fold("ıIΣςσ\u212aẞß") == "ıiσσσkßß"
    assert Reference(["x"], normalize=True).fold("a \r\n\tb\u2019\u201c\u2014\u2212") == "a b'\"--"


# --- Exhaustive character classes: every code point the vendored UCD assigns -------------------

ASSIGNED = [chr(c) for c, cat in sorted(general_categories().items()) if cat != "Cs"]


def test_word_chars_agree_exhaustively() -> None:
    """Word characters: asper and the reference agree on every assigned code point, both sides."""
    m = asper.Matcher(["a"], normalize=False)
    after = [ch for ch in ASSIGNED if m.is_match("a" + ch) == is_word_char(ch)]
    before = [ch for ch in ASSIGNED if m.is_match(ch + "a") == is_word_char(ch)]
    assert [f"U+{ord(c):04X}" for c in after] == []
    assert [f"U+{ord(c):04X}" for c in before] == []


def test_white_space_and_punctuation_agree_exhaustively() -> None:
    """Under normalize, exactly the White_Space code points match a pattern space, and exactly
    the listed punctuation matches ' " -."""
    for pat, expected in [
        ("a b", WHITE_SPACE | {" "}),
        ("a'b", {"'", "\u2018", "\u2019", "\u201b", "\u2032"}),
        ('a"b', {'"', "\u201c", "\u201d", "\u201e", "\u2033"}),
        ("a-b", {"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"}),
    ]:
        m = asper.Matcher([pat], whole_words=False)
        got = {ch for ch in ASSIGNED if m.is_match("a" + ch + "b")}
        assert sorted(got) == sorted(expected), pat
        raw = asper.Matcher([pat], whole_words=False, normalize=False)
        assert {ch for ch in expected if raw.is_match("a" + ch + "b")} == {pat[1]}


def test_case_fold_classes_agree_exhaustively() -> None:
    """Under ignore_case, every character mentioned in CaseFolding.txt (any status) and the
    dotless i match exactly the characters with the same simple fold."""
    chars: set[str] = {"\u0131", "\u0130"}
    for raw in CASE_FOLDING.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            code, _status, mapping = (f.strip() for f in line.split(";")[:3])
            chars.add(chr(int(code, 16)))
            chars.update(chr(int(c, 16)) for c in mapping.split())
    pats = sorted(chars)
    text = "".join(pats)
    opts = Options(True, False, False, "all")
    m = asper.Matcher(pats, **opts.kwargs())
    got = [(x.start, x.end, x.pattern_id) for x in m.find(text)]
    assert got == Reference(pats, **opts.kwargs()).find(text)
    # Spot checks of the classes themselves.
    by_start: dict[int, set[str]] = {}
    for s, _, pid in got:
        by_start.setdefault(s, set()).add(pats[pid])
    assert by_start[pats.index("k")] == {"k", "K", "\u212a"}
    assert by_start[pats.index("σ")] == {"σ", "ς", "Σ"}
    assert by_start[pats.index("i")] == {"i", "I", "\u0130"}
    assert by_start[pats.index("\u0131")] == {"\u0131"}
    assert by_start[pats.index("ß")] == {"ß", "ẞ"}
