"""``import asper.polars`` registers an ``asper`` namespace on polars expressions and Series.

>>> import polars as pl, asper, asper.polars
>>> m = asper.Matcher({"Reuters": "NEWS_ORG", "Moscow": "PLACE"})
>>> df = pl.DataFrame({"text": ["MOSCOW (Reuters) - Moscow said", None, "nothing"]})
>>> df.select(pl.col("text").asper.count(m)).to_series().to_list()
[2, None, 0]

Expressions (usable in ``select``, ``with_columns``, ``filter`` and lazy frames; nulls stay
null, and each batch is matched in Rust in parallel with the GIL released, reading the column
in place):

* ``.asper.count(m)``: matches per row (``UInt32``);
* ``.asper.contains(m)``: whether a row has a match (``Boolean``);
* ``.asper.extract(m, what="pattern")``: the pattern (or ``what="label"``: the label) of each
  match (``List(String)``);
* ``.asper.attributions(a)``: the attribution records of each row (``List(Struct)`` with the
  fields of ``asper.Attribution``, code-point offsets).
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from asper import _native

ATTRIBUTION = pl.Struct(
    {
        "kind": pl.String,
        "cue": pl.String,
        "cue_start": pl.UInt64,
        "cue_end": pl.UInt64,
        "source": pl.String,
        "source_start": pl.UInt64,
        "source_end": pl.UInt64,
        "canonical": pl.String,
        "sentence_start": pl.UInt64,
        "sentence_end": pl.UInt64,
        "via": pl.UInt64,
    }
)


def count(s: pl.Series, matcher: _native.Matcher, threads: int | None = None) -> pl.Series:
    """Matches per row of a String Series."""
    return pl.Series(s.name, _native._polars_count(matcher, s, threads=threads))


def contains(s: pl.Series, matcher: _native.Matcher, threads: int | None = None) -> pl.Series:
    """Whether each row of a String Series has a match."""
    return pl.Series(s.name, _native._polars_contains(matcher, s, threads=threads))


def extract(
    s: pl.Series,
    matcher: _native.Matcher,
    what: Literal["pattern", "label"] = "pattern",
    threads: int | None = None,
) -> pl.Series:
    """The pattern or label of each match, per row of a String Series."""
    return pl.Series(s.name, _native._polars_extract(matcher, s, what=what, threads=threads))


def attributions(
    s: pl.Series, attributor: _native.Attributor, threads: int | None = None
) -> pl.Series:
    """The attribution records of each row of a String Series."""
    return pl.Series(s.name, _native._polars_attributions(attributor, s, threads=threads))


@pl.api.register_expr_namespace("asper")
class ExprNamespace:
    """``pl.col("text").asper``: matching and attribution on a String column."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def count(self, matcher: _native.Matcher, *, threads: int | None = None) -> pl.Expr:
        """Matches per row (UInt32)."""
        return self._expr.map_batches(
            lambda s: count(s, matcher, threads), return_dtype=pl.UInt32, is_elementwise=True
        )

    def contains(self, matcher: _native.Matcher, *, threads: int | None = None) -> pl.Expr:
        """Whether a row has a match (Boolean)."""
        return self._expr.map_batches(
            lambda s: contains(s, matcher, threads), return_dtype=pl.Boolean, is_elementwise=True
        )

    def extract(
        self,
        matcher: _native.Matcher,
        *,
        what: Literal["pattern", "label"] = "pattern",
        threads: int | None = None,
    ) -> pl.Expr:
        """The pattern (or label) of each match (List(String))."""
        return self._expr.map_batches(
            lambda s: extract(s, matcher, what, threads),
            return_dtype=pl.List(pl.String),
            is_elementwise=True,
        )

    def attributions(
        self, attributor: _native.Attributor, *, threads: int | None = None
    ) -> pl.Expr:
        """The attribution records of each row (List(Struct))."""
        return self._expr.map_batches(
            lambda s: attributions(s, attributor, threads),
            return_dtype=pl.List(ATTRIBUTION),
            is_elementwise=True,
        )


@pl.api.register_series_namespace("asper")
class SeriesNamespace:
    """``series.asper``: the same functions on a String Series."""

    def __init__(self, s: pl.Series) -> None:
        self._s = s

    def count(self, matcher: _native.Matcher, *, threads: int | None = None) -> pl.Series:
        """Matches per row (UInt32)."""
        return count(self._s, matcher, threads)

    def contains(self, matcher: _native.Matcher, *, threads: int | None = None) -> pl.Series:
        """Whether a row has a match (Boolean)."""
        return contains(self._s, matcher, threads)

    def extract(
        self,
        matcher: _native.Matcher,
        *,
        what: Literal["pattern", "label"] = "pattern",
        threads: int | None = None,
    ) -> pl.Series:
        """The pattern (or label) of each match (List(String))."""
        return extract(self._s, matcher, what, threads)

    def attributions(
        self, attributor: _native.Attributor, *, threads: int | None = None
    ) -> pl.Series:
        """The attribution records of each row (List(Struct))."""
        return attributions(self._s, attributor, threads)
