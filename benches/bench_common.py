"""Helpers shared by the Python benchmarks: the data (``../shared/data`` when present, a seeded
synthetic corpus otherwise), the name lists, and timing by medians of interleaved runs."""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path | None:
    """``$ASPER_SHARED_DATA`` or ``../shared/data``, when it holds the BBC corpus."""
    env = os.environ.get("ASPER_SHARED_DATA")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "data"]:
        if (cand / "news" / "bbc_news_2225.jsonl").exists():
            return cand
    return None


def load_texts(data: Path | None) -> list[str]:
    """The BBC news texts, or a seeded synthetic corpus without the shared data."""
    if data is None:
        rng = random.Random(7)
        words = ["the", "minister", "said", "Reuters", "market", "London", "according", "to"]
        return [" ".join(rng.choice(words) for _ in range(400)) for _ in range(2000)]
    with open(data / "news" / "bbc_news_2225.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def replicate(texts: list[str], mb: float) -> tuple[list[str], int]:
    """The texts repeated until they hold at least ``mb`` MB (UTF-8); and their byte count."""
    out: list[str] = []
    total = 0
    i = 0
    while total < mb * 1e6:
        out.append(texts[i % len(texts)])
        total += len(out[-1].encode())
        i += 1
    return out, total


def load_names(data: Path | None, n: int) -> list[tuple[str, str]]:
    """``n`` entity names with labels from the gazetteers (seeded shuffle), or synthetic."""
    if data is None:
        rng = random.Random(11)
        return [(f"Name{rng.randrange(10**6)} Surname", "PERSON") for _ in range(n)]
    names: dict[str, str] = {}
    gaz = data / "gazetteers"
    for fname in [
        "news_orgs_curated.tsv",
        "geonames_countries_admin1.tsv",
        "us_congress_legislators.tsv",
        "sec_company_tickers.tsv",
    ]:
        with open(gaz / fname, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if cols[0].strip():
                    names.setdefault(cols[0], cols[1] if len(cols) > 1 else "")
    items = sorted(names.items())
    random.Random(42).shuffle(items)
    return items[:n]


def median_time(fn: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interleaved(cases: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time of each case over ``runs`` rounds, the cases taking turns in every
    round (so that a noisy neighbour slows them alike)."""
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
