"""Columnar throughput: ``find_table`` on a pyarrow array and a polars Series, ``count_many``,
``find_many`` and a Python loop of ``find``, against the Rust core's own work on the same
bytes in the same run (``asper._native._core_baseline``), on one thread and two.

    python benches/columnar_bench.py [--mb 100] [--runs 5] [--names 10000 | --cues]

Texts: the BBC news articles of ``../shared/data`` replicated to ``--mb`` MB (a seeded synthetic
corpus when absent). Medians of ``--runs`` interleaved rounds; MB/s of UTF-8 text; the match
count beside each figure. Memory: the peak-RSS growth of ``find_table`` on the pyarrow column
in a fresh process, against the size of the input column and of the result table.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
from pathlib import Path

import asper
from asper import _native
from bench_common import interleaved, load_names, load_texts, replicate, shared_data

HERE = Path(__file__).resolve().parent


def memory_probe(mb: float, names: int) -> dict[str, float]:
    """Peak RSS of a fresh process before and after find_table on a pyarrow column."""
    code = f"""
import json, sys
sys.path.insert(0, {str(HERE)!r})
import pyarrow as pa, asper
from bench_common import load_names, load_texts, peak_rss_mb, replicate, shared_data
data = shared_data()
texts, nbytes = replicate(load_texts(data), {mb})
m = asper.Matcher(load_names(data, {names}))
arr = pa.array(texts, pa.large_string())
del texts
before = peak_rss_mb()
t = m.find_table(arr, threads=2)
after = peak_rss_mb()
table_mb = t.to_pyarrow().nbytes / 1e6
print(json.dumps({{"input_mb": arr.nbytes / 1e6, "before": before, "after": after,
                  "table_mb": table_mb, "rows": len(t)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--names", type=int, default=10_000)
    ap.add_argument(
        "--cues", action="store_true", help="the ~280 attribution cues (many matches) instead"
    )
    ap.add_argument(
        "--places",
        action="store_true",
        help="every GeoNames place name, case-insensitive (the most matches) instead",
    )
    args = ap.parse_args()

    import polars as pl
    import pyarrow as pa

    data = shared_data()
    texts, nbytes = replicate(load_texts(data), args.mb)
    if args.cues:
        cues = (HERE / "data" / "cues.txt").read_text(encoding="utf-8").splitlines()
        m = asper.Matcher([c for c in cues if c.strip()], ignore_case=True)
    elif args.places:
        if data is None:
            sys.exit("--places needs ../shared/data")
        names: dict[str, str] = {}
        for f in ("geonames_cities15000.tsv", "geonames_countries_admin1.tsv"):
            for line in (data / "gazetteers" / f).read_text(encoding="utf-8").splitlines():
                name = line.split("\t", 1)[0]
                if name.strip():
                    names.setdefault(name, "PLACE")
        m = asper.Matcher(sorted(names.items()), ignore_case=True)
    else:
        m = asper.Matcher(load_names(data, args.names))
    arr = pa.array(texts, pa.large_string())
    ser = pl.Series(texts)
    print(f"data: {data or 'synthetic'}; {len(texts):,} documents, {nbytes / 1e6:.0f} MB;")
    print(f"{len(m):,} patterns; polars dtype {ser.dtype}; pyarrow {arr.type}")

    def loop_find() -> int:
        n = 0
        for t in texts:
            n += len(m.find(t))
        return n

    def find_many_lists(threads: int) -> int:
        # The same matches as Python objects: every document's list made and dropped.
        return sum(len(d) for d in m.find_many(texts, threads=threads))

    rows: dict[str, tuple[float, int]] = {}
    for threads in (1, 2):
        cases = {
            "core find_all": lambda t=threads: _native._core_baseline(m, arr, threads=t),
            "find_table pyarrow": lambda t=threads: len(m.find_table(arr, threads=t)),
            "find_table polars": lambda t=threads: len(m.find_table(ser, threads=t)),
            "find_many (Results)": lambda t=threads: m.find_many(texts, threads=t).total_count,
            "find_many + every list": lambda t=threads: find_many_lists(t),
            "find_many .to_list() (all at once)": lambda t=threads: sum(
                map(len, m.find_many(texts, threads=t).to_list())
            ),
            "core count": lambda t=threads: _native._core_baseline(m, arr, what="count", threads=t),
            "count_many pyarrow": lambda t=threads: int(m.count_many(arr, threads=t).sum()),
        }
        if threads == 1:
            cases["loop of find (dropped)"] = loop_find
        counts = {k: int(f()) for k, f in cases.items()}  # warm-up, and the match counts
        gc.collect()
        medians = interleaved(cases, args.runs)
        for k, s in medians.items():
            rows[f"{k} t={threads}"] = (nbytes / s / 1e6, counts[k])

    print("\n| case | MB/s | matches |\n|---|---:|---:|")
    for k, (mbs, n) in rows.items():
        print(f"| {k} | {mbs:.0f} | {n:,} |")

    def r(a: str, b: str) -> float:
        return rows[a][0] / rows[b][0]

    print("\nratios (same run):")
    for t in (1, 2):
        core, table = f"core find_all t={t}", f"find_table pyarrow t={t}"
        print(
            f"  t={t}: find_table pyarrow / core {r(table, core):.2f}, "
            f"polars / core {r(f'find_table polars t={t}', core):.2f}, "
            f"find_table / find_many .to_list() "
            f"{r(table, f'find_many .to_list() (all at once) t={t}'):.2f}, "
            f"count_many / core count {r(f'count_many pyarrow t={t}', f'core count t={t}'):.2f}"
        )
    print(
        f"  2 threads / 1: find_table pyarrow "
        f"{r('find_table pyarrow t=2', 'find_table pyarrow t=1'):.2f}, "
        f"polars {r('find_table polars t=2', 'find_table polars t=1'):.2f}, "
        f"core {r('core find_all t=2', 'core find_all t=1'):.2f}"
    )
    loop = "loop of find (dropped) t=1"
    print(
        f"  find_many (Results) / loop of find: {r('find_many (Results) t=1', loop):.2f}; "
        f"find_many + every list / loop of find: {r('find_many + every list t=1', loop):.2f}"
    )
    if args.cues or args.places:
        return 0
    mem = memory_probe(args.mb, args.names)
    grew = mem["after"] - mem["before"]
    print(
        f"\nmemory: input column {mem['input_mb']:.0f} MB, result table {mem['table_mb']:.0f} MB "
        f"({mem['rows']:,} rows); peak RSS grew by {grew:.0f} MB during find_table"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
