"""Concurrency and faults (issue 12, section 3): one Matcher and one Attributor shared by 8
threads calling every batch method at once; kill -9 during ``asper find -o out.parquet``.

Under a free-threaded CPython (3.13t/3.14t) the threads test runs the calls truly in parallel;
``sys._is_gil_enabled()`` tells which build runs it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import asper

PATTERNS = {"Reuters": "NEWS_ORG", "New York Times": "NEWS_ORG", "İstanbul": "PLACE", "AP": None}


def _docs() -> list[str | None]:
    base = [
        "İSTANBUL (Reuters) - the new York Times said, according to AP.",
        "Prices rose, the Interfax news agency said. (With PTI inputs)",
        None,
        "",
        "🎉 AP, ap, APPLE, (AP) \u00a0Reuters\u2019 report\r\nNew\u00a0York\tTimes",
        "Die Straße nach Ankara, sagte der Sprecher. " * 50 + " Reuters",
    ]
    return [d if d is None else f"{d} {i}" for i in range(40) for d in base]


def _calls(m: asper.Matcher, a: asper.Attributor, docs: list[str | None]) -> dict[str, Any]:
    """Every batch method, with results in a comparable form."""
    texts = [d or "" for d in docs]
    calls: dict[str, Callable[[], Any]] = {
        "find_many": lambda: list(m.find_many(docs)),
        "find_many_t1": lambda: list(m.find_many(docs, threads=1)),
        "find_table": lambda: m.find_table(docs).to_pylist(),
        "count_many": lambda: m.count_many(docs).tolist(),
        "counts": lambda: m.counts(docs),
        "counts_label": lambda: m.counts(texts, by="label"),
        "extract_many": lambda: list(a.extract_many(docs)),
        "extract_table": lambda: a.extract_table(docs).to_pylist(),
    }
    try:
        import polars as pl

        import asper.polars  # noqa: F401 (registers the namespace)

        s: Any = pl.Series("text", docs, dtype=pl.String)
        col: Any = pl.col("text")
        frame = pl.DataFrame({"text": s})
        calls["polars_count"] = lambda: s.asper.count(m).to_list()
        calls["polars_contains"] = lambda: s.asper.contains(m).to_list()
        calls["polars_extract"] = lambda: s.asper.extract(m, what="label").to_list()
        calls["polars_attributions"] = lambda: s.asper.attributions(a).to_list()
        calls["polars_expr"] = lambda: frame.select(
            col.asper.count(m).alias("n"), col.asper.extract(m).alias("p")
        ).to_dicts()
    except ImportError:
        pass
    return calls


def test_eight_threads_share_one_matcher_and_attributor() -> None:
    m = asper.Matcher(PATTERNS, ignore_case=True)
    a = asper.Attributor()
    docs = _docs()
    calls = _calls(m, a, docs)
    expected = {name: call() for name, call in calls.items()}
    names = list(calls)
    barrier = threading.Barrier(8)

    def work(i: int) -> list[tuple[str, Any]]:
        barrier.wait()  # all eight start together
        out = []
        for k in range(2 * len(names)):
            name = names[(i + k) % len(names)]
            out.append((name, calls[name]()))
        return out

    with ThreadPoolExecutor(max_workers=8) as ex:
        results = list(ex.map(work, range(8)))
    for per_thread in results:
        for name, got in per_thread:
            assert got == expected[name], name


def test_polars_namespace_is_registered_for_the_threads_test() -> None:
    pytest.importorskip("polars")
    m = asper.Matcher(PATTERNS)
    assert {"polars_count", "polars_attributions", "polars_expr"} <= set(
        _calls(m, asper.Attributor(), ["x"])
    )


# --- kill -9 during a file output --------------------------------------------------------------


def _big_corpus(path: Path, megabytes: int) -> Path:
    text = "Alice met Bob Smith in Zürich, Reuters said. " * 20
    block = "".join(
        json.dumps({"id": f"b{i}", "text": text}, ensure_ascii=False) + "\n" for i in range(1000)
    ).encode()
    with path.open("wb") as f:
        for _ in range(megabytes * (1 << 20) // len(block) + 1):
            f.write(block)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("previous", [False, True])
def test_kill_9_during_find_to_parquet(tmp_path: Path, previous: bool) -> None:
    big = _big_corpus(tmp_path / "big.jsonl", 200)
    pf = tmp_path / "p.tsv"
    pf.write_text("Alice\tPERSON\nReuters\tWIRE\nZürich\tPLACE\n", "utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "out.parquet"
    if previous:
        small = tmp_path / "small.jsonl"
        small.write_text('{"id": "s", "text": "Alice"}\n', "utf-8")
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "asper",
                "find",
                str(small),
                "--patterns",
                str(pf),
                "-o",
                str(out),
            ],
            capture_output=True,
        )
        assert p.returncode == 0, p.stderr
        before = out.read_bytes()
    cmd = [sys.executable, "-m", "asper", "find", str(big), "--patterns", str(pf), "-o", str(out)]
    cmd += ["-q", "--threads", "1"]
    with subprocess.Popen(cmd, stderr=subprocess.PIPE) as proc:
        # Wait until the partial file has its first row group on disk: the kill lands
        # mid-write.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            partial = [p for p in out_dir.iterdir() if "partial" in p.name]
            if partial and partial[0].stat().st_size > 0:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    names = os.listdir(out_dir)
    if previous:
        assert out.read_bytes() == before  # the previous output intact
    else:
        assert not out.exists()
    # Only the hidden partial name may be left behind, never a file that looks complete.
    assert all(n == "out.parquet" or n.startswith(".out.parquet.asper-partial-") for n in names)
    pq = pytest.importorskip("pyarrow.parquet")
    if previous:
        assert pq.read_table(out).num_rows == 1
