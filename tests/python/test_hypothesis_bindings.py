"""Property tests of the bindings on any ``str`` and on Arrow arrays (issue 12, section 1).

Texts: any code point (lone surrogates included), NUL, long runs of combining marks, right-to-
left scripts and bidi controls, emoji ZWJ sequences. A text with a lone surrogate cannot be
UTF-8 and is a ``ValueError``; any other gives the reference's matches (``reference.py``).
Arrow: arrays of the three string layouts with nulls, sliced at any offset, whole or chunked,
give the per-document results row for row. Bounded: ``max_examples`` and no deadline.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asper
from reference import ALL_OPTIONS, Options, Reference

pa = pytest.importorskip("pyarrow")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

#: Pieces that stress the text model: NUL, long combining sequences, RTL with bidi controls,
#: emoji ZWJ sequences and modifiers, a BOM, line and paragraph separators.
PIECES = [
    "\0",
    "e" + "\u0301" * 40,
    "a\u0308\u0323\u20dd",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202eReuters\u202c",
    "\u200f\u200e",
    "👩\u200d👩\u200d👧\u200d👦",
    "👍🏽",
    "🏳️\u200d🌈",
    "\ufeff",
    "\u2028\u2029",
    "Reuters",
    "AP",
    "İstanbul",
    " ",
    "\r\n",
]
PATTERN_POOL = [
    "Reuters",
    "AP",
    "İstanbul",
    "\0",
    "שלום",
    "بالعالم",
    "👩\u200d👩",
    "e\u0301",
    "a b",
]

valid_chars = st.characters(exclude_categories=["Cs"])
any_text = st.lists(st.one_of(valid_chars, st.sampled_from(PIECES)), max_size=40).map("".join)
surrogate_text = st.tuples(any_text, st.characters(categories=["Cs"]), any_text).map("".join)


@st.composite
def pattern_list(draw: st.DrawFn, text: str) -> list[str]:
    out = draw(st.lists(st.sampled_from(PATTERN_POOL), min_size=1, max_size=4))
    if text and draw(st.booleans()):
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i + 1, min(len(text), i + 8)))
        out.append(text[i:j])
    return out


def ref_or_none(patterns: list[str], opts: Options) -> Reference | None:
    try:
        return Reference(patterns, **opts.kwargs())
    except ValueError:
        return None


def tuples(found: list[asper.Match]) -> list[tuple[int, int, int]]:
    return [(x.start, x.end, x.pattern_id) for x in found]


@SETTINGS
@given(opts=st.sampled_from(ALL_OPTIONS), data=st.data())
def test_any_str_equals_reference(opts: Options, data: st.DataObject) -> None:
    text = data.draw(any_text, label="text")
    patterns = data.draw(pattern_list(text), label="patterns")
    ref = ref_or_none(patterns, opts)
    if ref is None:
        with pytest.raises(asper.PatternError):
            asper.Matcher(patterns, **opts.kwargs())
        return
    m = asper.Matcher(patterns, **opts.kwargs())
    got = m.find(text)
    assert tuples(got) == ref.find(text)
    for x in got:
        assert ref.fold(text[x.start : x.end]) == ref.folded[x.pattern_id]
    assert m.find_many([text, text]) == [got, got]
    assert m.count_many([text]).tolist() == [len(got)]


@SETTINGS
@given(text=surrogate_text, threads=st.sampled_from([None, 1, 2]))
def test_a_lone_surrogate_is_a_value_error(text: str, threads: int | None) -> None:
    m = asper.Matcher(["Reuters"])
    with pytest.raises(ValueError, match="surrogate"):
        m.find(text)
    with pytest.raises(ValueError, match=r"\bdocument 1\b"):
        m.find_many(["Reuters", text], threads=threads)
    with pytest.raises(ValueError, match=r"\bdocument 1\b"):
        m.find_table(["Reuters", text])
    with pytest.raises(ValueError, match=r"\bdocument 1\b"):
        asper.Attributor().extract_many(["Reuters said.", text])
    # Untouched: still the same results.
    assert tuples(m.find("Reuters")) == [(0, 7, 0)]


@settings(SETTINGS, max_examples=60)
@given(text=any_text)
def test_attribution_on_any_str(text: str) -> None:
    a = asper.Attributor()
    rs = a.extract(text)
    assert a.extract_many([text]) == [rs]
    for r in rs:
        for s, e in ((r.cue_start, r.cue_end), (r.source_start, r.source_end)):
            assert 0 <= s < e <= len(text)
        assert r.sentence_start <= r.cue_start < r.cue_end <= r.sentence_end
        assert text[r.cue_start : r.cue_end] == r.cue
        assert text[r.source_start : r.source_end] == r.source


# --- Arrow -------------------------------------------------------------------------------------

LAYOUTS = ["string", "large_string", "string_view"]
docs_with_nulls = st.lists(st.one_of(st.none(), any_text), max_size=20)


def arrow_array(docs: list[str | None], layout: str) -> Any:
    return pa.array(docs, type=getattr(pa, layout)())


@st.composite
def sliced(draw: st.DrawFn) -> tuple[Any, list[str | None]]:
    """An Arrow array (maybe chunked), sliced at any offset; and its rows as Python objects."""
    docs = draw(docs_with_nulls)
    layout = draw(st.sampled_from(LAYOUTS))
    arr = arrow_array(docs, layout)
    off = draw(st.integers(0, len(docs)))
    length = draw(st.integers(0, len(docs) - off))
    arr = arr.slice(off, length)
    if draw(st.booleans()) and len(arr) > 1:
        cut = draw(st.integers(1, len(arr) - 1))
        arr = pa.chunked_array([arr.slice(0, cut), arr.slice(cut)])
    return arr, arr.to_pylist()


@SETTINGS
@given(opts=st.sampled_from(ALL_OPTIONS), data=st.data())
def test_arrow_with_nulls_and_offsets_equals_per_document(
    opts: Options, data: st.DataObject
) -> None:
    arr, rows = data.draw(sliced(), label="array")
    text = "".join(r for r in rows if r)
    patterns = data.draw(pattern_list(text), label="patterns")
    ref = ref_or_none(patterns, opts)
    if ref is None:
        return
    m = asper.Matcher(patterns, **opts.kwargs())
    want = [ref.find(r) if r is not None else [] for r in rows]
    assert [tuples(x) for x in m.find_many(arr)] == want
    table = m.find_table(arr).to_pylist()
    assert [(r["doc"], r["start"], r["end"], r["pattern_id"]) for r in table] == [
        (i, s, e, p) for i, found in enumerate(want) for s, e, p in found
    ]
    assert m.count_many(arr).tolist() == [len(x) for x in want]
    totals = m.counts(arr)
    for pid, p in enumerate(patterns):
        n = sum(1 for found in want for _, _, q in found if patterns[q] == p)
        assert totals.get(p, 0) == n, (pid, p)


@settings(SETTINGS, max_examples=40)
@given(data=st.data())
def test_arrow_attribution_with_nulls_and_offsets(data: st.DataObject) -> None:
    arr, rows = data.draw(sliced(), label="array")
    a = asper.Attributor()
    want = [a.extract(r) if r is not None else [] for r in rows]
    assert list(a.extract_many(arr)) == want
    t = a.extract_table(arr).to_pylist()
    assert [(r["doc"], r["cue_start"]) for r in t] == [
        (i, x.cue_start) for i, rs in enumerate(want) for x in rs
    ]
