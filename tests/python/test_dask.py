"""asper.dask on a local two-process Dask cluster: find_table and extract_table over a
dask.dataframe (a column or a Series; empty partitions, None/NaN/NA texts, a partition with
only missing values read as float64, non-ASCII text) and over a dask.bag equal the
single-process find_table / extract_table, row for row."""

from __future__ import annotations

import doctest
import itertools
from collections.abc import Iterator
from typing import Any

import pytest

import asper

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
db = pytest.importorskip("dask.bag", reason="dask[dataframe] is not installed")
distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")

from dask.delayed import delayed  # noqa: E402

from asper import dask as adask  # noqa: E402

NAN = float("nan")
SNIPPETS: list[Any] = [
    "MOSCOW (Reuters) - Prices rose, according to the Interfax news agency.",
    None,
    "Zürich-based Nestlé said on Monday, Reuters reported.",
    NAN,
    "",
    "İSTANBUL (AP) — Turkish officials said, according to AP.",
    "👍 Reuters in Zürich; Москва (AP) — no Reuters here: Reutersfoo",
    "nothing to see",
    "北京 (Reuters) - “It is done,” the ministry said, according to Xinhua.",
]
# 45 texts: the snippets five times over.
TEXTS: list[Any] = [SNIPPETS[i % len(SNIPPETS)] for i in range(5 * len(SNIPPETS))]
# Partition boundaries, with empty partitions at the start, in the middle and at the end.
CUTS = [0, 0, 7, 7, 20, 33, 33, 45, 45]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A local cluster of two worker processes with one thread each, for the whole module."""
    with (
        distributed.LocalCluster(
            processes=True,
            n_workers=2,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def m() -> asper.Matcher:
    return asper.Matcher(
        {
            "Reuters": "NEWS_ORG",
            "AP": "NEWS_ORG",
            "Zürich": "PLACE",
            "Москва": "PLACE",
            "北京": None,
        },
        ignore_case=True,
    )


@pytest.fixture(scope="module")
def a() -> asper.Attributor:
    return asper.Attributor()


def engine_table(engine: Any, texts: Any, **kw: Any) -> list[dict[str, Any]]:
    """The single-process table of ``texts`` (find_table or extract_table), as rows."""
    method = engine.find_table if isinstance(engine, asper.Matcher) else engine.extract_table
    rows: list[dict[str, Any]] = method(texts, **kw).to_pylist()
    return rows


def lazy_table(engine: asper.Matcher | asper.Attributor, collection: Any, **kw: Any) -> Any:
    """asper.dask.find_table or extract_table, as the engine calls for."""
    if isinstance(engine, asper.Matcher):
        return adask.find_table(engine, collection, **kw)
    return adask.extract_table(engine, collection, **kw)


def rows_of(df: Any) -> list[dict[str, Any]]:
    """The rows of a computed pandas result as plain Python values (missing values as None)."""
    rows: list[dict[str, Any]] = pa.Table.from_pandas(df, preserve_index=False).to_pylist()
    return rows


def ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=repr)


def computed(client: Any, result: Any) -> Any:
    """The pandas result of a lazy one, checked against its meta."""
    df = client.compute(result, sync=True)
    assert list(df.columns) == list(result.columns)
    assert df.dtypes.to_dict() == result.dtypes.to_dict()
    return df


def frame(text_dtype: str) -> Any:
    """The texts as a pandas DataFrame indexed by ``id`` (labels, not positions)."""
    ids = pd.Index([1000 + 3 * i for i in range(len(TEXTS))], name="id")
    return pd.DataFrame({"text": TEXTS, "n": range(len(TEXTS))}, index=ids).astype(
        {"text": text_dtype}
    )


def partitioned(pdf: Any, *, float_part: bool = False) -> Any:
    """A dask DataFrame with the partitions CUTS gives (some empty; with ``float_part``, one
    holding only missing texts, as a float64 column)."""
    parts = [pdf.iloc[lo:hi] for lo, hi in itertools.pairwise(CUTS)]
    if float_part:
        assert parts[2].empty and len(parts) > 2
        parts[2] = pd.DataFrame(
            {"text": [None, NAN], "n": [-1, -2]}, index=pd.Index([1, 2], name="id")
        ).astype({"text": "float64"})
    return dd.from_delayed([delayed(p) for p in parts], meta=pdf.iloc[:0], verify_meta=False)


def by_label(pdf: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Single-process rows with ``doc`` replaced by the input row's index label."""
    return [{"id": int(pdf.index[r.pop("doc")]), **r} for r in rows]


@pytest.mark.parametrize("engine", ["matcher", "attributor"])
@pytest.mark.parametrize("text_dtype", ["str", "object"])
def test_dataframe_column_equals_the_single_process_table(
    client: Any, m: asper.Matcher, a: asper.Attributor, engine: str, text_dtype: str
) -> None:
    e = m if engine == "matcher" else a
    pdf = frame(text_dtype)
    want = by_label(pdf, engine_table(e, pdf["text"]))
    assert len({r["id"] for r in want}) > 10, "the fixture has results in many rows"
    ddf = partitioned(pdf, float_part=text_dtype == "object")
    assert ddf.npartitions == len(CUTS) - 1
    result = lazy_table(e, ddf, column="text")
    assert result.npartitions == ddf.npartitions
    assert "doc" not in result.columns
    got = computed(client, result)
    assert got.index.name == "id"
    assert ordered(rows_of(got.reset_index())) == ordered(want)
    # Results come in input order within a partition.
    assert got.index.is_monotonic_increasing


def test_series_known_divisions_and_join_back(client: Any, m: asper.Matcher) -> None:
    pdf = frame("str")
    ddf = dd.from_pandas(pdf, npartitions=4)
    want = ordered(by_label(pdf, engine_table(m, pdf["text"], offsets="bytes")))
    for coll in (ddf, ddf["text"]):
        result = adask.find_table(m, coll, offsets="bytes", threads=2)
        assert result.divisions == ddf.divisions
        assert ordered(rows_of(computed(client, result).reset_index())) == want
    # The index joins the matches back to their rows, partition by partition (no shuffle).
    result = adask.find_table(m, ddf)
    joined = client.compute(result.join(ddf[["text"]]), sync=True)
    assert len(joined) == len(want)
    for r in joined.itertuples():
        assert r.text[r.start : r.end].casefold() == r.pattern.casefold()


@pytest.mark.parametrize("offsets", ["chars", "bytes"])
@pytest.mark.parametrize("engine", ["matcher", "attributor"])
def test_bag_equals_the_single_process_table(
    client: Any, m: asper.Matcher, a: asper.Attributor, engine: str, offsets: str
) -> None:
    e = m if engine == "matcher" else a
    want = engine_table(e, TEXTS, offsets=offsets)
    bag = db.from_delayed([delayed(TEXTS[lo:hi]) for lo, hi in itertools.pairwise(CUTS)])
    got = computed(client, lazy_table(e, bag, offsets=offsets))
    # doc is the position in the whole bag, as in one find_table over the list.
    assert ordered(rows_of(got)) == ordered(want)
    assert got["doc"].max() > CUTS[-3]


def test_bag_edge_cases(client: Any, m: asper.Matcher) -> None:
    one = db.from_sequence(["Reuters"] * 3, npartitions=3).map(str.upper)
    assert computed(client, adask.find_table(m, one))["doc"].tolist() == [0, 1, 2]
    empty = adask.find_table(m, db.from_sequence([], npartitions=1))
    assert computed(client, empty).empty


def test_bad_arguments(m: asper.Matcher) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="text"):
        adask.find_table(m, ddf)
    with pytest.raises(TypeError, match=r"dask\.bag\.Bag"):
        adask.find_table(m, ["Reuters"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threads"):
        adask.find_table(m, ddf, column="body", threads=0)
    with pytest.raises(ValueError, match="offsets"):
        adask.find_table(m, ddf, column="body", offsets="words")  # type: ignore[arg-type]


def test_module_docstring_example() -> None:
    assert doctest.testmod(adask).failed == 0
