"""Ctrl-C during long calls: KeyboardInterrupt, and the object stays usable.

Each call must return within ``LATENCY`` seconds of the signal (issue 12: 0.5 s); the latency
distribution is measured by ``benches/interrupt.py``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
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


#: Seconds from SIGINT to KeyboardInterrupt at most.
LATENCY = 0.5


def interrupt_after(seconds: float, sent: list[float]) -> threading.Timer:
    def fire() -> None:
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    t = threading.Timer(seconds, fire)
    t.start()
    return t


@pytest.fixture(autouse=True)
def default_sigint() -> Iterator[None]:
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def interrupted(call: Callable[[], Any]) -> None:
    sent: list[float] = []
    timer = interrupt_after(0.3, sent)
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
        took = time.monotonic() - sent[0]
    finally:
        timer.cancel()
    assert took < LATENCY, f"KeyboardInterrupt {took:.3f} s after SIGINT"


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
