"""Threads: the GIL is released during matching; one Matcher is safe to share."""

# Deliberately non-ASCII look-alikes (’ ı σ Cyrillic…): they are what is under test.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import asper

PATTERNS = {"Reuters": "NEWS_ORG", "New York Times": "NEWS_ORG", "İstanbul": "PLACE", "AP": None}


def _big_docs(n_docs: int = 2000, size: int = 20_000) -> list[str]:
    # Non-ASCII (folded view and offset conversion both run), one match at the very end.
    filler = "Die Straße nach Ankara, sagte der Sprecher am Montag. ΟΔΥΣΣΕΥΣ\u00a0— "
    body = (filler * (size // len(filler) + 1))[:size]
    return [body + f" Reuters {i}" for i in range(n_docs)]


def _counter_rate(seconds: float = 0.2) -> float:
    """Increments per second of a lone counting thread (the baseline)."""
    count = 0
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        for _ in range(1000):
            count += 1
    return count / seconds


def test_find_many_releases_the_gil() -> None:
    m = asper.Matcher(PATTERNS, ignore_case=True)
    docs = _big_docs()
    rate = _counter_rate()

    counter = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal counter
        while not stop.is_set():
            for _ in range(1000):
                counter += 1

    t = threading.Thread(target=count)
    t.start()
    calls, during, elapsed = 0, 0, 0.0
    try:
        time.sleep(0.05)  # let the counter get going
        # Repeat the call until it has run for a while in total (one call on a busy machine).
        while elapsed < 1.0 and calls < 30:
            before = counter
            t0 = time.perf_counter()
            results = m.find_many(docs, threads=1)
            elapsed += time.perf_counter() - t0
            during += counter - before
            calls += 1
    finally:
        stop.set()
        t.join()

    assert len(results) == len(docs)
    assert all(len(r) == 1 and r[0].start == 20_001 for r in results)
    # With the GIL held for a whole call the counter could only advance during at most one
    # switch interval (5 ms) per call. Released, it runs for most of the call; on a busy
    # machine (2 cores shared with builds) it may get much less CPU than alone, so ask for
    # only 5% of the lone rate, and at least four times the held bound.
    held_bound = calls * 0.005 * rate
    assert during > max(0.05 * rate * elapsed, 4 * held_bound), (
        f"counter advanced {during} during {calls} calls of find_many taking {elapsed:.3f} s "
        f"(lone rate {rate:.0f}/s): the GIL seems held"
    )


def test_concurrent_find_equals_sequential() -> None:
    m = asper.Matcher(PATTERNS, ignore_case=True)
    texts = [
        "İSTANBUL (Reuters) - the new york times said",
        "🎉 AP, ap, APPLE, (AP)",
        "nothing at all",
        "Reuters’ report\r\nNew\u00a0York\tTimes",
        "",
    ] * 40
    expected = [m.find(t) for t in texts]

    def work(i: int) -> list[list[asper.Match]]:
        # Each thread walks the texts from a different starting point, many times.
        order = texts[i:] + texts[:i]
        out = []
        for _ in range(5):
            out = [m.find(t) for t in order]
        return out[len(texts) - i :] + out[: len(texts) - i]

    with ThreadPoolExecutor(max_workers=8) as ex:
        results = list(ex.map(work, range(8)))
    for r in results:
        assert r == expected


def test_concurrent_find_many_equals_sequential() -> None:
    m = asper.Matcher(PATTERNS, ignore_case=True, match_kind="all")
    docs = _big_docs(n_docs=50, size=2_000) + ["Reuters AP İstanbul"] * 50
    expected = [m.find(d) for d in docs]
    with ThreadPoolExecutor(max_workers=4) as ex:
        futures = [ex.submit(m.find_many, docs, threads=t) for t in (None, 1, 2, 2, None, 1)]
        for f in futures:
            assert f.result() == expected
