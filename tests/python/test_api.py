"""The Python API of issue 2, section 4: constructors, Match, replace, pickle, errors, fork."""

# Deliberately non-ASCII look-alikes (’ ı σ Cyrillic…): they are what is under test.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import copy
import multiprocessing
import pickle
import subprocess
import sys
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest

import asper
from asper import Match, Matcher, PatternError
from reference import ALL_OPTIONS, Options

TEXT = "İİ (Reuters) - New\u00a0York said; REUTERS reported from new york"


def spans(ms: list[Match]) -> list[tuple[int, int, int]]:
    return [(m.start, m.end, m.pattern_id) for m in ms]


# --- Constructor forms -------------------------------------------------------------------------


class LabelMap(Mapping[str, str | None]):
    """A Mapping that is not a dict."""

    def __init__(self, d: dict[str, str | None]) -> None:
        self._d = d

    def __getitem__(self, key: str) -> str | None:
        return self._d[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)


def gen_patterns() -> Iterator[str]:
    yield "Reuters"
    yield "New York"


@pytest.mark.parametrize(
    ("patterns", "labels"),
    [
        pytest.param(["Reuters", "New York"], [None, None], id="list-of-str"),
        pytest.param(("Reuters", "New York"), [None, None], id="tuple-of-str"),
        pytest.param(gen_patterns(), [None, None], id="generator"),
        pytest.param([("Reuters", "ORG"), ("New York", None)], ["ORG", None], id="pairs"),
        pytest.param({"Reuters": "ORG", "New York": "PLACE"}, ["ORG", "PLACE"], id="dict"),
        pytest.param({"Reuters": None, "New York": "PLACE"}, [None, "PLACE"], id="dict-none"),
        pytest.param(
            MappingProxyType({"Reuters": "ORG", "New York": "PLACE"}),
            ["ORG", "PLACE"],
            id="mappingproxy",
        ),
        pytest.param(LabelMap({"Reuters": "ORG", "New York": None}), ["ORG", None], id="mapping"),
        pytest.param(["Reuters", ("New York", "PLACE")], [None, "PLACE"], id="mixed"),
    ],
)
def test_constructor_forms(patterns: Any, labels: list[str | None]) -> None:
    m = Matcher(patterns)
    assert len(m) == 2
    assert m.patterns == ["Reuters", "New York"]
    assert m.labels == labels
    got = m.find(TEXT)
    # "İİ (" is 4 code points; "Reuters" 4..11; " - " 11..14; "New\xa0York" 15..23.
    assert spans(got) == [(4, 11, 0), (15, 23, 1)]
    assert [x.label for x in got] == labels
    assert [TEXT[x.start : x.end] for x in got] == ["Reuters", "New\u00a0York"]


def test_defaults_and_properties() -> None:
    m = Matcher(["a"])
    assert (m.ignore_case, m.whole_words, m.normalize, m.match_kind) == (
        False,
        True,
        True,
        "longest",
    )
    for o in ALL_OPTIONS:
        m = Matcher(["a"], **o.kwargs())
        assert Options(m.ignore_case, m.whole_words, m.normalize, m.match_kind) == o
    assert "Matcher" in repr(m)


def test_matcher_is_immutable() -> None:
    m = Matcher(["a"])
    with pytest.raises(AttributeError):
        m.ignore_case = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        m.extra = 1  # type: ignore[attr-defined]


def test_patterns_as_given() -> None:
    """Match.pattern and Matcher.patterns are the patterns as passed, not trimmed or folded."""
    pats = ["  reuters\u00a0", "NEW\tYORK"]
    m = Matcher(pats, ignore_case=True)
    assert m.patterns == pats
    assert [x.pattern for x in m.find("Reuters, New York")] == pats


def test_empty_pattern_list_and_text() -> None:
    m = Matcher([])
    assert len(m) == 0
    assert m.find("anything") == []
    assert Matcher(["a"]).find("") == []
    assert Matcher(["a"]).find_many([]) == []
    assert Matcher(["a"]).find_many(["", "a"]) == [[], [Match(0, 1, 0, "a")]]


# --- Match -------------------------------------------------------------------------------------


def test_match_fields() -> None:
    x = Match(3, 10, 1, "Reuters", "ORG")
    assert (x.start, x.end, x.pattern_id, x.pattern, x.label) == (3, 10, 1, "Reuters", "ORG")
    assert len(x) == 7
    assert Match(0, 1, 0, "a").label is None
    found = Matcher([("Reuters", "ORG")]).find("🎉 Reuters")
    assert found == [Match(2, 9, 0, "Reuters", "ORG")]


@pytest.mark.parametrize("attr", ["start", "end", "pattern_id", "pattern", "label", "other"])
def test_match_is_immutable(attr: str) -> None:
    x = Match(0, 1, 0, "a", "L")
    with pytest.raises(AttributeError):
        setattr(x, attr, 5)
    assert (x.start, x.end, x.pattern_id, x.pattern, x.label) == (0, 1, 0, "a", "L")


def test_match_equality_and_hash() -> None:
    a = Match(0, 7, 0, "Reuters", "ORG")
    b = Match(0, 7, 0, "Reuters", "ORG")
    assert a == b
    assert not (a != b)
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    for other in [
        Match(1, 7, 0, "Reuters", "ORG"),
        Match(0, 8, 0, "Reuters", "ORG"),
        Match(0, 7, 1, "Reuters", "ORG"),
        Match(0, 7, 0, "Reuter", "ORG"),
        Match(0, 7, 0, "Reuters", None),
    ]:
        assert a != other
        assert not (a == other)
    assert a != (0, 7, 0, "Reuters", "ORG")
    assert a != "Reuters"
    # Results of two calls are equal and hash alike.
    m = Matcher(["Reuters"])
    assert m.find(TEXT) == m.find(TEXT)
    assert {*m.find(TEXT)} == {*m.find(TEXT)}


def test_match_ordering() -> None:
    ms = [
        Match(4, 14, 0, "York Times"),
        Match(0, 14, 2, "New York Times"),
        Match(4, 8, 3, "York"),
        Match(0, 8, 1, "New York"),
    ]
    assert [(x.start, x.end, x.pattern_id) for x in sorted(ms)] == [
        (0, 8, 1),
        (0, 14, 2),
        (4, 8, 3),
        (4, 14, 0),
    ]
    a, b = Match(0, 1, 0, "a"), Match(0, 1, 1, "a")
    assert a < b and a <= b and b > a and b >= a and a <= a and a >= a
    assert not (a < a)
    with pytest.raises(TypeError):
        _ = a < (0, 1, 0)  # type: ignore[operator]


def test_match_repr() -> None:
    assert repr(Match(3, 10, 1, "Reuters", "ORG")) == (
        "Match(start=3, end=10, pattern_id=1, pattern='Reuters', label='ORG')"
    )
    assert repr(Match(0, 1, 0, "a'b")) == (
        'Match(start=0, end=1, pattern_id=0, pattern="a\'b", label=None)'
    )


def test_match_kind_all_order() -> None:
    pats = ["York Times", "New York", "New York Times", "York"]
    got = Matcher(pats, match_kind="all").find("The New York Times")
    assert spans(got) == [(4, 12, 1), (4, 18, 2), (8, 12, 3), (8, 18, 0)]
    assert got == sorted(got)


def test_duplicates_keep_their_ids() -> None:
    pats = [("Reuters", "A"), ("reuters", "B"), ("Reuters", "C")]
    text = "Reuters"
    assert spans(Matcher(pats, match_kind="all").find(text)) == [(0, 7, 0), (0, 7, 2)]
    got = Matcher(pats, match_kind="all", ignore_case=True).find(text)
    assert spans(got) == [(0, 7, 0), (0, 7, 1), (0, 7, 2)]
    assert [x.label for x in got] == ["A", "B", "C"]
    assert spans(Matcher(pats, ignore_case=True).find(text)) == [(0, 7, 0)]
    assert spans(Matcher(pats, ignore_case=True, match_kind="first").find(text)) == [(0, 7, 0)]
    assert Matcher(pats).labels == ["A", "B", "C"]


# --- replace -----------------------------------------------------------------------------------


def test_replace_str() -> None:
    m = Matcher({"Reuters": "ORG", "New York": "PLACE"})
    assert m.replace(TEXT, "X") == "İİ (X) - X said; REUTERS reported from new york"
    assert m.replace("nothing here", "X") == "nothing here"
    assert m.replace("", "X") == ""


def test_replace_callable() -> None:
    m = Matcher({"Reuters": "ORG", "New York": "PLACE"}, ignore_case=True)
    seen: list[Match] = []

    def repl(x: Match) -> str:
        seen.append(x)
        return f"<{x.label}:{TEXT[x.start : x.end]}>"

    assert m.replace(TEXT, repl) == (
        "İİ (<ORG:Reuters>) - <PLACE:New\u00a0York> said; <ORG:REUTERS> reported from "
        "<PLACE:new york>"
    )
    assert seen == m.find(TEXT)


def test_replace_all_skips_overlaps() -> None:
    m = Matcher(["New York", "York Times"], match_kind="all")
    assert m.replace("New York Times", "X") == "X Times"


@pytest.mark.parametrize("bad", [lambda x: 1, lambda x: None, lambda x: b"x"])
def test_replace_callable_returning_non_str(bad: Any) -> None:
    with pytest.raises(TypeError, match="str"):
        Matcher(["a"]).replace("a b a", bad)


def test_replace_callable_exception_propagates() -> None:
    def boom(x: Match) -> str:
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        Matcher(["a"]).replace("a", boom)


def test_replace_bad_repl() -> None:
    with pytest.raises(TypeError):
        Matcher(["a"]).replace("a", 3)  # type: ignore[arg-type]


# --- pickle and copy ---------------------------------------------------------------------------


@pytest.mark.parametrize("opts", ALL_OPTIONS, ids=Options.short)
def test_pickle_matcher(opts: Options) -> None:
    pats: list[tuple[str, str | None]] = [
        ("Reuters", "ORG"),
        ("new york", None),
        ("New York Times", "ORG"),
        ("Reuters", "DUP"),
    ]
    m = Matcher(pats, **opts.kwargs())
    text = "The New York Times and REUTERS, reuters’ NEW\r\nYORK Timesfoo"
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        m2 = pickle.loads(pickle.dumps(m, protocol=proto))
        assert isinstance(m2, Matcher)
        assert Options(m2.ignore_case, m2.whole_words, m2.normalize, m2.match_kind) == opts
        assert m2.patterns == m.patterns
        assert m2.labels == m.labels
        assert len(m2) == len(m)
        assert m2.find(text) == m.find(text)
    for m3 in (copy.copy(m), copy.deepcopy(m)):
        assert m3.find(text) == m.find(text)
        assert Options(m3.ignore_case, m3.whole_words, m3.normalize, m3.match_kind) == opts


def test_pickle_match() -> None:
    for x in (Match(3, 10, 1, "Reuters", "ORG"), Match(0, 1, 0, "a")):
        for proto in range(pickle.HIGHEST_PROTOCOL + 1):
            y = pickle.loads(pickle.dumps(x, protocol=proto))
            assert y == x
            assert (y.start, y.end, y.pattern_id, y.pattern, y.label) == (
                x.start,
                x.end,
                x.pattern_id,
                x.pattern,
                x.label,
            )
        assert copy.deepcopy(x) == x
        assert copy.copy(x) == x
    found = Matcher([("Reuters", "ORG")]).find("a Reuters")
    assert pickle.loads(pickle.dumps(found)) == found


# --- errors ------------------------------------------------------------------------------------


def test_pattern_error_is_value_error() -> None:
    assert issubclass(PatternError, ValueError)
    assert asper.PatternError is PatternError


@pytest.mark.parametrize(
    ("patterns", "index", "opts"),
    [
        (["a", "b", ""], 2, {}),
        (["", "b"], 0, {}),
        (["a", "  \t\u00a0\r\n"], 1, {}),
        (["a", "\u2009"], 1, {"ignore_case": True, "whole_words": False}),
        ([("a", "L"), ("", "L")], 1, {}),
        ({"a": "L", " ": None}, 1, {}),
        (["a", ""], 1, {"normalize": False}),
        (["a", "b", "a" * 4097], 2, {}),
        # Too long after folding: ẞ is 3 bytes but folds to ß (2 bytes) only under ignore_case.
        (["ẞ" * 1366], 0, {}),
        # ’ is 3 bytes but folds to ' (1 byte) only under normalize.
        (["x", "’" * 2000], 1, {"normalize": False}),
        (["a", "x\udc80"], 1, {}),
    ],
)
def test_pattern_error_names_index(patterns: Any, index: int, opts: dict[str, Any]) -> None:
    with pytest.raises(PatternError, match=rf"\bpattern {index}\b") as e:
        Matcher(patterns, **opts)
    assert (e.value.index, e.value.entry) == (index, "pattern")
    items = list(patterns.items()) if isinstance(patterns, dict) else list(patterns)
    given = items[index][0] if isinstance(items[index], tuple) else items[index]
    if "\udc80" not in given:
        assert e.value.value == given
    assert (e.value.origin, e.value.line) == (None, None)


def test_pattern_error_message_fits_the_options() -> None:
    with pytest.raises(PatternError) as e:
        Matcher(["a", "  "])
    assert str(e.value) == 'pattern 1 ("  ") is empty after whitespace normalization'
    with pytest.raises(PatternError) as e:
        Matcher(["a", ""], normalize=False)
    assert str(e.value) == "pattern 1 is empty"
    assert "normalization" not in str(e.value)


def test_attributor_errors_name_the_entry() -> None:
    with pytest.raises(PatternError) as e:
        asper.Attributor(sources=["Dawn", " "])
    assert (e.value.index, e.value.entry, e.value.value) == (1, "source", " ")
    with pytest.raises(PatternError) as e:
        asper.Attributor(cues=[("stated", "said"), ("", "said")])
    assert (e.value.index, e.value.entry) == (1, "cue")


@pytest.mark.parametrize(
    ("patterns", "opts"),
    [
        ([" "], {"normalize": False}),
        (["a" * 4096], {}),
        (["ẞ" * 1366], {"ignore_case": True}),
        (["’" * 2000], {}),
    ],
)
def test_pattern_limits_accept(patterns: list[str], opts: dict[str, Any]) -> None:
    assert len(Matcher(patterns, **opts)) == 1


@pytest.mark.parametrize(
    ("patterns", "needle"),
    [
        (["a", 3], "pattern 1"),
        (["a", "b", None], "pattern 2"),
        ([("a", "L"), (b"b", "L")], "pattern 1"),
        ([("a", 5)], "pattern 0"),
        ([("a", "L", "extra")], "pattern 0"),
        ("Reuters", "str"),
        (b"Reuters", None),
        (42, None),
    ],
)
def test_bad_pattern_types(patterns: Any, needle: str | None) -> None:
    with pytest.raises(TypeError, match=needle):
        Matcher(patterns)


def test_bare_str_patterns() -> None:
    with pytest.raises(TypeError):
        Matcher("Reuters")  # a str is an iterable of str, but surely a mistake


@pytest.mark.parametrize("kind", ["", "Longest", "leftmost-longest", "any"])
def test_bad_match_kind(kind: str) -> None:
    with pytest.raises(ValueError, match="match_kind"):
        Matcher(["a"], match_kind=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("threads", [0, -1, -100])
def test_bad_threads(threads: int) -> None:
    with pytest.raises(ValueError, match="threads"):
        Matcher(["a"]).find_many(["a"], threads=threads)


@pytest.mark.parametrize("method", ["find", "count", "is_match"])
@pytest.mark.parametrize("text", [None, b"Reuters", 3, ["Reuters"]])
def test_non_str_text(method: str, text: Any) -> None:
    with pytest.raises(TypeError, match="str"):
        getattr(Matcher(["Reuters"]), method)(text)
    with pytest.raises(TypeError, match="str"):
        Matcher(["Reuters"]).replace(text, "X")


@pytest.mark.parametrize("threads", [None, 1, 2])
def test_non_str_document(threads: int | None) -> None:
    m = Matcher(["Reuters"])
    with pytest.raises(TypeError, match=r"\bdocument 2\b"):
        m.find_many(["a", "b", b"Reuters", "d"], threads=threads)  # type: ignore[list-item]
    # None is a row without a document (issue 8: nulls keep their row index).
    assert m.find_many(iter([None, "Reuters"]), threads=threads) == [[], m.find("Reuters")]


def test_bad_texts_argument() -> None:
    m = Matcher(["Reuters"])
    with pytest.raises(TypeError):
        m.find_many("Reuters")
    with pytest.raises(TypeError):
        m.find_many(5)  # type: ignore[arg-type]


@pytest.mark.parametrize("threads", [None, 1, 2])
@pytest.mark.parametrize("bad", ["\udc80", "Reuters \ud800 Reuters", "a\udfff"])
def test_lone_surrogate_document(threads: int | None, bad: str) -> None:
    m = Matcher(["Reuters"])
    with pytest.raises(ValueError, match=r"\bdocument 1\b"):
        m.find_many(["Reuters", bad, "Reuters"], threads=threads)
    # The matcher is still usable.
    assert spans(m.find("Reuters")) == [(0, 7, 0)]


@pytest.mark.parametrize("method", ["find", "count", "is_match"])
def test_lone_surrogate_text(method: str) -> None:
    with pytest.raises(ValueError, match="surrogate"):
        getattr(Matcher(["Reuters"]), method)("Reuters \udc80")
    with pytest.raises(ValueError, match="surrogate"):
        Matcher(["Reuters"]).replace("Reuters \udc80", "X")


def test_surrogate_pair_written_out_is_rejected_not_combined() -> None:
    # A high and a low surrogate as two code points are not an astral character in a str.
    with pytest.raises(ValueError, match="document 0"):
        Matcher(["a"]).find_many(["\ud83c\udf89 a"])


# --- fork --------------------------------------------------------------------------------------


def _child(m: Matcher, docs: list[str], expected: list[Any], q: Any) -> None:
    out: list[str] = []
    # Several batch calls in a row, as a worker process would make.
    for threads in (None, 2, None, 1):
        try:
            got = [spans(r) for r in m.find_many(docs, threads=threads)]
            out.append("ok" if got == expected else f"threads={threads}: wrong results")
        except BaseException as e:
            out.append(f"threads={threads}: {type(e).__name__}: {e}")
    q.put(out)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_fork_after_find_many() -> None:
    """A Matcher works in a forked child after the parent ran batches on rayon threads."""
    m = Matcher(["Reuters", "New York"], ignore_case=True)
    docs = ["İ Reuters in New York"] * 200 + ["nothing"] * 50
    expected = [spans(r) for r in m.find_many(docs)]
    assert expected[0] == [(2, 9, 0), (13, 21, 1)]
    assert [spans(r) for r in m.find_many(docs, threads=2)] == expected
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(m, docs, expected, q))
    p.start()
    try:
        got = q.get(timeout=60)
    finally:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()
            p.join()
    assert p.exitcode == 0
    assert got == ["ok"] * 4


def test_count_many_without_numpy_is_an_import_error() -> None:
    # numpy is a dependency; a package installed with --no-deps gets a clear error, not a panic.
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "import asper\n"
        "m = asper.Matcher(['Reuters'])\n"
        "assert m.find_many(['Reuters']).to_list()[0][0].pattern == 'Reuters'\n"
        "try:\n"
        "    m.count_many(['Reuters'])\n"
        "except ImportError as e:\n"
        "    print('ImportError:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "ImportError: count_many returns a numpy array" in out.stdout, out.stderr
