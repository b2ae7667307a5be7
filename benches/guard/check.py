#!/usr/bin/env python3
"""Checks the throughput guard: reads gungraun's JSON lines (``cargo bench --bench guard --
--output-format=json``) and compares each workload's ratio (the baseline's estimated cycles over
asper's: higher is faster) with the value recorded in ``benches/guard/guard.toml``.

    python benches/guard/check.py GUARD.jsonl [--toml benches/guard/guard.toml] [--write]

Exits 1 when a ratio falls more than the tolerance below its recorded value, or when a workload
is missing; 0 otherwise (a ratio well above its record is reported, so that the record can be
raised on purpose). ``--write`` prints the measured ratios in the TOML format, for a commit that
changes them with its reason.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def cycles(path: Path) -> dict[str, int]:
    """``function.id`` -> estimated cycles (all threads) of each benchmark in the JSON lines."""
    out: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        total = d["profiles"][0]["data"]["total"]["metrics"]
        out[f"{d['function_name']}.{d['id']}"] = int(total["EstimatedCycles"]["values"]["new"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path)
    ap.add_argument("--toml", type=Path, default=HERE / "guard.toml")
    ap.add_argument("--write", action="store_true", help="print the measured ratios as TOML")
    args = ap.parse_args(argv)

    spec = tomllib.loads(args.toml.read_text(encoding="utf-8"))
    tolerance = float(spec["tolerance"])
    measured = cycles(args.results)
    failed = False
    print(f"{'workload':<20} {'asper':>12} {'baseline':>12} {'ratio':>7} {'recorded':>8}  verdict")
    for name, w in spec["workloads"].items():
        a, b = measured.get(w["asper"]), measured.get(w["baseline"])
        if a is None or b is None:
            print(f"{name:<20} missing from the results ({w['asper']}, {w['baseline']})")
            failed = True
            continue
        ratio = b / a
        recorded = float(w["ratio"])
        if ratio < recorded * (1 - tolerance):
            verdict = f"REGRESSION: more than {tolerance:.0%} below the record"
            failed = True
        elif ratio > recorded * (1 + 2 * tolerance):
            verdict = "faster than recorded: raise the record in guard.toml"
        else:
            verdict = "ok"
        print(f"{name:<20} {a:>12,} {b:>12,} {ratio:>7.3f} {recorded:>8.3f}  {verdict}")
        if args.write:
            w["measured"] = round(ratio, 3)
    if args.write:
        print()
        for name, w in spec["workloads"].items():
            if "measured" in w:
                print(f"[workloads.{name}]\nratio = {w['measured']}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
