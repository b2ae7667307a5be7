"""Matching and attribution over Dask collections: ``asper.dask.find_table`` and
``asper.dask.extract_table`` (needs the ``dask`` extra: ``pip install 'asper[dask]'``).

>>> import dask.dataframe as dd, pandas as pd, asper, asper.dask
>>> m = asper.Matcher({"Reuters": "NEWS_ORG", "Zürich": "PLACE"})
>>> ddf = dd.from_pandas(pd.DataFrame({"text": ["Reuters in Zürich", None, "none"]}), npartitions=2)
>>> hits = asper.dask.find_table(m, ddf)   # lazy: one result partition per input partition
>>> hits.compute()[["start", "end", "pattern"]].to_dict("records")
[{'start': 0, 'end': 7, 'pattern': 'Reuters'}, {'start': 11, 'end': 17, 'pattern': 'Zürich'}]

Both functions are lazy and build one task per input partition; each task runs the batch call
of the single-process API (``Matcher.find_table``, ``Attributor.extract_table``) on the texts of
its partition. The matcher or attributor travels to the workers by pickle, with each task (its
patterns, or sources and cues, and options). A worker that unpickles a Matcher it has already
built takes it from a process-level cache instead of building it again; an Attributor with the
built-in lexicon pickles to about 100 bytes and rebuilds in well under a millisecond.

``threads`` (default 1) is the number of threads each task matches with. Dask already runs one
task per worker thread, so more threads per task would oversubscribe the cores; raise it (or
pass None: one thread per core) only with workers that run a single task at a time, e.g.
``LocalCluster(n_workers=1, threads_per_worker=1)`` on a machine to itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
from dask.delayed import delayed

from asper._native import Attributor, Matcher

if TYPE_CHECKING:
    from asper._native import Table

__all__ = ["extract_table", "find_table"]

_Collection: TypeAlias = dd.DataFrame | dd.Series | db.Bag
_Offsets = Literal["chars", "bytes"]
_Method = Literal["find_table", "extract_table"]


def find_table(
    matcher: Matcher,
    collection: _Collection,
    *,
    column: str = "text",
    offsets: _Offsets = "chars",
    threads: int | None = 1,
) -> dd.DataFrame:
    """The matches of every text of a Dask collection, as a lazy ``dask.dataframe.DataFrame``.

    ``collection`` is one of:

    * a ``dask.dataframe.DataFrame`` (the texts in ``column``) or ``Series``: the result has the
      columns of ``Matcher.find_table`` except ``doc``, and its **index is the index of the
      input row** each match comes from (the label, not a position; repeated when a row has
      several matches). So the results join back to the input (``hits.join(ddf[["title"]])``),
      and the input's divisions carry over (partition i of the
      result holds the matches of partition i of the input, in row order). Give the input a
      unique index (``set_index("id")``) when it has none: Dask's ``reset_index()`` restarts
      at 0 in every partition.
    * a ``dask.bag.Bag`` of texts (str; None or NaN for no text): the result has exactly the
      columns of ``Matcher.find_table``, and ``doc`` is the **position of the text in the
      bag** (its index in ``bag.compute()``), as if the whole bag were one list. The offsets
      of the partitions come from their lengths, summed lazily in small tasks. Its index
      restarts in every partition; ignore it.

    Null texts (None, NaN, pandas NA) have no match. ``offsets`` and ``threads`` are those of
    ``Matcher.find_table``; ``threads`` applies per task (see the module docstring).
    """
    return _table(matcher, "find_table", collection, column, offsets, threads)


def extract_table(
    attributor: Attributor,
    collection: _Collection,
    *,
    column: str = "text",
    offsets: _Offsets = "chars",
    threads: int | None = 1,
) -> dd.DataFrame:
    """The attribution records of every text of a Dask collection, as a lazy
    ``dask.dataframe.DataFrame``: the columns of ``Attributor.extract_table``, with the
    same ``doc`` rules as ``find_table`` (a DataFrame or Series input: no ``doc`` column, the
    index of the input row as index; a Bag: ``doc`` is the position in the bag)."""
    return _table(attributor, "extract_table", collection, column, offsets, threads)


def _table(
    engine: Matcher | Attributor,
    method: _Method,
    collection: _Collection,
    column: str,
    offsets: _Offsets,
    threads: int | None,
) -> dd.DataFrame:
    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1 (or None for one per core)")
    if offsets not in ("chars", "bytes"):
        raise ValueError(f"offsets must be 'chars' or 'bytes', not {offsets!r}")
    if isinstance(collection, dd.DataFrame | dd.Series):
        return _on_frame(engine, method, collection, column, offsets, threads)
    if isinstance(collection, db.Bag):
        return _on_bag(engine, method, collection, offsets, threads)
    raise TypeError(
        "expected a dask.dataframe.DataFrame, dask.dataframe.Series or dask.bag.Bag, not "
        f"{type(collection).__name__} (for an in-memory column call {method} on the engine)"
    )


def _run(
    engine: Matcher | Attributor,
    method: _Method,
    texts: pd.Series | list[Any],
    offsets: _Offsets,
    threads: int | None,
) -> pd.DataFrame:
    """The engine's table of ``texts`` as pandas, through pyarrow (the same dtypes whether or
    not it has rows, so that every partition matches the meta)."""
    call = getattr(engine, method)
    try:
        table: Table = call(texts, threads=threads, offsets=offsets)
    except TypeError:
        # A column with only missing values can arrive as float64 (all NaN): no documents.
        if not (isinstance(texts, pd.Series) and texts.isna().all()):
            raise
        table = call([], threads=threads, offsets=offsets)
    arrow = table.to_pyarrow()
    result: pd.DataFrame = arrow.to_pandas()
    # A nullable integer column (an attribution's `via`) is float64 where it has a null and
    # uint64 where it has none: pandas' nullable UInt64 keeps every partition like the meta.
    for f in arrow.schema:
        if f.nullable and f.type == pa.uint64():
            result[f.name] = result[f.name].astype(pd.UInt64Dtype())
    return result


# DataFrame and Series: one result partition per input partition, indexed like its rows.


def _frame_partition(
    part: pd.DataFrame | pd.Series,
    engine: Matcher | Attributor,
    method: _Method,
    column: str,
    offsets: _Offsets,
    threads: int | None,
) -> pd.DataFrame:
    texts = part if isinstance(part, pd.Series) else part[column]
    result = _run(engine, method, texts, offsets, threads)
    docs = result.pop("doc").to_numpy()
    result.index = texts.index.take(docs)
    return result


def _on_frame(
    engine: Matcher | Attributor,
    method: _Method,
    collection: dd.DataFrame | dd.Series,
    column: str,
    offsets: _Offsets,
    threads: int | None,
) -> dd.DataFrame:
    if isinstance(collection, dd.DataFrame) and column not in collection.columns:
        raise KeyError(
            f"no column {column!r} in the dask DataFrame (columns: {list(collection.columns)})"
        )
    args = (engine, method, column, offsets, threads)
    # The meta is the result of the partition function on the input's own empty meta.
    meta = _frame_partition(collection._meta, *args)
    untyped: Any = collection  # dask's map_partitions has no annotations
    return cast(dd.DataFrame, untyped.map_partitions(_frame_partition, *args, meta=meta))


# Bag: the partitions' lengths give each its first document number.


def _bag_partition(
    part: Iterable[Any],
    engine: Matcher | Attributor,
    method: _Method,
    offsets: _Offsets,
    threads: int | None,
) -> tuple[pd.DataFrame, int]:
    texts = list(part)
    return _run(engine, method, texts, offsets, threads), len(texts)


def _bag_result(found: tuple[pd.DataFrame, int]) -> pd.DataFrame:
    return found[0]


def _bag_length(found: tuple[pd.DataFrame, int]) -> int:
    return found[1]


def _shifted(result: pd.DataFrame, start: int) -> pd.DataFrame:
    if start:
        result = result.assign(doc=result["doc"].to_numpy() + np.uint64(start))
    return result


def _add(a: int, b: int) -> int:
    return a + b


def _on_bag(
    engine: Matcher | Attributor,
    method: _Method,
    bag: db.Bag,
    offsets: _Offsets,
    threads: int | None,
) -> dd.DataFrame:
    meta = _run(engine, method, [], offsets, threads)
    parts = []
    start: Any = 0  # an int, then a Delayed int
    untyped: Any = bag  # nor has Bag.to_delayed
    for part in untyped.to_delayed():
        found = delayed(_bag_partition)(part, engine, method, offsets, threads)
        parts.append(delayed(_shifted)(delayed(_bag_result)(found), start))
        # Each partition's first document number is the sum of the lengths before it.
        start = delayed(_add)(start, delayed(_bag_length)(found))
    if not parts:
        parts.append(delayed(meta))
    return cast(dd.DataFrame, dd.from_delayed(parts, meta=meta, verify_meta=False))
