"""asper against the Python libraries people would use instead, on the same texts and patterns.

    python benches/python/compare.py            # the full run (about 10 minutes here)
    python benches/python/compare.py --quick    # a few minutes: small corpus, cues and 10k names
    python benches/python/compare.py --sets entities --mb 10 --runs 3 --tools asper,daachorse

Outside the test command; the peers are the ``bench`` extra (``pip install -e '.[bench]'``) and
whichever of them are installed are used. Writes ``compare.md`` (tables), ``compare.json`` (the
raw figures, to diff against the next run) and ``compare.png`` (a chart) into ``--out``
(default ``benches/results``; ``--quick`` writes to ``target/compare-quick`` unless told).

Texts: the BBC articles of ``../shared/data/news/bbc_news_2225.jsonl`` replicated to ``--mb`` MB
of UTF-8 (a seeded synthetic corpus without the shared data). The slow tools (spaCy, ``re``
alternation) run on the first ``--slice-mb`` MB, with asper timed on the same slice beside them.
Pattern sets: ``cues`` (``benches/data/cues.txt``), ``entities`` (10,000 names,
``bench_common.load_names``), ``places`` (the distinct names of ``geonames_cities15000.tsv``).
Each set runs case-sensitive and case-insensitive.

Timing: every tool is built, then each call runs once untimed (its match count), then
``--runs`` rounds in which every call runs once in turn; the figure is the median of the rounds
(MB/s of UTF-8 text; the calls of one table come from the same rounds, so their ratios hold
even on a busy machine). Build time and memory come from a fresh subprocess per tool, set and
case: resident memory after the build minus before (and the peak during the build; Python's
own allocations by ``tracemalloc`` for the pure-Python tools).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import importlib.metadata
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHES = HERE.parent
ROOT = BENCHES.parent
sys.path.insert(0, str(BENCHES))

import bench_common  # noqa: E402  (benches/ is put on the path above)

SETS = ("cues", "entities", "places")
CASES = ("cs", "ci")
CASE_NAMES = {"cs": "case-sensitive", "ci": "case-insensitive"}
SET_NAMES = {
    "cues": "attribution cues",
    "entities": "10k entities",
    "places": "GeoNames places",
}


# ---------------------------------------------------------------------------------------------
# Data


def load_patterns(name: str, data: Path | None) -> list[str]:
    """The distinct patterns of a set, in file order."""
    if name == "cues":
        lines = (BENCHES / "data" / "cues.txt").read_text(encoding="utf-8").splitlines()
        pats = [x.strip() for x in lines]
    elif name == "entities":
        pats = [n for n, _ in bench_common.load_names(data, 10_000)]
    elif name == "places":
        if data is None:
            pats = [n for n, _ in bench_common.load_names(None, 140_000)]
        else:
            path = data / "gazetteers" / "geonames_cities15000.tsv"
            with open(path, encoding="utf-8") as f:
                pats = [line.split("\t", 1)[0] for line in f]
    else:
        raise ValueError(f"unknown pattern set {name!r}")
    return list(dict.fromkeys(p for p in pats if p.strip()))


@dataclass
class Corpus:
    texts: list[str]
    nbytes: int
    slice_texts: list[str]
    slice_bytes: int
    arrow: Any = None
    series: Any = None


def load_corpus(data: Path | None, mb: float, slice_mb: float) -> Corpus:
    base = bench_common.load_texts(data)
    texts, nbytes = bench_common.replicate(base, mb)
    sl, sb = bench_common.replicate(base, min(slice_mb, mb))
    c = Corpus(texts, nbytes, sl, sb)
    try:
        import pyarrow as pa

        c.arrow = pa.array(texts, pa.large_string())
    except ImportError:
        pass
    try:
        import polars as pl

        c.series = pl.Series("text", texts)
    except ImportError:
        pass
    return c


# ---------------------------------------------------------------------------------------------
# The tools. Each has a build (patterns, ignore_case) and calls that return a match count.


@dataclass
class Call:
    """One timed call over the corpus (or its slice) returning the number of matches."""

    name: str
    threads: str
    fn: Callable[[], int]
    on_slice: bool = False


@dataclass
class Tool:
    key: str
    label: str
    module: str
    dist: str
    semantics: dict[str, str]
    sets: tuple[str, ...] = SETS
    max_patterns: int | None = None
    on_slice: bool = False
    pure_python: bool = False
    builds: bool = True
    notes: list[str] = field(default_factory=list)

    def available(self) -> bool:
        try:
            importlib.import_module(self.module)
        except ImportError:
            return False
        return True

    def version(self) -> str:
        try:
            return importlib.metadata.version(self.dist)
        except importlib.metadata.PackageNotFoundError:
            return "?"


def is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def is_ascii_word(c: str) -> bool:
    return c.isascii() and is_word(c)


def bounded(p: str, word: Callable[[str], bool]) -> str:
    """``p`` escaped, with ``\\b`` on each side whose edge is a word character (asper's rule)."""
    e = re.escape(p)
    return ("\\b" if word(p[0]) else "") + e + ("\\b" if word(p[-1]) else "")


def lowered(patterns: list[str]) -> list[str]:
    return list(dict.fromkeys(p.lower() for p in patterns))


_NLP: Any = None


def spacy_nlp() -> Any:
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.blank("en")
    return _NLP


def build(key: str, patterns: list[str], ci: bool) -> Any:
    """Builds the matcher of tool ``key`` (what the build time and memory measure)."""
    if key in ("asper", "asper_nww"):
        import asper

        return asper.Matcher(patterns, ignore_case=ci, whole_words=key == "asper")
    if key == "pyahocorasick":
        import ahocorasick

        a = ahocorasick.Automaton()
        for i, p in enumerate(lowered(patterns) if ci else patterns):
            a.add_word(p, i)
        a.make_automaton()
        return a
    if key == "ahocorasick_rs":
        import ahocorasick_rs

        pats = lowered(patterns) if ci else patterns
        return ahocorasick_rs.AhoCorasick(pats, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    if key == "daachorse_charwise":
        import daachorse

        pats = lowered(patterns) if ci else patterns
        return daachorse.CharwiseDoubleArrayAhoCorasick(
            pats, match_kind=daachorse.MATCH_KIND_LEFTMOST_LONGEST
        )
    if key == "daachorse_bytewise":
        import daachorse

        pats = lowered(patterns) if ci else patterns
        return daachorse.DoubleArrayAhoCorasick(
            [p.encode() for p in pats], match_kind=daachorse.MATCH_KIND_LEFTMOST_LONGEST
        )
    if key == "flashtext":
        import flashtext

        kp = flashtext.KeywordProcessor(case_sensitive=not ci)
        for p in patterns:
            kp.add_keyword(p)
        return kp
    if key == "flashtext2":
        import flashtext2

        kp = flashtext2.KeywordProcessor(not ci)
        kp.add_keywords_from_iter(patterns)
        return kp
    if key in ("hyperscan_literal", "hyperscan_words"):
        import hyperscan

        flags = hyperscan.HS_FLAG_SOM_LEFTMOST | (hyperscan.HS_FLAG_CASELESS if ci else 0)
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        ids = list(range(len(patterns)))
        if key == "hyperscan_literal":
            exprs = [p.encode() for p in patterns]
            db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=flags, literal=True)
        else:
            exprs = [bounded(p, is_ascii_word).encode() for p in patterns]
            flags |= hyperscan.HS_FLAG_UTF8
            db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=flags)
        return db
    if key == "re":
        alts = sorted(patterns, key=len, reverse=True)
        return re.compile("|".join(bounded(p, is_word) for p in alts), re.IGNORECASE if ci else 0)
    if key == "spacy":
        from spacy.matcher import PhraseMatcher

        nlp = spacy_nlp()
        pm = PhraseMatcher(nlp.vocab, attr="LOWER" if ci else "ORTH")
        pm.add("P", list(nlp.tokenizer.pipe(patterns)))
        return pm
    raise ValueError(f"unknown tool {key!r}")


def calls(key: str, obj: Any, ci: bool, corpus: Corpus, threads: list[int]) -> list[Call]:
    """The timed calls of tool ``key`` over ``corpus``."""
    texts = corpus.texts
    out: list[Call] = []
    if key == "asper":
        m = obj
        arr = corpus.arrow
        out.append(Call("find", "1", lambda: sum(len(m.find(t)) for t in texts)))
        for k in threads:
            out.append(
                Call("find_many", str(k), lambda k=k: m.find_many(texts, threads=k).total_count)
            )
            out.append(
                Call(
                    "find_many + iterate",
                    str(k),
                    lambda k=k: sum(len(x) for x in m.find_many(texts, threads=k)),
                )
            )
            if arr is not None:
                out.append(
                    Call("find_table", str(k), lambda k=k: len(m.find_table(arr, threads=k)))
                )
                out.append(
                    Call("count_many", str(k), lambda k=k: int(m.count_many(arr, threads=k).sum()))
                )
        sl = corpus.slice_texts
        out.append(Call("find", "1", lambda: sum(len(m.find(t)) for t in sl), on_slice=True))
    elif key == "asper_nww":
        m = obj
        out.append(Call("find", "1", lambda: sum(len(m.find(t)) for t in texts)))
        if corpus.arrow is not None:
            arr = corpus.arrow
            for k in threads:
                out.append(
                    Call("find_table", str(k), lambda k=k: len(m.find_table(arr, threads=k)))
                )
    elif key == "pyahocorasick":
        a = obj
        if ci:
            out.append(
                Call(
                    "iter_long", "1", lambda: sum(1 for t in texts for _ in a.iter_long(t.lower()))
                )
            )
        else:
            out.append(
                Call("iter_long", "1", lambda: sum(1 for t in texts for _ in a.iter_long(t)))
            )
    elif key == "ahocorasick_rs":
        a = obj
        f = a.find_matches_as_indexes
        if ci:
            out.append(
                Call("find_matches_as_indexes", "1", lambda: sum(len(f(t.lower())) for t in texts))
            )
        else:
            out.append(Call("find_matches_as_indexes", "1", lambda: sum(len(f(t)) for t in texts)))
    elif key == "daachorse_charwise":
        f = obj.find
        if ci:
            out.append(Call("find", "1", lambda: sum(len(f(t.lower())) for t in texts)))
        else:
            out.append(Call("find", "1", lambda: sum(len(f(t)) for t in texts)))
    elif key == "daachorse_bytewise":
        f = obj.find
        if ci:
            out.append(Call("find", "1", lambda: sum(len(f(t.lower().encode())) for t in texts)))
        else:
            out.append(Call("find", "1", lambda: sum(len(f(t.encode())) for t in texts)))
    elif key == "flashtext":
        f = obj.extract_keywords
        out.append(
            Call("extract_keywords", "1", lambda: sum(len(f(t, span_info=True)) for t in texts))
        )
    elif key == "flashtext2":
        f = obj.extract_keywords_with_span
        out.append(Call("extract_keywords_with_span", "1", lambda: sum(len(f(t)) for t in texts)))
    elif key in ("hyperscan_literal", "hyperscan_words"):
        db = obj

        def scan_all() -> int:
            n = 0

            def on_match(_id: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
                nonlocal n
                n += 1

            for t in texts:
                db.scan(t.encode(), match_event_handler=on_match)
            return n

        out.append(Call("scan", "1", scan_all))
    elif key == "re":
        rx = obj
        sl = corpus.slice_texts
        out.append(Call("finditer", "1", lambda: sum(1 for t in sl for _ in rx.finditer(t)), True))
    elif key == "spacy":
        from spacy.util import filter_spans

        pm = obj
        nlp = spacy_nlp()
        sl = corpus.slice_texts

        def spacy_all() -> int:
            return sum(len(filter_spans(pm(nlp.make_doc(t), as_spans=True))) for t in sl)

        out.append(Call("make_doc + PhraseMatcher", "1", spacy_all, on_slice=True))
    elif key == "polars":
        s = corpus.series
        pats = obj
        pool = str(polars_threads())
        out.append(
            Call(
                "str.contains_any",
                pool,
                lambda: int(s.str.contains_any(pats, ascii_case_insensitive=ci).sum()),
            )
        )
        out.append(
            Call(
                "str.extract_many",
                pool,
                lambda: int(
                    s.str.extract_many(pats, ascii_case_insensitive=ci, leftmost=True)
                    .list.len()
                    .sum()
                ),
            )
        )
    else:
        raise ValueError(f"unknown tool {key!r}")
    return out


def polars_threads() -> int:
    import polars as pl

    return int(pl.thread_pool_size())


ASPER_WW = (
    "leftmost-longest, whole words (Unicode boundaries, with fallback to the next-longest), "
    "whitespace/punctuation normalization, code-point offsets"
)
NO_BOUNDS = "no word boundaries"
LOWER_CI = (
    "case-insensitive by str.lower() of patterns and of each text (included in the time): "
    "no case folding, offsets shift after a dotted capital I (U+0130)"
)

TOOLS: list[Tool] = [
    Tool(
        "asper",
        "asper",
        "asper",
        "asper",
        {
            "cs": ASPER_WW,
            "ci": ASPER_WW + "; Unicode simple case folding",
        },
    ),
    Tool(
        "asper_nww",
        "asper (whole_words=False)",
        "asper",
        "asper",
        {
            "cs": "leftmost-longest, no word boundaries, normalization, code-point offsets "
            "(the fair comparison with the tools without boundaries)",
            "ci": "as above, Unicode simple case folding",
        },
    ),
    Tool(
        "pyahocorasick",
        "pyahocorasick",
        "ahocorasick",
        "pyahocorasick",
        {
            "cs": f"leftmost-longest (iter_long), {NO_BOUNDS}, code-point offsets",
            "ci": f"leftmost-longest (iter_long), {NO_BOUNDS}; {LOWER_CI}",
        },
    ),
    Tool(
        "ahocorasick_rs",
        "ahocorasick_rs",
        "ahocorasick_rs",
        "ahocorasick_rs",
        {
            "cs": f"leftmost-longest, {NO_BOUNDS}, code-point offsets",
            "ci": f"leftmost-longest, {NO_BOUNDS}; {LOWER_CI}",
        },
    ),
    Tool(
        "daachorse_charwise",
        "daachorse (charwise)",
        "daachorse",
        "daachorse",
        {
            "cs": f"leftmost-longest, {NO_BOUNDS}, code-point offsets",
            "ci": f"leftmost-longest, {NO_BOUNDS}; {LOWER_CI}",
        },
    ),
    Tool(
        "daachorse_bytewise",
        "daachorse (bytewise)",
        "daachorse",
        "daachorse",
        {
            "cs": f"leftmost-longest, {NO_BOUNDS}, UTF-8 byte offsets (encode included)",
            "ci": f"leftmost-longest, {NO_BOUNDS}, byte offsets; {LOWER_CI}",
        },
    ),
    Tool(
        "flashtext",
        "flashtext",
        "flashtext",
        "flashtext",
        {
            "cs": "longest keyword, token-greedy; boundaries: ASCII [A-Za-z0-9_] only "
            "(a non-ASCII letter counts as a boundary)",
            "ci": "as above; case_sensitive=False lowers the text (offsets shift after U+0130)",
        },
        pure_python=True,
    ),
    Tool(
        "flashtext2",
        "flashtext2",
        "flashtext2",
        "flashtext2",
        {
            "cs": "longest keyword over UAX#29 word tokens (token-based: misses names inside "
            "tokens such as AP in AP's)",
            "ci": "token-based; Unicode full case folding",
        },
    ),
    Tool(
        "hyperscan_literal",
        "hyperscan (literal)",
        "hyperscan",
        "hyperscan",
        {
            "cs": f"ALL matches (overlapping; not leftmost-longest), {NO_BOUNDS}, "
            "byte offsets (HS_FLAG_SOM_LEFTMOST), a Python callback per match",
            "ci": "as above, HS_FLAG_CASELESS (ASCII only: the literal API takes no UCP)",
        },
    ),
    Tool(
        "hyperscan_words",
        "hyperscan (whole words)",
        "hyperscan",
        "hyperscan",
        {
            "cs": "ALL matches (not leftmost-longest), ASCII \\b on each side whose pattern edge "
            "is an ASCII word character, byte offsets (HS_FLAG_SOM_LEFTMOST | HS_FLAG_UTF8)",
            "ci": "as above, HS_FLAG_CASELESS (ASCII: \\b is rejected with HS_FLAG_UCP)",
        },
    ),
    Tool(
        "re",
        "re alternation",
        "re",
        "",
        {
            "cs": "one alternation, longest first, Unicode \\b on each side whose edge is a word "
            "character: leftmost-longest with fallback, like asper (but no normalization)",
            "ci": "as above, re.IGNORECASE (Unicode simple case folding)",
        },
        sets=("cues",),
        on_slice=True,
        pure_python=True,
    ),
    Tool(
        "spacy",
        "spaCy PhraseMatcher",
        "spacy",
        "spacy",
        {
            "cs": "token-based (blank 'en' tokenizer, included in the time), all matches, then "
            "filter_spans (longest, non-overlapping); misses U.S. in U.S.-based",
            "ci": "as above, attr=LOWER (per-token str.lower())",
        },
        sets=("cues", "entities"),
        on_slice=True,
        pure_python=True,
    ),
    Tool(
        "polars",
        "polars",
        "polars",
        "polars",
        {
            "cs": "contains_any: the count is of DOCUMENTS with a match; extract_many "
            "(leftmost=True): leftmost-FIRST, non-overlapping, strings only, no boundaries; "
            "the automaton is rebuilt in every call",
            "ci": "as above, ascii_case_insensitive=True (ASCII only)",
        },
        builds=False,
    ),
]
TOOL_BY_KEY = {t.key: t for t in TOOLS}

# The semantics in a few words, for the tables (LL: leftmost-longest; the details are in
# Tool.semantics). A case-insensitive entry adds to the case-sensitive one.
SHORT: dict[str, tuple[str, str]] = {
    "asper": ("LL, Unicode whole words, normalize", "Unicode folding"),
    "asper_nww": ("LL, no boundaries, normalize", "Unicode folding"),
    "pyahocorasick": ("LL, no boundaries", "lower()"),
    "ahocorasick_rs": ("LL, no boundaries", "lower()"),
    "daachorse_charwise": ("LL, no boundaries", "lower()"),
    "daachorse_bytewise": ("LL, no boundaries, bytes", "lower()"),
    "flashtext": ("longest, ASCII word set", "lower()"),
    "flashtext2": ("longest, UAX#29 tokens", "full folding"),
    "hyperscan_literal": ("ALL matches, no boundaries, bytes", "ASCII caseless"),
    "hyperscan_words": ("ALL matches, ASCII \\b, bytes", "ASCII caseless"),
    "re": ("LL by alternation, Unicode \\b", "re.IGNORECASE"),
    "spacy": ("tokens, longest (filter_spans)", "LOWER"),
}
CALL_SHORT: dict[str, tuple[str, str]] = {
    "str.contains_any": ("DOCUMENTS with a match, no boundaries", "ASCII caseless"),
    "str.extract_many": ("leftmost-FIRST, no boundaries", "ASCII caseless"),
}


def short(tool: str, call: str, case: str) -> str:
    cs, ci = CALL_SHORT.get(call) or SHORT.get(tool, ("", ""))
    return cs if case == "cs" else f"{cs}; {ci}"


# ---------------------------------------------------------------------------------------------
# Measurement


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def reset_peak_rss() -> bool:
    """Resets the peak resident memory of this process (Linux 4.0+); False if it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """The peak resident memory of this process (since ``reset_peak_rss``), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def worker_build(tool: str, set_name: str, case: str) -> dict[str, Any]:
    """In a fresh process: build once, measuring time and memory."""
    data = bench_common.shared_data()
    patterns = load_patterns(set_name, data)
    ci = case == "ci"
    importlib.import_module(TOOL_BY_KEY[tool].module)
    if tool == "spacy":
        spacy_nlp()
    gc.collect()
    before = rss_mb()
    exact_peak = reset_peak_rss()
    t = time.perf_counter()
    obj = build(tool, patterns, ci)
    secs = time.perf_counter() - t
    gc.collect()
    out: dict[str, Any] = {
        "build_s": secs,
        "rss_mb": rss_mb() - before,
        "peak_mb": max(0.0, peak_rss_mb() - before),
        "peak_exact": exact_peak,
    }
    if TOOL_BY_KEY[tool].pure_python:
        del obj
        gc.collect()
        tracemalloc.start()
        obj = build(tool, patterns, ci)
        out["tracemalloc_mb"] = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
    return out


def in_subprocess(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any] | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env, timeout=1800)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        err = getattr(e, "stderr", "") or ""
        log(f"  subprocess {' '.join(args)} failed: {err.strip().splitlines()[-1:]}")
        return None
    return dict(json.loads(p.stdout.strip().splitlines()[-1]))


def timed_rounds(cases: list[Call], runs: int) -> tuple[list[int], list[list[float]]]:
    """One untimed pass (the counts), then ``runs`` rounds of every call in turn (alternating
    the order, so that no call always follows the same one)."""
    counts = []
    for c in cases:
        gc.collect()
        counts.append(c.fn())
    times: list[list[float]] = [[] for _ in cases]
    for r in range(runs):
        order = list(range(len(cases)))
        if r % 2:
            order.reverse()
        for i in order:
            gc.collect()
            t = time.perf_counter()
            n = cases[i].fn()
            times[i].append(time.perf_counter() - t)
            if n != counts[i]:
                log(f"  WARNING: {cases[i].name} returned {n} matches, then {counts[i]}")
    return counts, times


def worker_polars1(set_name: str, case: str, mb: float, runs: int) -> dict[str, Any]:
    """In a process whose polars pool has one thread: polars and asper's one-thread batch calls,
    interleaved."""
    import polars as pl

    import asper

    data = bench_common.shared_data()
    patterns = load_patterns(set_name, data)
    corpus = load_corpus(data, mb, 0.1)
    ci = case == "ci"
    m = asper.Matcher(patterns, ignore_case=ci)
    cs = [c for c in calls("polars", patterns, ci, corpus, [1])]
    arr = corpus.arrow
    cs.append(Call("asper count_many", "1", lambda: int(m.count_many(arr, threads=1).sum())))
    cs.append(Call("asper find_table", "1", lambda: len(m.find_table(arr, threads=1))))
    counts, times = timed_rounds(cs, runs)
    return {
        "pool": int(pl.thread_pool_size()),
        "calls": [
            {"call": c.name, "matches": n, "median_s": statistics.median(ts), "times": ts}
            for c, n, ts in zip(cs, counts, times, strict=True)
        ],
    }


# ---------------------------------------------------------------------------------------------
# Output


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024**2:.0f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def extension_built() -> str:
    """When the installed extension was built (the mtime of the module file), in UTC."""
    try:
        import asper._native as native

        mtime = os.stat(str(native.__file__)).st_mtime
    except (ImportError, OSError, TypeError):
        return "?"
    return dt.datetime.fromtimestamp(mtime, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def git_head() -> str:
    try:
        head = subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "log",
                "-1",
                "--format=%h, committed %cd",
                "--date=format-local:%Y-%m-%d %H:%M UTC",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, TZ="UTC"),
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + (" (src/ modified)" if dirty else "")


def fmt_mbs(x: float) -> str:
    return f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"


def fmt_s(x: float) -> str:
    return f"{x * 1000:,.0f} ms" if x < 10 else f"{x:,.1f} s"


def row_label(r: dict[str, Any]) -> str:
    extra = " (slice)" if r["on_slice"] else ""
    return f"{r['label']} `{r['call']}`{extra}"


HEADLINE = ("asper", "find_table", "1")


def headline(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    for r in rows:
        if (r["tool"], r["call"], r["threads"]) == HEADLINE and not r["on_slice"]:
            return r
    return None


def table_md(rows: list[dict[str, Any]]) -> list[str]:
    head = headline(rows)
    out = [
        "| tool and call | semantics | threads | MB/s | median | matches | asper find_table t1 "
        "/ this |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{head['mb_s'] / r['mb_s']:.2f}x" if head and r["mb_s"] else ""
        out.append(
            f"| {row_label(r)} | {r['short']} | {r['threads']} | {fmt_mbs(r['mb_s'])} | "
            f"{fmt_s(r['median_s'])} | {r['matches']:,} | {ratio} |"
        )
    return out


def find_row(rows: list[dict[str, Any]], tool: str, call: str, threads: str = "1") -> Any:
    for r in rows:
        if r["tool"] == tool and r["call"] == call and r["threads"] == threads:
            if not r["on_slice"]:
                return r
    return None


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets of the benchmark issue, as measured (ratios within one table)."""
    out: list[dict[str, Any]] = []
    for case in CASES:
        rows = [r for r in result["rows"] if r["set"] == "entities" and r["case"] == case]
        if not rows:
            continue
        specs = [
            ("find_table", "ahocorasick_rs", "find_matches_as_indexes", 3.0),
            ("find_table", "daachorse_charwise", "find", 1.5),
            ("find_table", "hyperscan_words", "scan", 1.5),
            ("find_many + iterate", "ahocorasick_rs", "find_matches_as_indexes", 2.0),
            ("find_many", "ahocorasick_rs", "find_matches_as_indexes", 2.0),
            ("find_table", "flashtext", "extract_keywords", 50.0),
            ("find", "flashtext", "extract_keywords", 50.0),
        ]
        for mine, peer, peer_call, goal in specs:
            a = find_row(rows, "asper", mine)
            b = find_row(rows, peer, peer_call)
            if a is None or b is None:
                continue
            ratio = a["mb_s"] / b["mb_s"]
            out.append(
                {
                    "case": case,
                    "what": f"asper `{mine}` (1 thread) / {TOOL_BY_KEY[peer].label}",
                    "target": goal if case == "cs" else None,
                    "measured": ratio,
                    "met": (ratio >= goal) if case == "cs" else None,
                }
            )
    for b in result["builds"]:
        if (b["set"], b["tool"], b["case"]) == ("places", "asper", "cs") and b.get("build_s"):
            out.append(
                {
                    "case": "cs",
                    "what": f"asper build of {b['patterns']:,} places (fresh process, median)",
                    "target": 0.5,
                    "measured": b["build_s"],
                    "met": b["build_s"] <= 0.5,
                    "unit": "s",
                }
            )
    if result.get("wall_s"):
        out.append(
            {
                "case": "",
                "what": "the whole comparison",
                "target": 900.0,
                "measured": result["wall_s"],
                "met": result["wall_s"] <= 900,
                "unit": "s",
            }
        )
    return out


def write_md(result: dict[str, Any], path: Path) -> None:
    m = result["meta"]
    lines = [
        "# asper and the Python peers",
        "",
        f"Run {m['date']} on {m['machine']['cpu']}, {m['machine']['cores']} cores, "
        f"{m['machine']['memory']} ({m['machine']['os']}, Python {m['machine']['python']}); "
        "a shared machine, so only the ratios within one table mean much.",
        "",
        f"Command: `{m['command']}` ({m['wall_s'] / 60:.1f} minutes).",
        "",
        f"Corpus: {m['corpus']}. Medians of {m['runs']} interleaved rounds; MB/s of UTF-8 text.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
        "",
        "## Targets (issue 9, point 4)",
        "",
        "| | measured | target | |",
        "|---|---:|---:|---|",
    ]
    for t in result["targets"]:
        unit = t.get("unit", "x")
        val = f"{t['measured']:.2f} {unit}" if unit == "s" else f"{t['measured']:.2f}x"
        goal = ""
        if t["target"] is not None:
            goal = f"<= {t['target']:g} s" if unit == "s" else f">= {t['target']:g}x"
        verdict = {True: "met", False: "MISSED", None: ""}[t["met"]]
        case = f"{CASE_NAMES[t['case']]}: " if t["case"] else ""
        lines.append(f"| {case}{t['what']} | {val} | {goal} | {verdict} |")
    lines.append("")
    for set_name in m["sets"]:
        for case in m["cases"]:
            rows = [r for r in result["rows"] if r["set"] == set_name and r["case"] == case]
            if not rows:
                continue
            n = result["patterns"][set_name]
            lines += [
                f"## {SET_NAMES[set_name]} ({n:,} patterns), {CASE_NAMES[case]}",
                "",
                *table_md(rows),
                "",
            ]
    lines += [
        "## Build time and memory of the built matcher",
        "",
        "A fresh process per tool, set and case: build time (median of the fresh processes), "
        "resident memory after the build minus before, the peak during the build above the "
        "same start, and for the pure-Python tools the memory `tracemalloc` sees.",
        "",
        "| set | tool | case | build | RSS after | peak | tracemalloc |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for b in result["builds"]:
        if b.get("build_s") is None:
            lines.append(
                f"| {b['set']} | {TOOL_BY_KEY[b['tool']].label} | {b['case']} | "
                f"{b.get('note', 'failed')} | | | |"
            )
            continue
        tm = f"{b['tracemalloc_mb']:,.1f} MB" if b.get("tracemalloc_mb") is not None else ""
        lines.append(
            f"| {b['set']} | {TOOL_BY_KEY[b['tool']].label} | {b['case']} | "
            f"{b['build_s']:.3f} s | {b['rss_mb']:,.1f} MB | {b['peak_mb']:,.1f} MB | {tm} |"
        )
    if result.get("polars1"):
        lines += [
            "",
            "## polars with a one-thread pool",
            "",
            "A separate process with `POLARS_MAX_THREADS=1`, against asper's one-thread batch "
            "calls in the same rounds.",
            "",
            "| set | case | call | MB/s | matches | asper find_table t1 / this |",
            "|---|---|---|---:|---:|---:|",
        ]
        for p in result["polars1"]:
            ft = next((c for c in p["calls"] if c["call"] == "asper find_table"), None)
            for c in p["calls"]:
                ratio = f"{c['median_s'] / ft['median_s']:.2f}x" if ft else ""
                lines.append(
                    f"| {p['set']} | {p['case']} | `{c['call']}` | {fmt_mbs(c['mb_s'])} | "
                    f"{c['matches']:,} | {ratio} |"
                )
    lines += ["", "## Semantics of each tool (why the match counts differ)", ""]
    for t in TOOLS:
        if t.key in m["tools"]:
            lines.append(
                f"* **{t.label}**: {t.semantics['cs']}. Case-insensitive: {t.semantics['ci']}."
            )
    if m["skipped"]:
        lines += ["", "Skipped: " + "; ".join(m["skipped"]) + "."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CHART_ASPER = {
    ("asper", "find", "1"),
    ("asper", "find_many + iterate", "1"),
    ("asper", "find_table", "1"),
    ("asper", "find_table", "2"),
    ("asper", "count_many", "1"),
    ("asper_nww", "find", "1"),
}


def chart_label(r: dict[str, Any]) -> str:
    lab = f"{r['label']} {r['call']}" + (" (slice)" if r["on_slice"] else "")
    return lab + (f" t{r['threads']}" if r["threads"] != "1" else "")


def write_png(result: dict[str, Any], path: Path) -> None:
    """One panel per pattern set: MB/s of each call, case-sensitive and -insensitive bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def shown(r: dict[str, Any]) -> bool:
        if r["tool"] not in ("asper", "asper_nww"):
            return True
        return (r["tool"], r["call"], r["threads"]) in CHART_ASPER and not r["on_slice"]

    sets = [s for s in result["meta"]["sets"] if any(r["set"] == s for r in result["rows"])]
    panels = []
    for set_name in sets:
        rows = [r for r in result["rows"] if r["set"] == set_name and shown(r)]
        labels = list(dict.fromkeys(chart_label(r) for r in rows))
        panels.append((set_name, rows, labels))
    heights = [max(3.0, 0.28 * len(labels) + 1.2) for _, _, labels in panels]
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(10, sum(heights) + 0.6),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for ax, (set_name, rows, labels) in zip(axes[:, 0], panels, strict=True):
        y = list(range(len(labels)))
        for k, (case, color) in enumerate((("cs", "#1f77b4"), ("ci", "#ff7f0e"))):
            val = {chart_label(r): r["mb_s"] for r in rows if r["case"] == case}
            ax.barh(
                [i + (k - 0.5) * 0.4 for i in y],
                [val.get(lab, 0.0) for lab in labels],
                height=0.4,
                color=color,
                label=CASE_NAMES[case],
            )
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=7)
        for tick in ax.get_yticklabels():
            if tick.get_text().startswith("asper"):
                tick.set_fontweight("bold")
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel("MB/s of text, log scale (t2: two threads)", fontsize=8)
        n = result["patterns"][set_name]
        ax.set_title(f"{SET_NAMES[set_name]} ({n:,} patterns)", fontsize=10)
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(axis="x", alpha=0.3)
    m = result["meta"]
    fig.suptitle(
        f"asper and Python peers: {m['corpus_mb']:.0f} MB of BBC news, {m['date'][:10]}, "
        f"{m['machine']['cpu']} ({m['machine']['cores']} cores); match counts in compare.md",
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.985))
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# Main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a short run: 4 MB, 3 rounds, two sets")
    ap.add_argument("--mb", type=float, help="corpus size in MB (default 20; --quick 4)")
    ap.add_argument("--slice-mb", type=float, help="slice for spaCy and re (default 1; quick 0.5)")
    ap.add_argument("--runs", type=int, help="interleaved rounds (default 5; --quick 3)")
    ap.add_argument("--sets", help=f"comma-separated, of {','.join(SETS)} (default all)")
    ap.add_argument("--cases", default="cs,ci", help="cs (case-sensitive), ci, or both")
    ap.add_argument("--tools", help="comma-separated tool keys or prefixes (default all)")
    ap.add_argument("--threads", default="1,2", help="asper batch threads (default 1,2)")
    ap.add_argument(
        "--hs-words-max",
        type=int,
        help="largest set compiled by hyperscan in whole-word mode (default 20000: its "
        "compile of the 140k places took 331 s here; --quick 1000)",
    )
    ap.add_argument("--no-memory", action="store_true", help="no build/memory subprocesses")
    ap.add_argument("--out", type=Path, help="output folder (default benches/results)")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        if args.worker[0] == "build":
            res = worker_build(*args.worker[1:4])
        else:
            _, set_name, case, mb, runs = args.worker
            res = worker_polars1(set_name, case, float(mb), int(runs))
        print(json.dumps(res))
        return 0

    started = time.perf_counter()
    q = args.quick
    mb = args.mb or (4.0 if q else 20.0)
    slice_mb = args.slice_mb or (0.5 if q else 1.0)
    runs = args.runs or (3 if q else 5)
    sets = args.sets.split(",") if args.sets else (["cues", "entities"] if q else list(SETS))
    cases = [c for c in args.cases.split(",") if c]
    threads = [int(x) for x in args.threads.split(",") if x]
    hs_max = args.hs_words_max or (1000 if q else 20_000)
    out_dir = args.out or (ROOT / "target" / "compare-quick" if q else BENCHES / "results")
    for s in sets:
        if s not in SETS:
            ap.error(f"unknown set {s!r}")
    for c in cases:
        if c not in CASES:
            ap.error(f"unknown case {c!r}")

    wanted = args.tools.split(",") if args.tools else None
    tools: list[Tool] = []
    skipped: list[str] = []
    for t in TOOLS:
        if wanted and not any(t.key.startswith(w) for w in wanted) and t.key != "asper":
            continue
        if t.available():
            tools.append(t)
        else:
            skipped.append(f"{t.label} (not installed)")
    versions = {
        "asper": f"{TOOL_BY_KEY['asper'].version()} (extension built {extension_built()}; "
        f"repository HEAD {git_head()})"
    }
    for t in tools:
        if t.dist and t.dist != "asper":
            versions[t.dist] = t.version()
    if any(t.key == "spacy" for t in tools):
        versions["spacy"] += " (blank 'en')"
    versions["pyarrow"] = importlib.metadata.version("pyarrow")

    data = bench_common.shared_data()
    corpus = load_corpus(data, mb, slice_mb)
    corpus_desc = (
        f"{len(corpus.texts):,} documents, {corpus.nbytes / 1e6:.1f} MB "
        f"({'BBC news, ../shared/data, replicated' if data else 'synthetic, seeded'}); "
        f"slice for the slow tools: {len(corpus.slice_texts):,} documents, "
        f"{corpus.slice_bytes / 1e6:.1f} MB"
    )
    log(f"corpus: {corpus_desc}")
    log("tools: " + ", ".join(t.key for t in tools))

    result: dict[str, Any] = {"rows": [], "builds": [], "patterns": {}, "polars1": []}
    for set_name in sets:
        patterns = load_patterns(set_name, data)
        result["patterns"][set_name] = len(patterns)
        for case in cases:
            ci = case == "ci"
            log(f"{set_name} ({len(patterns):,} patterns), {CASE_NAMES[case]}")
            cs: list[tuple[Tool, Call]] = []
            for t in tools:
                if set_name not in t.sets:
                    continue
                if t.key == "hyperscan_words" and len(patterns) > hs_max:
                    note = f"{t.label} on {set_name} (over --hs-words-max={hs_max} patterns)"
                    if note not in skipped:
                        skipped.append(note)
                    continue
                if not t.builds:
                    obj: Any = patterns
                else:
                    tt = time.perf_counter()
                    try:
                        obj = build(t.key, patterns, ci)
                    except Exception as e:
                        log(f"  {t.key}: build failed: {e}")
                        skipped.append(f"{t.label} on {set_name} {case} (build failed: {e})")
                        continue
                    log(f"  {t.key}: built in {time.perf_counter() - tt:.2f} s")
                for c in calls(t.key, obj, ci, corpus, threads):
                    cs.append((t, c))
            log(f"  timing {len(cs)} calls, {runs} rounds")
            counts, times = timed_rounds([c for _, c in cs], runs)
            for (t, c), n, ts in zip(cs, counts, times, strict=True):
                med = statistics.median(ts)
                nbytes = corpus.slice_bytes if c.on_slice else corpus.nbytes
                result["rows"].append(
                    {
                        "set": set_name,
                        "case": case,
                        "tool": t.key,
                        "label": t.label,
                        "call": c.name,
                        "threads": c.threads,
                        "on_slice": c.on_slice,
                        "bytes": nbytes,
                        "median_s": med,
                        "times_s": ts,
                        "mb_s": nbytes / med / 1e6,
                        "matches": n,
                        "semantics": t.semantics[case],
                        "short": short(t.key, c.name, case),
                    }
                )
                speed = nbytes / med / 1e6
                log(f"    {t.key:20} {c.name:28} t{c.threads} {speed:9.1f} MB/s {n:>10,}")
            del cs
            gc.collect()
            if any(t.key == "polars" for t in tools) and 1 in threads:
                log("  polars with a one-thread pool (subprocess)")
                env = dict(os.environ, POLARS_MAX_THREADS="1")
                p1 = in_subprocess(["--worker", "polars1", set_name, case, str(mb), str(runs)], env)
                if p1:
                    for c in p1["calls"]:
                        c["mb_s"] = corpus.nbytes / c["median_s"] / 1e6
                    result["polars1"].append({"set": set_name, "case": case, **p1})

            if args.no_memory:
                continue
            for t in tools:
                if not t.builds or set_name not in t.sets:
                    continue
                if t.key == "hyperscan_words" and len(patterns) > hs_max:
                    continue
                reps = []
                first = in_subprocess(["--worker", "build", t.key, set_name, case])
                if first:
                    reps.append(first)
                    # asper caches built automata per process: repeats need fresh processes.
                    if t.key == "asper" and first["build_s"] < 5:
                        for _ in range(2):
                            more = in_subprocess(["--worker", "build", t.key, set_name, case])
                            if more:
                                reps.append(more)
                b: dict[str, Any] = {
                    "set": set_name,
                    "tool": t.key,
                    "case": case,
                    "patterns": len(patterns),
                }
                if reps:
                    b["build_s"] = statistics.median(r["build_s"] for r in reps)
                    b["build_runs_s"] = [r["build_s"] for r in reps]
                    b["rss_mb"] = statistics.median(r["rss_mb"] for r in reps)
                    b["peak_mb"] = statistics.median(r["peak_mb"] for r in reps)
                    if "tracemalloc_mb" in reps[0]:
                        b["tracemalloc_mb"] = reps[0]["tracemalloc_mb"]
                    log(
                        f"  build {t.key:20} {b['build_s']:7.3f} s  +{b['rss_mb']:8.1f} MB RSS"
                        f"  peak +{b['peak_mb']:8.1f} MB"
                    )
                result["builds"].append(b)

    wall = time.perf_counter() - started
    cmd = " ".join(["python", os.path.relpath(__file__, ROOT), *sys.argv[1:]])
    result["meta"] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": cmd,
        "corpus": corpus_desc,
        "corpus_mb": corpus.nbytes / 1e6,
        "runs": runs,
        "sets": sets,
        "cases": cases,
        "threads": threads,
        "tools": [t.key for t in tools],
        "versions": versions,
        "skipped": skipped,
        "wall_s": wall,
    }
    result["wall_s"] = wall
    result["targets"] = targets(result)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "compare.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    write_md(result, out_dir / "compare.md")
    try:
        write_png(result, out_dir / "compare.png")
    except ImportError:
        log("matplotlib is not installed: no chart")
    log(f"wrote {out_dir}/compare.{{md,json,png}} in {wall / 60:.1f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
