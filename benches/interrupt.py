"""Ctrl-C latency of the long calls: SIGINT 0.3 s into each call, and the time from the signal
to ``KeyboardInterrupt`` (median and worst of ``--runs``).

    python benches/interrupt.py [--runs 5]

Texts: the BBC news articles of ``../shared/data`` replicated to 20 MB (a seeded synthetic
corpus when absent), referenced 50 times (seconds of work); and four 20 MB documents, where the
latency is bounded by one document per thread (the cancel flag is read between documents).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import asper
from bench_common import load_names, load_texts, replicate, shared_data


def fire(sent: list[float]) -> None:
    """Notes the time, then sends SIGINT to this process."""
    sent.append(time.perf_counter())
    os.kill(os.getpid(), signal.SIGINT)


def latency(call: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """Median and worst seconds from SIGINT to KeyboardInterrupt, and how many runs it hit."""
    out = []
    for _ in range(runs):
        sent: list[float] = []
        timer = threading.Timer(0.3, fire, (sent,))
        timer.start()
        try:
            call()
        except KeyboardInterrupt:
            out.append(time.perf_counter() - sent[0])
        finally:
            timer.cancel()
    if not out:
        return float("nan"), float("nan"), 0
    return statistics.median(out), max(out), len(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    data = shared_data()
    texts, _ = replicate(load_texts(data), 20)
    docs = texts * 50
    big = ["".join(texts)] * 4
    m = asper.Matcher(load_names(data, 10_000))
    a = asper.Attributor()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for _ in range(20):
                for t in texts[:2000]:
                    f.write(json.dumps({"text": t}) + "\n")
        cases: dict[str, Callable[[], object]] = {
            "find_many": lambda: m.find_many(docs),
            "find_many threads=1": lambda: m.find_many(docs, threads=1),
            "find_table": lambda: m.find_table(docs),
            "count_many threads=1": lambda: m.count_many(docs, threads=1),
            "extract_many": lambda: a.extract_many(docs),
            "scan (JSON Lines)": lambda: asper.scan(path, m, progress=False),
            "find_many, 20 MB documents": lambda: m.find_many(big, threads=1),
            "extract_many, 20 MB documents": lambda: a.extract_many(big, threads=1),
        }
        print(f"data: {data or 'synthetic'}; SIGINT 0.3 s into each call, {args.runs} runs\n")
        print("| call | median ms | worst ms | interrupted |\n|---|---:|---:|---:|")
        for name, call in cases.items():
            med, worst, hit = latency(call, args.runs)
            print(f"| {name} | {med * 1e3:.0f} | {worst * 1e3:.0f} | {hit}/{args.runs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
