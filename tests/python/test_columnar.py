"""Columnar in and out: every batch call on lists and on Arrow columns (pyarrow, polars,
pandas, DuckDB; the three string layouts; chunks, slices, nulls), result tables and their
conversions, counts, the lazy per-document results, the polars namespace, highlights and
progress bars. Expected values come from the per-document calls (``find``, ``extract``) and
from hand-written rows, never from the batch call under test."""

# Typographic apostrophes and the multiplication sign are part of what is under test.
# ruff: noqa: RUF001

from __future__ import annotations

import gc
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import asper
from asper import Attributor, Matcher, Table

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

PATTERNS = {"Reuters": "NEWS_ORG", "Zürich": "PLACE", "AP": None, "New York": "PLACE"}
TEXTS: list[str | None] = [
    "Reuters in Zürich",
    None,
    "é AP and Reuters; New\u00a0York",
    "",
    "nothing here",
    "İSTANBUL (AP) — Reuters",
]


@pytest.fixture(scope="module")
def m() -> Matcher:
    return Matcher(PATTERNS)


def expected_rows(m: Matcher, texts: Sequence[str | None]) -> list[dict[str, Any]]:
    """The rows of find_table, from find() per document."""
    rows = []
    for doc, t in enumerate(texts):
        for x in m.find(t) if t is not None else []:
            rows.append(
                {
                    "doc": doc,
                    "start": x.start,
                    "end": x.end,
                    "pattern_id": x.pattern_id,
                    "pattern": x.pattern,
                    "label": x.label,
                }
            )
    return rows


def inputs() -> dict[str, Callable[[list[str | None]], Any]]:
    """Every input shape, built from a list of texts with None for nulls."""
    out: dict[str, Callable[[list[str | None]], Any]] = {
        "list": lambda t: list(t),
        "tuple": lambda t: tuple(t),
        "generator": lambda t: (x for x in t),
        "pa-string": lambda t: pa.array(t, pa.string()),
        "pa-large_string": lambda t: pa.array(t, pa.large_string()),
        "pa-string_view": lambda t: pa.array(t, pa.string_view()),
        "pa-chunked": lambda t: pa.chunked_array([t[:2], t[2:3], [], t[3:]], pa.string()),
        "pa-dictionary": lambda t: pa.array(t, pa.string()).dictionary_encode(),
        "pa-table": lambda t: pa.table({"id": list(range(len(t))), "text": t}),
        "pa-record_batch": lambda t: pa.record_batch({"text": pa.array(t, pa.large_string())}),
        "pl-series": lambda t: pl.Series(t),
        "pl-dataframe": lambda t: pl.DataFrame({"text": t, "n": list(range(len(t)))}),
        "pd-series-arrow": lambda t: pd.Series(t, dtype="string[pyarrow]"),
        "pd-series-default": lambda t: pd.Series(t),
        "pd-series-object": lambda t: pd.Series(t, dtype=object),
        "pd-dataframe": lambda t: pd.DataFrame({"text": t}),
    }
    try:
        import duckdb

        def rel(t: list[str | None]) -> Any:
            con = duckdb.connect()
            con.register("tbl", pa.table({"text": t, "k": list(range(len(t)))}))
            return con.sql("select text from tbl order by k")

        out["duckdb"] = rel
    except ImportError:
        pass
    return out


INPUTS = inputs()


@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_every_input_gives_the_per_document_results(m: Matcher, kind: str) -> None:
    make = INPUTS[kind]
    want = expected_rows(m, TEXTS)
    assert want, "the fixture has matches"
    assert m.find_table(make(TEXTS)).to_pylist() == want
    per_doc = [m.find(t) if t is not None else [] for t in TEXTS]
    assert m.find_many(make(TEXTS)) == per_doc
    counts = [len(x) for x in per_doc]
    assert m.count_many(make(TEXTS)).tolist() == counts
    assert m.counts(make(TEXTS)) == {"Reuters": 3, "AP": 2, "Zürich": 1, "New York": 1}


def test_threads_and_blocks_do_not_change_results(m: Matcher) -> None:
    texts = [f"Reuters {i} in Zürich " * (i % 7) for i in range(3000)] + [None]
    want = expected_rows(m, texts)
    arr = pa.array(texts)
    for threads in (None, 1, 2):
        assert m.find_table(arr, threads=threads).to_pylist() == want
    t = m.find_table(arr)
    assert len(t) == len(want)
    # One batch per parallel block with rows, not one per document.
    assert 1 <= len(t.to_pyarrow().to_batches()) < 100


def test_sliced_arrays_and_nulls_keep_their_row(m: Matcher) -> None:
    base = pa.array(["skip Reuters", None, "AP here", "Zürich"] * 3)
    sliced = base.slice(1, 5)
    want = expected_rows(m, sliced.to_pylist())
    assert m.find_table(sliced).to_pylist() == want
    assert [r["doc"] for r in want] == [1, 2, 3]


def test_byte_offsets(m: Matcher) -> None:
    t = m.find_table(["é AP"], offsets="bytes").to_pylist()
    assert (t[0]["start"], t[0]["end"]) == (3, 5)
    with pytest.raises(ValueError, match="offsets"):
        m.find_table(["x"], offsets="words")  # type: ignore[arg-type]


def test_bad_inputs(m: Matcher) -> None:
    with pytest.raises(TypeError, match="single str"):
        m.find_table("Reuters")
    with pytest.raises(TypeError, match="document 1"):
        m.find_table(["a", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not Int64"):
        m.find_table(pa.array([1, 2]))
    with pytest.raises(KeyError, match="body"):
        m.find_table(pa.table({"text": ["x"]}), column="body")
    with pytest.raises(KeyError, match="text"):
        m.find_table(pl.DataFrame({"body": ["x"]}))
    with pytest.raises(ValueError, match="column"):
        m.find_table(["x"], column="text")
    with pytest.raises(ValueError, match="document 0"):
        m.find_table(["\udc80"])


def test_input_is_read_in_place() -> None:
    """An Arrow column is read where it is, not copied: matching 200 MB of pyarrow strings
    (few matches) raises the peak memory of a fresh process by far less than the input."""
    code = (
        "import resource, pyarrow as pa, asper\n"
        "m = asper.Matcher(['Reuters'])\n"
        "arr = pa.array(['x' * 100_000 + ' Reuters'] * 2000, pa.large_string())\n"
        "peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "before = peak()\n"
        "t = m.find_table(arr, threads=2)\n"
        "assert len(t) == 2000\n"
        "print(peak() - before)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    grew_mb = int(r.stdout)
    assert grew_mb < 50, f"peak memory grew by {grew_mb} MB matching a 200 MB column"


# --- Tables ----------------------------------------------------------------------------------


def test_table_conversions(m: Matcher) -> None:
    t = m.find_table(TEXTS)
    assert isinstance(t, Table) and t.stats is None
    assert t.column_names == ["doc", "start", "end", "pattern_id", "pattern", "label"]
    want = expected_rows(m, TEXTS)
    assert t.to_pyarrow().to_pylist() == want
    assert t.to_polars().to_dicts() == want
    df = t.to_pandas()
    assert list(df.columns) == t.column_names
    assert df["doc"].dtype == np.uint64
    got = df.astype(object).where(df.notna(), None).to_dict("records")
    assert got == want
    assert t.to_pydict()["pattern"] == [r["pattern"] for r in want]
    assert t.row(0) == want[0] and t.row(-1) == want[-1]
    with pytest.raises(IndexError):
        t.row(len(want))
    assert repr(t).startswith(f"asper.Table: {len(want)} rows × 6 columns")
    assert "<table" in t._repr_html_()


def test_to_pandas_needs_only_pandas(tmp_path: Any) -> None:
    """to_pandas works where pyarrow cannot be imported (pandas and numpy only)."""
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "import asper\n"
        "m = asper.Matcher({'Reuters': 'ORG'})\n"
        "df = asper.Matcher({'Reuters': 'ORG'}).find_table(['a Reuters', None]).to_pandas()\n"
        "assert df.to_dict('list') == {'doc': [0], 'start': [2], 'end': [9], "
        "'pattern_id': [0], 'pattern': ['Reuters'], 'label': ['ORG']}, df\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.stdout.strip() == "ok", r.stderr


def test_duckdb_reads_a_table(m: Matcher) -> None:
    duckdb = pytest.importorskip("duckdb")
    t = m.find_table(TEXTS)  # noqa: F841 (read by name below)
    rows = duckdb.sql("select pattern, count(*) n from t group by pattern order by n desc, pattern")
    assert rows.fetchall() == [("Reuters", 3), ("AP", 2), ("New York", 1), ("Zürich", 1)]


def test_extract_table() -> None:
    a = Attributor()
    texts = [
        "Prices rose, according to the Interfax news agency.",
        None,
        "Nothing.",
        "Zürich’s mayor said it.",
    ]
    t = a.extract_table(pa.array(texts))
    assert t.column_names[:3] == ["doc", "kind", "cue"]
    rows = t.to_pylist()
    want = []
    for doc, text in enumerate(texts):
        for r in a.extract(text) if text else []:
            want.append(
                {
                    "doc": doc,
                    "kind": r.kind,
                    "cue": r.cue,
                    "cue_start": r.cue_start,
                    "cue_end": r.cue_end,
                    "source": r.source,
                    "source_start": r.source_start,
                    "source_end": r.source_end,
                    "canonical": r.canonical,
                    "sentence_start": r.sentence_start,
                    "sentence_end": r.sentence_end,
                    "via": r.via,
                }
            )
    assert rows == want
    assert [(r["doc"], r["source"]) for r in rows] == [
        (0, "the Interfax news agency"),
        (3, "Zürich’s mayor"),
    ]


# --- Results ---------------------------------------------------------------------------------


def test_results_sequence(m: Matcher) -> None:
    r = m.find_many(TEXTS)
    per_doc = [m.find(t) if t is not None else [] for t in TEXTS]
    assert isinstance(r, asper.Results)
    from collections.abc import Sequence as Seq

    assert isinstance(r, Seq)
    assert len(r) == len(TEXTS) and r.total_count == sum(map(len, per_doc))
    assert r[0] == per_doc[0] and r[-1] == per_doc[-1]
    assert r[1:4] == per_doc[1:4] and r[::2] == per_doc[::2]
    assert list(r) == per_doc and r.to_list() == per_doc
    assert r == per_doc and r == tuple(per_doc) and not (r != per_doc)
    assert r != per_doc[:-1]
    assert r == m.find_many(TEXTS)
    with pytest.raises(IndexError):
        r[len(TEXTS)]
    with pytest.raises(TypeError):
        r["a"]
    assert pickle.loads(pickle.dumps(r)) == per_doc
    assert repr(r).startswith(f"Results({len(TEXTS)} documents, {r.total_count} matches: [[Match(")
    it = iter(r)
    assert it.__length_hint__() == len(TEXTS)
    next(it)
    assert it.__length_hint__() == len(TEXTS) - 1


def test_find_many_leaves_nothing_for_the_collector(m: Matcher) -> None:
    """The results of a large batch are not millions of objects tracked by the cyclic garbage
    collector (issue 8: rescanning them cost more than the matching)."""
    docs = ["Reuters and AP in Zürich, New York. " * 20] * 2000
    gc.collect()
    before = len(gc.get_objects())
    r = m.find_many(docs)
    assert r.total_count == 2000 * 80
    # 160,000 matches, and fewer than 100 new objects for the collector to track.
    assert len(gc.get_objects()) - before < 100
    # A document's list is made when asked for.
    assert len(r[5]) == 80


def test_extract_many_results() -> None:
    a = Attributor()
    texts = ["Prices rose, Reuters said.", None, "Nothing."]
    r = a.extract_many(pa.array(texts))
    assert r == [a.extract("Prices rose, Reuters said."), [], []]
    gc.collect()
    before = len(gc.get_objects())
    many = a.extract_many(["Prices rose, Reuters said. AP said so too."] * 2000)
    assert many.total_count == 4000
    assert len(gc.get_objects()) - before < 100


# --- polars namespace ------------------------------------------------------------------------


def test_polars_namespace(m: Matcher) -> None:
    import asper.polars  # noqa: F401

    df = pl.DataFrame({"text": TEXTS})
    per_doc = [m.find(t) if t is not None else None for t in TEXTS]
    out = df.with_columns(
        n=pl.col("text").asper.count(m),
        has=pl.col("text").asper.contains(m),
        pats=pl.col("text").asper.extract(m),
        labs=pl.col("text").asper.extract(m, what="label"),
    )
    assert out["n"].dtype == pl.UInt32
    assert out["n"].to_list() == [None if d is None else len(d) for d in per_doc]
    assert out["has"].to_list() == [None if d is None else bool(d) for d in per_doc]
    assert out["pats"].to_list() == [None if d is None else [x.pattern for x in d] for d in per_doc]
    assert out["labs"].to_list() == [None if d is None else [x.label for x in d] for d in per_doc]
    lazy = df.lazy().filter(pl.col("text").asper.contains(m)).select(pl.col("text")).collect()
    assert lazy["text"].to_list() == [t for t, d in zip(TEXTS, per_doc, strict=True) if d]
    assert df["text"].asper.count(m).to_list() == out["n"].to_list()


def test_polars_attributions() -> None:
    import asper.polars  # noqa: F401

    a = Attributor()
    texts = ["Prices rose, according to Reuters.", None, "Zürich’s mayor said it.", ""]
    out = pl.DataFrame({"text": texts}).select(recs=pl.col("text").asper.attributions(a))
    got = out["recs"].to_list()
    assert got[1] is None and got[3] == []
    for text, recs in zip(texts, got, strict=True):
        if text is None:
            continue
        assert recs is not None
        want = [
            {
                "kind": r.kind,
                "cue": r.cue,
                "cue_start": r.cue_start,
                "cue_end": r.cue_end,
                "source": r.source,
                "source_start": r.source_start,
                "source_end": r.source_end,
                "canonical": r.canonical,
                "sentence_start": r.sentence_start,
                "sentence_end": r.sentence_end,
                "via": r.via,
            }
            for r in a.extract(text)
        ]
        assert recs == want
    assert got[2][0]["source"] == "Zürich’s mayor"


# --- Highlights, reprs, progress -------------------------------------------------------------


def test_highlight_is_escaped_and_labelled() -> None:
    m = Matcher({"Reuters": "NEWS_ORG", "<b>": "TAG", "Zürich": None})
    text = 'Reuters said <b> & "Zürich" <script>alert(1)</script>'
    h = m.highlight(text)
    html = h._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.count("<mark") == 3
    assert "NEWS_ORG" in html and "MATCH" in html
    d = h.to_displacy()
    assert d["text"] == text
    assert d["ents"] == [
        {"start": 0, "end": 7, "label": "NEWS_ORG"},
        {"start": 13, "end": 16, "label": "TAG"},
        {"start": 20, "end": 26, "label": "MATCH"},
    ]
    assert str(h).startswith("[Reuters](NEWS_ORG) said [<b>](TAG)")


def test_highlight_overlaps_and_attributions() -> None:
    m = Matcher(["New York", "York Times"], match_kind="all")
    h = m.highlight("the New York Times")
    assert len(h) == 1 and h.hidden == 1
    a = Attributor()
    text = "Prices rose, according to Reuters, and AP said the same."
    h = a.highlight(text)
    html = h._repr_html_()
    assert html.count("<mark") == 2 * len(a.extract(text))
    assert "<sup>1</sup>" in html and "<table" in html
    assert [e["label"] for e in h.to_displacy()["ents"]] == ["cue", "source", "source", "cue"]


def test_to_displacy_renders_with_spacy() -> None:
    """``spacy.displacy.render(x, manual=True)`` takes what ``to_displacy`` gives (issue 8)."""
    displacy = pytest.importorskip("spacy.displacy", reason="spaCy is not installed")
    m = Matcher({"Reuters": "NEWS_ORG", "Zürich": "PLACE"})
    html = displacy.render(
        m.highlight("Reuters said <b> in Zürich").to_displacy(),
        style="ent",
        manual=True,
        jupyter=False,
    )
    assert html.count('<mark class="entity"') == 2
    assert "NEWS_ORG" in html and "PLACE" in html and "&lt;b&gt;" in html
    text = "Prices rose, according to Reuters, and AP said the same."
    a = Attributor()
    html = displacy.render(a.highlight(text).to_displacy(), style="ent", manual=True, jupyter=False)
    assert html.count('<mark class="entity"') == 2 * len(a.extract(text))


def test_reprs(m: Matcher) -> None:
    r = repr(m)
    assert r.startswith("Matcher(4 patterns ['Reuters', 'Zürich', 'AP', ...], labels {")
    assert "'PLACE': 2" in r and "ignore_case=False" in r
    assert "<table" in m._repr_html_() and "first patterns" in m._repr_html_()
    a = Attributor(sources=["Dawn"])
    assert repr(a).startswith("Attributor(") and "(1 yours)" in repr(a)


class FakeBar:
    made: list[FakeBar] = []  # noqa: RUF012

    def __init__(self, total: int, unit: str, desc: str) -> None:
        self.total, self.n, self.closed = total, 0, False
        FakeBar.made.append(self)

    def update(self, n: int) -> None:
        self.n += n

    def close(self) -> None:
        self.closed = True


def test_progress_bars(m: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = FakeBar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    docs = ["Reuters " * 50] * 500
    for call in (m.find_many, m.find_table, m.count_many, m.counts, Attributor().extract_many):
        FakeBar.made.clear()
        call(docs, progress=True)
        [bar] = FakeBar.made
        assert (bar.total, bar.n, bar.closed) == (500, 500, True), call
    FakeBar.made.clear()
    m.find_many(docs)
    assert FakeBar.made == []
