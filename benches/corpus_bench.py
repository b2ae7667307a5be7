"""Throughput of the corpus pipeline (``asper.scan`` / ``asper find``) against in-memory
``Matcher.find_many`` on the same texts, measured in one run.

    python benches/corpus_bench.py [--mb 1024] [--runs 3] [--names 10000]

Builds a JSON Lines corpus of at least ``--mb`` MB by replicating the BBC news articles of
``../shared/data`` (a synthetic corpus when absent), plus gzip and zstd copies, in a temporary
folder that is removed at the end. Reports medians of ``--runs`` runs, in MB/s of text:

* in-memory ``find_many`` on a 256 MB slice of the texts (1 and 2 threads);
* ``asper.scan`` to a JSON Lines file, from uncompressed, gzip and zstd input (1 and 2 threads);
* ``asper.scan`` to a Parquet file (2 threads).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asper
from bench_common import load_names, load_texts, median_time, shared_data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=1024, help="corpus size in MB (JSON Lines)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--names", type=int, default=10_000)
    args = ap.parse_args()

    data = shared_data()
    print(f"data: {data or 'synthetic (../shared/data absent)'}")
    texts = load_texts(data)
    matcher = asper.Matcher(load_names(data, args.names))
    print(f"patterns: {len(matcher)}")

    tmp = Path(tempfile.mkdtemp(prefix="asper-bench-"))
    try:
        corpus = tmp / "corpus.jsonl"
        text_bytes = 0
        target = args.mb * 1_000_000
        with open(corpus, "w", encoding="utf-8") as f:
            i = 0
            while f.tell() < target:
                t = texts[i % len(texts)]
                f.write(json.dumps({"id": f"d{i}", "text": t}) + "\n")
                text_bytes += len(t.encode())
                i += 1
        n_docs = i
        size = corpus.stat().st_size
        print(
            f"corpus: {n_docs:,} docs, {size / 1e6:,.0f} MB JSONL, {text_bytes / 1e6:,.0f} MB text"
        )
        t = time.perf_counter()
        subprocess.run(["gzip", "-1", "-k", str(corpus)], check=True)
        print(f"gzip -1: {time.perf_counter() - t:.1f} s")
        zst = tmp / "corpus.jsonl.zst"
        if shutil.which("zstd"):
            subprocess.run(["zstd", "-q", "-3", str(corpus), "-o", str(zst)], check=True)
        else:
            zst = None

        # In-memory baseline on a slice (the list of str is held in memory).
        mem_docs: list[str] = []
        mem_bytes = 0
        i = 0
        while mem_bytes < min(256_000_000, text_bytes):
            mem_docs.append(texts[i % len(texts)])
            mem_bytes += len(mem_docs[-1].encode())
            i += 1
        results: dict[str, float] = {}
        for threads in (1, 2):
            s = median_time(lambda t=threads: matcher.find_many(mem_docs, threads=t), args.runs)
            results[f"find_many t={threads}"] = mem_bytes / s / 1e6

        out_jsonl = tmp / "out.jsonl"
        inputs = [("jsonl", corpus), ("gzip", Path(str(corpus) + ".gz"))]
        if zst is not None:
            inputs.append(("zstd", zst))
        for name, path in inputs:
            for threads in (1, 2):
                s = median_time(
                    lambda p=path, t=threads: asper.scan(
                        p, matcher, output=out_jsonl, threads=t, progress=False
                    ),
                    args.runs,
                )
                results[f"scan {name} -> jsonl t={threads}"] = text_bytes / s / 1e6
        out_pq = tmp / "out.parquet"
        s = median_time(
            lambda: asper.scan(corpus, matcher, output=out_pq, threads=2, progress=False),
            args.runs,
        )
        results["scan jsonl -> parquet t=2"] = text_bytes / s / 1e6
        stats = asper.scan(corpus, matcher, output=out_jsonl, threads=2, progress=False)
        assert isinstance(stats, asper.ScanStats)
        print(f"rows: {stats.rows:,}, errors: {stats.errors}")

        print(f"\n{'configuration':<32} {'MB/s of text':>12}")
        for k, v in results.items():
            print(f"{k:<32} {v:>12.1f}")
        for t in (1, 2):
            base = results[f"find_many t={t}"]
            ratio = results[f"scan jsonl -> jsonl t={t}"] / base
            print(f"ratio scan/find_many, {t} thread(s): {ratio:.2f}")
        sp = results["scan jsonl -> jsonl t=2"] / results["scan jsonl -> jsonl t=1"]
        print(f"2-thread speed-up of scan: {sp:.2f}x")
        sp = results["find_many t=2"] / results["find_many t=1"]
        print(f"2-thread speed-up of find_many: {sp:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
