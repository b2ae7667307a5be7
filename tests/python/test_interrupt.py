"""Ctrl-C during long calls: KeyboardInterrupt, and the object stays usable.

The latency itself (how long after the signal the call returns; issue 12 asks for at most
0.5 s) is measured by ``benches/interrupt.py``, not asserted here: a wall-clock bound in a test
fails on a loaded machine without a change of the code.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import asper

pytestmark = pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGINT"),
    reason="signals are delivered to the main thread",
)

# One 200 kB article repeated: seconds of work, one string in memory.
ARTICLE = ("Prices rose, the Interfax news agency said. According to Reuters, Zürich " * 2800)[
    :200_000
]
DOCS = [ARTICLE] * 20_000


def interrupt_after(seconds: float) -> threading.Timer:
    t = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    t.start()
    return t


@pytest.fixture(autouse=True)
def default_sigint() -> Iterator[None]:
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def interrupted(call: Callable[[], Any]) -> None:
    timer = interrupt_after(0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        timer.cancel()


@pytest.mark.parametrize("threads", [None, 1])
def test_find_many(threads: int | None) -> None:
    m = asper.Matcher(["Reuters", "Interfax", "Zürich"])
    interrupted(lambda: m.find_many(DOCS, threads=threads))
    # Usable afterwards, with the same results as before.
    small = [ARTICLE[:1000], "Reuters"]
    assert m.find_many(small) == [m.find(d) for d in small]


def test_find_table_and_count_many() -> None:
    m = asper.Matcher(["Reuters", "Interfax", "Zürich"])
    interrupted(lambda: m.find_table(DOCS))
    interrupted(lambda: m.find_table(DOCS, threads=1))
    interrupted(lambda: m.count_many(DOCS, threads=1))
    interrupted(lambda: m.counts(DOCS))
    assert len(m.find_table(["Reuters"])) == 1


def test_extract_many() -> None:
    a = asper.Attributor()
    interrupted(lambda: a.extract_many(DOCS))
    interrupted(lambda: a.extract_table(DOCS))
    assert [r.source for r in a.extract_many(["Prices rose, Reuters said."])[0]] == ["Reuters"]


def test_scan(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = '{"text": "' + ARTICLE.replace('"', "") + '"}\n'
    with path.open("w", encoding="utf-8") as f:
        for _ in range(1000):
            f.write(line)
    m = asper.Matcher(["Reuters"])
    out = tmp_path / "out.parquet"
    interrupted(lambda: asper.scan(path, m, output=out, progress=False))
    # In memory (a table) and with one thread too.
    interrupted(lambda: asper.scan(path, m, progress=False, threads=1))
    # No output file, nothing left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]
    small = tmp_path / "small.jsonl"
    small.write_text('{"text": "Reuters"}\n', "utf-8")
    assert len(asper.scan(small, m, progress=False)) == 1
