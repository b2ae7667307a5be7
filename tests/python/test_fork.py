"""Fork safety: a Matcher and an Attributor built in the parent, and used there on rayon threads
(threads=2 and the default pool), work in a child made by ``os.fork()`` or by multiprocessing's
"fork" start method (a process, a pool, a grandchild, a fork while another thread of the parent
is matching). Each child sends its results back through a pipe and the parent compares them
with its own; every wait has a deadline, so a deadlocked child fails the test instead of
hanging it."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

import asper

if not hasattr(os, "fork"):
    pytest.skip("os.fork() is not available on this platform", allow_module_level=True)

# Python 3.12+ warns on fork() in a process with threads (rayon's): that is what is under test.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)

TIMEOUT = 60.0  # seconds a child may take before it counts as deadlocked

SNIPPETS = [
    "MOSCOW (Reuters) - Prices rose, according to the Interfax news agency.",
    "Zürich-based Nestlé said on Monday, Reuters reported.",
    "İSTANBUL (AP) — Turkish officials said, according to AP.",
    "👍 Reuters in Zürich; Москва (AP) — nothing else",
]
# Enough documents for several parallel blocks, with nulls among them.
TEXTS: list[str | None] = [SNIPPETS[i % 4] if i % 9 else None for i in range(2000)]


def engines() -> tuple[asper.Matcher, asper.Attributor]:
    m = asper.Matcher(
        {"Reuters": "NEWS_ORG", "AP": "NEWS_ORG", "Zürich": "PLACE", "Москва": "PLACE"},
        ignore_case=True,
    )
    return m, asper.Attributor()


def work(m: asper.Matcher, a: asper.Attributor) -> dict[str, Any]:
    """Every batch call, on two threads and on the default pool, as picklable values."""
    return {
        "find_table": m.find_table(TEXTS, threads=2).to_pylist(),
        "find_table_default": m.find_table(TEXTS).to_pylist(),
        "find_many": m.find_many(TEXTS, threads=2).to_list(),
        "count_many": m.count_many(TEXTS, threads=None).tolist(),
        "extract_table": a.extract_table(TEXTS, threads=2).to_pylist(),
        "extract_many": a.extract_many(TEXTS).to_list(),
    }


@pytest.fixture(scope="module")
def parent() -> tuple[asper.Matcher, asper.Attributor, dict[str, Any]]:
    """The engines, used in this process on rayon threads, and their results here."""
    m, a = engines()
    want = work(m, a)
    assert want == work(m, a)
    assert want["find_table"] and want["extract_table"], "the fixture has results"
    return m, a, want


def in_fork(fn: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    """``fn()`` run in a child made by ``os.fork()``, its value sent back through a pipe."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(r)
            try:
                data = pickle.dumps(("ok", fn()))
            except BaseException as e:
                data = pickle.dumps(("error", f"{type(e).__name__}: {e}"))
            with os.fdopen(w, "wb") as f:
                f.write(data)
        finally:
            os._exit(0)
    os.close(w)
    chunks: list[bytes] = []
    done = False
    try:
        deadline = time.monotonic() + timeout
        while True:
            ready, _, _ = select.select([r], [], [], max(deadline - time.monotonic(), 0.0))
            if not ready:
                pytest.fail(f"the forked child did not answer in {timeout:.0f} s (deadlock?)")
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        done = True
    finally:
        os.close(r)
        if not done:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    status_, value = pickle.loads(b"".join(chunks))
    assert status_ == "ok", value
    return value


def os_threads() -> int | None:
    """The number of threads of this process (Linux), else None."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return None


def test_os_fork(parent: tuple[asper.Matcher, asper.Attributor, dict[str, Any]]) -> None:
    m, a, want = parent
    got, threads = in_fork(lambda: (work(m, a), os_threads()))
    assert got == want
    # The parent's pools lost their threads in the fork; the child ran every call on one
    # worker thread of its own (beside the main thread), whatever ``threads`` asked for.
    assert threads is None or threads <= 2
    # The parent's pools still work after the fork.
    assert work(m, a) == want


def test_grandchild(parent: tuple[asper.Matcher, asper.Attributor, dict[str, Any]]) -> None:
    """A child that matched forks again: the grandchild gets its own one-thread pool."""
    m, a, want = parent

    def child() -> Any:
        mine = work(m, a)
        return mine, in_fork(lambda: work(m, a))

    mine, grandchild = in_fork(child)
    assert mine == want
    assert grandchild == want


def test_fork_while_another_thread_matches(
    parent: tuple[asper.Matcher, asper.Attributor, dict[str, Any]],
) -> None:
    """The fork happens while a thread of the parent is inside a parallel call."""
    m, a, want = parent
    stop = threading.Event()
    calls = 0

    def busy() -> None:
        nonlocal calls
        while not stop.is_set():
            m.find_many(TEXTS * 5, threads=2)
            a.extract_many(TEXTS, threads=2)
            calls += 1

    t = threading.Thread(target=busy)
    t.start()
    try:
        time.sleep(0.05)
        for _ in range(3):
            assert in_fork(lambda: work(m, a)) == want
    finally:
        stop.set()
        t.join(timeout=TIMEOUT)
    assert not t.is_alive()
    assert calls >= 1


def _process_child(m: asper.Matcher, a: asper.Attributor, conn: Any) -> None:
    conn.send(work(m, a))
    conn.close()


def test_multiprocessing_fork_process(
    parent: tuple[asper.Matcher, asper.Attributor, dict[str, Any]],
) -> None:
    m, a, want = parent
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_process_child, args=(m, a, send))
    p.start()
    send.close()
    try:
        assert recv.poll(TIMEOUT), f"the child did not answer in {TIMEOUT:.0f} s (deadlock?)"
        got = recv.recv()
    finally:
        p.join(timeout=TIMEOUT)
        if p.is_alive():
            p.kill()
            p.join()
    assert p.exitcode == 0
    assert got == want


def _pool_task(m: asper.Matcher, a: asper.Attributor) -> dict[str, Any]:
    return work(m, a)


def test_multiprocessing_fork_pool(
    parent: tuple[asper.Matcher, asper.Attributor, dict[str, Any]],
) -> None:
    """Pool workers forked from the parent; the engines reach them pickled (and rebuilt from
    the process-level cache the workers inherited)."""
    m, a, want = parent
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        pending = [pool.apply_async(_pool_task, (m, a)) for _ in range(3)]
        got = [p.get(timeout=TIMEOUT) for p in pending]
    assert got == [want] * 3
