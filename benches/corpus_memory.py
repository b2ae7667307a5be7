#!/usr/bin/env python3
"""Memory bound of the corpus pipeline (issue 4, section 3): peak RSS of ``asper find`` over a
generated JSON Lines corpus of at least 2 GB, with 10,000 gazetteer names.

The corpus is the BBC news sample (``../shared/data/news/bbc_news_2225.jsonl``) replicated with
fresh ids, or synthetic text when the shared data is absent; the names come from the shared
gazetteers, or are synthetic. The corpus is written to a temporary folder and deleted at the
end. Peak RSS is measured with ``/usr/bin/time -v`` when available, else with
``resource.getrusage(RUSAGE_CHILDREN)``. Standard library only.

Usage::

    python benches/corpus_memory.py [--size-gb 2] [--names 10000] [--threads N]
                                    [--window-mb 64] [--output null|jsonl|csv|parquet]
                                    [--tmpdir DIR] [--keep] [--json]

Exit status: 0 when the peak RSS is under ``--limit-mb`` (default 1024), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASPER_SHARED_DATA", REPO.parent / "shared" / "data"))
BBC = SHARED / "news" / "bbc_news_2225.jsonl"
GAZETTEERS = SHARED / "gazetteers"
GNU_TIME = "/usr/bin/time"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load_texts() -> tuple[list[str], str]:
    """The source texts and where they came from."""
    if BBC.is_file():
        with BBC.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        return texts, str(BBC)
    rng = random.Random(1)
    words = [
        "the",
        "said",
        "government",
        "minister",
        "London",
        "Paris",
        "market",
        "shares",
        "Reuters",
        "according",
        "officials",
        "report",
        "Zürich",
        "São Paulo",
        "company",
    ]
    texts = [" ".join(rng.choice(words) for _ in range(400)) for _ in range(2000)]
    return texts, "synthetic"


def load_names(n: int) -> tuple[list[tuple[str, str]], str]:
    """``n`` distinct (name, label) pairs and where they came from."""
    pairs: dict[str, str] = {}
    if GAZETTEERS.is_dir():
        for path in sorted(GAZETTEERS.glob("*.tsv")):
            with path.open(encoding="utf-8") as f:
                for line in f:
                    fields = line.rstrip("\n").split("\t")
                    if len(fields) >= 2 and fields[0].strip() and "\t" not in fields[0]:
                        pairs.setdefault(fields[0], fields[1])
    if len(pairs) >= n:
        names = sorted(pairs)
        random.Random(0).shuffle(names)
        return [(x, pairs[x]) for x in names[:n]], str(GAZETTEERS)
    rng = random.Random(2)
    syll = ["ka", "lo", "mi", "ra", "to", "ne", "su", "vi", "da", "po", "zé", "ün"]
    out: dict[str, str] = {}
    while len(out) < n:
        name = " ".join(
            "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).capitalize()
            for _ in range(rng.randint(1, 3))
        )
        out.setdefault(name, rng.choice(["PERSON", "PLACE", "ORG"]))
    return sorted(out.items()), "synthetic"


def write_corpus(path: Path, texts: list[str], size: int) -> tuple[int, int]:
    """Replicates ``texts`` with fresh ids until ``path`` holds ``size`` bytes; returns the
    bytes and the documents written."""
    encoded = [json.dumps(t, ensure_ascii=False) for t in texts]
    written = docs = 0
    replica = 0
    with path.open("w", encoding="utf-8", buffering=1 << 20) as f:
        while written < size:
            block = "".join(
                f'{{"id": "r{replica}-{i}", "text": {t}}}\n' for i, t in enumerate(encoded)
            )
            f.write(block)
            written += len(block.encode("utf-8"))
            docs += len(encoded)
            replica += 1
    return path.stat().st_size, docs


def peak_rss_from_time(stderr: str) -> int | None:
    """Peak RSS in bytes from ``/usr/bin/time -v`` output."""
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(m.group(1)) * 1024 if m else None


def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp_root = args.tmpdir or tempfile.gettempdir()
    free = shutil.disk_usage(tmp_root).free
    need = int(args.size_gb * 1e9 * 1.1) + (
        int(args.size_gb * 1.5e9) if args.output != "null" else 0
    )
    if free < need:
        raise SystemExit(
            f"not enough space in {tmp_root}: {free / 1e9:.1f} GB free, need {need / 1e9:.1f}"
        )
    work = Path(tempfile.mkdtemp(prefix="asper-memory-", dir=tmp_root))
    try:
        texts, text_source = load_texts()
        names, names_source = load_names(args.names)
        patterns = work / "names.tsv"
        patterns.write_text("".join(f"{n}\t{lab}\n" for n, lab in names), "utf-8")
        corpus = work / "corpus.jsonl"
        log(f"writing a {args.size_gb:g} GB corpus to {corpus} ...")
        t0 = time.monotonic()
        size, docs = write_corpus(corpus, texts, int(args.size_gb * 1e9))
        log(f"  {size / 1e9:.2f} GB, {docs:,} documents in {time.monotonic() - t0:.1f} s")

        cmd = [sys.executable, "-m", "asper", "find", str(corpus), "--patterns", str(patterns)]
        cmd += ["--window-mb", str(args.window_mb)]
        if args.threads:
            cmd += ["--threads", str(args.threads)]
        out_path = None
        if args.output != "null":
            out_path = work / f"out.{args.output}"
            cmd += ["-o", str(out_path)]
        use_time = os.access(GNU_TIME, os.X_OK)
        if use_time:
            cmd = [GNU_TIME, "-v", *cmd]
        log(f"running: {' '.join(cmd)}")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.monotonic()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if proc.returncode not in (0, 1):
            raise SystemExit(f"asper find failed ({proc.returncode}):\n{proc.stderr}")
        peak = peak_rss_from_time(proc.stderr) if use_time else None
        how = GNU_TIME + " -v"
        if peak is None:
            # ru_maxrss of the largest child so far (KiB on Linux); the generator ran in-process.
            peak, how = max(after, before) * 1024, "getrusage(RUSAGE_CHILDREN)"
        summary = next((ln for ln in proc.stderr.splitlines() if " documents, " in ln), "")
        return {
            "corpus_bytes": size,
            "documents": docs,
            "texts": text_source,
            "names": len(names),
            "names_source": names_source,
            "threads": args.threads or os.cpu_count(),
            "window_mb": args.window_mb,
            "output": args.output,
            "output_bytes": out_path.stat().st_size if out_path and out_path.exists() else None,
            "elapsed_s": round(elapsed, 2),
            "throughput_mb_s": round(size / elapsed / 1e6, 1),
            "peak_rss_mb": round(peak / 2**20, 1),
            "peak_rss_measured_with": how,
            "limit_mb": args.limit_mb,
            "ok": peak < args.limit_mb * 2**20,
            "asper_summary": summary,
        }
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--size-gb", type=float, default=2.0, help="corpus size (default 2 GB)")
    p.add_argument("--names", type=int, default=10_000, help="number of names (default 10,000)")
    p.add_argument("--threads", type=int, default=None, help="asper --threads (default: all)")
    p.add_argument("--window-mb", type=int, default=64, help="asper --window-mb (default 64)")
    p.add_argument("--output", default="null", choices=["null", "jsonl", "csv", "parquet"])
    p.add_argument("--limit-mb", type=float, default=1024, help="peak RSS limit (default 1024)")
    p.add_argument("--tmpdir", default=None, help="where to write the corpus (default: $TMPDIR)")
    p.add_argument("--keep", action="store_true", help="keep the corpus and output")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    args = p.parse_args(argv)
    r = run(args)
    if args.json:
        print(json.dumps(r, indent=2))
    else:
        print(
            f"corpus: {r['corpus_bytes'] / 1e9:.2f} GB, {r['documents']:,} documents "
            f"({r['texts']}); {r['names']:,} names ({r['names_source']})\n"
            f"asper find: threads {r['threads']}, window {r['window_mb']} MB, "
            f"output {r['output']}\n"
            f"  {r['asper_summary']}\n"
            f"  wall {r['elapsed_s']} s, {r['throughput_mb_s']} MB/s\n"
            f"  peak RSS {r['peak_rss_mb']} MiB ({r['peak_rss_measured_with']}); "
            f"limit {r['limit_mb']:g} MiB: {'OK' if r['ok'] else 'EXCEEDED'}"
        )
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
