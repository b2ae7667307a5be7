"""``asper.scan``: match or extract over corpus files, with the I/O pipeline in Rust."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from asper import _native

PathArg = str | os.PathLike[str]


@dataclass
class ScanStats:
    """Counters of a scan. ``records_read == processed + errors`` always holds."""

    files: int = 0
    records_read: int = 0
    processed: int = 0
    errors: int = 0
    warnings: int = 0
    rows: int = 0
    bytes_read: int = 0
    total_bytes: int = 0
    elapsed: float = 0.0
    messages: list[str] = field(default_factory=list)
    """The bad-record and warning messages, in order (``file:line: message``)."""


class _Progress:
    """A tqdm bar over input bytes, when tqdm is installed."""

    def __init__(self, enabled: bool) -> None:
        self.bar: Any = None
        if not enabled:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return
        self.bar = tqdm(total=None, unit="B", unit_scale=True, unit_divisor=1024, desc="asper")

    def update(self, s: dict[str, Any]) -> None:
        if self.bar is None:
            return
        if s["total_bytes"] and self.bar.total != s["total_bytes"]:
            self.bar.total = s["total_bytes"]
        self.bar.n = s["bytes_read"]
        self.bar.set_postfix(docs=s["processed"], rows=s["rows"], errors=s["errors"], refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _paths(paths: PathArg | Iterable[PathArg]) -> list[str]:
    if isinstance(paths, str | os.PathLike):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


@overload
def scan(
    paths: PathArg | Iterable[PathArg],
    matcher_or_attributor: _native.Matcher | _native.Attributor,
    *,
    text_field: str = "text",
    id_field: str = "id",
    output: None = None,
    threads: int | None = None,
    progress: bool = True,
    offsets: Literal["chars", "bytes"] = "chars",
    strict: bool = False,
    max_errors: int | None = None,
    window_mb: int = 64,
    on_record: Callable[[str, bool], None] | None = None,
) -> _native.Table: ...


@overload
def scan(
    paths: PathArg | Iterable[PathArg],
    matcher_or_attributor: _native.Matcher | _native.Attributor,
    *,
    text_field: str = "text",
    id_field: str = "id",
    output: PathArg,
    threads: int | None = None,
    progress: bool = True,
    offsets: Literal["chars", "bytes"] = "chars",
    strict: bool = False,
    max_errors: int | None = None,
    window_mb: int = 64,
    on_record: Callable[[str, bool], None] | None = None,
) -> ScanStats: ...


def scan(
    paths: PathArg | Iterable[PathArg],
    matcher_or_attributor: _native.Matcher | _native.Attributor,
    *,
    text_field: str = "text",
    id_field: str = "id",
    output: PathArg | None = None,
    threads: int | None = None,
    progress: bool = True,
    offsets: Literal["chars", "bytes"] = "chars",
    strict: bool = False,
    max_errors: int | None = None,
    window_mb: int = 64,
    on_record: Callable[[str, bool], None] | None = None,
) -> _native.Table | ScanStats:
    """Runs a Matcher or an Attributor over corpus files.

    ``paths``: files or folders (recursively): ``.jsonl``/``.ndjson`` (optionally ``.gz`` or
    ``.zst``), ``.parquet``, ``.txt`` (one document a file). Reading, decompression, parsing,
    matching and writing run in Rust, in parallel, with the GIL released; memory is bounded by
    ``window_mb`` of input in flight.

    Returns an :class:`asper.Table` of the rows (its ``stats`` are the scan's counters), or,
    when ``output`` is a path (``.jsonl``, ``.csv``,
    ``.parquet``; written atomically), the :class:`ScanStats`. Bad records are skipped and
    counted (``stats.errors``, ``stats.messages``); ``strict=True`` raises ``asper.ScanError``
    at the first, ``max_errors=N`` past N.
    """
    if max_errors is not None and max_errors < 0:
        raise ValueError(f"max_errors must be at least 0 or None, not {max_errors}")
    if window_mb < 1:
        raise ValueError(f"window_mb must be at least 1, not {window_mb}")
    stats = ScanStats()
    bar = _Progress(progress)

    def record(msg: str, warning: bool) -> None:
        stats.messages.append(msg)
        if on_record is not None:
            on_record(msg, warning)

    try:
        result, raw = _native._scan(
            _paths(paths),
            matcher_or_attributor,
            text_field=text_field,
            id_field=id_field,
            output=os.fspath(output) if output is not None else None,
            threads=threads,
            offsets=offsets,
            strict=strict,
            max_errors=max_errors,
            window_mb=window_mb,
            on_progress=bar.update,
            on_record=record,
        )
    finally:
        bar.close()
    for k, v in raw.items():
        setattr(stats, k, v)
    if result is None:
        return stats
    table: _native.Table = result._with_stats(stats)
    return table


def format_bytes(n: float) -> str:
    """1536 -> '1.5 KiB'."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


class StderrProgress:
    """A one-line progress display on stderr (for the command line)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0
        self.drawn = False

    def update(self, s: dict[str, Any]) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(s["elapsed"], 1e-9)
        rate = s["bytes_read"] / elapsed
        line = f"asper: {format_bytes(s['bytes_read'])}"
        if s["total_bytes"]:
            pct = 100 * s["bytes_read"] / s["total_bytes"]
            line += f" / {format_bytes(s['total_bytes'])} ({pct:.0f}%)"
            if rate > 0:
                eta = max(0.0, (s["total_bytes"] - s["bytes_read"]) / rate)
                line += f", ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        line += f", {s['processed']:,} docs, {format_bytes(rate)}/s"
        sys.stderr.write("\r" + line[:120].ljust(100))
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()
            self.drawn = False
