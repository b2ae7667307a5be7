#!/usr/bin/env python3
"""Scores asper's attribution extraction against gold JSONL files (standard library only).

Two gold formats are supported:

* asper gold (``asper_dev.jsonl``, see ``shared/data/attribution/ASPER_GUIDELINES.md``): records
  ``{"id", "text", "attributions": [{"kind", "cue": {start, end, text}, "source": {...},
  "canonical"}]}``. A predicted record matches a gold one when their cue spans overlap and either
  both canonicals are equal (gold canonical not None) or their source spans overlap. Matching is
  one-to-one (greedy in reading order). Reported: pair precision/recall/F1 (kind ignored),
  the same with kinds required to agree, per kind, and false positives on records with no gold
  attribution.
* PolNeAR (``polnear.jsonl``, one split): cue and source spans scored separately with overlap
  matching, ignoring kind and canonical.
* India dev (``india_dev.jsonl``, see ``shared/data/attribution/SOURCE.md``): only the judged items
  are scored. ``as_per``: every "as per" of a text, judged; a prediction whose cue overlaps one is
  a true positive when its source overlaps one of the item's gold sources (one-to-one), a false
  positive otherwise; recall is over the gold sources. ``credit``: credit lines and datelines;
  "sources found" is the share of gold sources that a ``credit_line`` prediction's source
  overlaps (the cue is not needed: bylined datelines have none), precision is over the
  ``credit_line`` predictions of the texts. ``sample``: records of an earlier asper judged right
  or wrong; precision over the items a prediction's cue still overlaps (right when the item is an
  attribution and the sources overlap), and how many are still found.

Predictions come from the Python API (``asper.Attributor().extract_many(texts)``) or, with
``--predictions FILE``, from a JSONL file with one line per record: ``{"id": ..., "attributions":
[{kind, cue_start, cue_end, source_start, source_end, canonical, ...}]}`` in code points, as
written by ``cargo run --release --example attribution_predict -- GOLD OUT [--split dev]``.

Usage::

    python benches/attribution_eval.py [--gold FILE] [--polnear FILE --split dev]
                                       [--india FILE] [--predictions FILE]
                                       [--polnear-predictions FILE] [--india-predictions FILE]
                                       [--errors] [--json]

Importable: :func:`evaluate_gold`, :func:`evaluate_polnear`, :func:`evaluate_india`,
:func:`main`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "attribution"
DEFAULT_GOLD = SHARED / "asper_dev.jsonl"
DEFAULT_POLNEAR = SHARED / "polnear.jsonl"
DEFAULT_INDIA = SHARED / "india_dev.jsonl"
KINDS = ("according_to", "reported", "said", "credit_line", "noun_cue", "no_comment")

Predictor = Callable[[Sequence[str]], Sequence[Sequence[Any]]]


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _norm_pred(obj: Any) -> dict:
    """A prediction (dict or asper.Attribution) as a plain dict with code-point offsets."""
    kind = _get(obj, "kind")
    kind = getattr(kind, "value", kind)
    return {
        "kind": str(kind) if kind is not None else None,
        "cue": (_get(obj, "cue_start"), _get(obj, "cue_end")),
        "source": (_get(obj, "source_start"), _get(obj, "source_end")),
        "canonical": _get(obj, "canonical"),
    }


def _norm_gold(a: dict) -> dict:
    return {
        "kind": a.get("kind"),
        "cue": (a["cue"]["start"], a["cue"]["end"]),
        "source": (a["source"]["start"], a["source"]["end"]),
        "canonical": a.get("canonical"),
    }


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] is not None and b[0] is not None and a[0] < b[1] and b[0] < a[1]


def _pair_match(p: dict, g: dict) -> bool:
    if not _overlap(p["cue"], g["cue"]):
        return False
    if g["canonical"] is not None and p["canonical"] == g["canonical"]:
        return True
    return _overlap(p["source"], g["source"])


def _match_count(preds: list, golds: list, ok: Callable[[Any, Any], bool]) -> int:
    """One-to-one greedy matching in reading order; returns the number of matched pairs."""
    used = [False] * len(preds)
    n = 0
    for g in golds:
        for i, p in enumerate(preds):
            if not used[i] and ok(p, g):
                used[i] = True
                n += 1
                break
    return n


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else (1.0 if npred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": npred, "gold": ngold, "precision": p, "recall": r, "f1": f}


def default_predictor() -> Predictor:
    import asper

    a = asper.Attributor()
    return lambda texts: a.extract_many(list(texts))


def predictions_from_file(path: str | Path) -> dict:
    """Maps record id to its list of predictions from a ``--predictions`` JSONL file."""
    return {r["id"]: r["attributions"] for r in load_jsonl(path)}


def _predict(records: list[dict], predict: Predictor | None, predictions: dict | None) -> list:
    if predictions is not None:
        missing = [r["id"] for r in records if r["id"] not in predictions]
        if missing:
            raise KeyError(f"no predictions for {len(missing)} records, e.g. {missing[:3]}")
        return [[_norm_pred(p) for p in predictions[r["id"]]] for r in records]
    predict = predict or default_predictor()
    out = predict([r["text"] for r in records])
    return [[_norm_pred(p) for p in ps] for ps in out]


def evaluate_gold(
    gold: str | Path | Iterable[dict] = DEFAULT_GOLD,
    predict: Predictor | None = None,
    predictions: dict | str | Path | None = None,
) -> dict:
    """Scores predictions on an asper gold file. ``predict`` maps texts to lists of
    attributions (default: ``asper.Attributor().extract_many``); ``predictions`` (a dict id ->
    list, or a path to a predictions JSONL file) is used instead when given."""
    records = load_jsonl(gold) if isinstance(gold, (str, Path)) else list(gold)
    if isinstance(predictions, (str, Path)):
        predictions = predictions_from_file(predictions)
    preds = _predict(records, predict, predictions)
    tp = tp_kind = npred = ngold = 0
    per_kind = {k: [0, 0, 0] for k in KINDS}
    negatives = neg_clean = neg_fp = 0
    errors = []
    for rec, ps in zip(records, preds, strict=False):
        gs = [_norm_gold(a) for a in rec["attributions"]]
        npred += len(ps)
        ngold += len(gs)
        m = _match_count(ps, gs, _pair_match)
        tp += m
        tp_kind += _match_count(ps, gs, lambda p, g: p["kind"] == g["kind"] and _pair_match(p, g))
        for k in KINDS:
            pk = [p for p in ps if p["kind"] == k]
            gk = [g for g in gs if g["kind"] == k]
            per_kind[k][0] += _match_count(pk, gk, _pair_match)
            per_kind[k][1] += len(pk)
            per_kind[k][2] += len(gk)
        if not gs:
            negatives += 1
            neg_fp += len(ps)
            neg_clean += not ps
        if m < len(ps) or m < len(gs):
            errors.append(
                {
                    "id": rec["id"],
                    "gold": [_show(rec["text"], g) for g in gs],
                    "pred": [_show(rec["text"], p) for p in ps],
                }
            )
    return {
        "records": len(records),
        "pair": _prf(tp, npred, ngold),
        "pair_with_kind": _prf(tp_kind, npred, ngold),
        "per_kind": {k: _prf(*v) for k, v in per_kind.items()},
        "negatives": {
            "records": negatives,
            "clean": neg_clean,
            "false_positives": neg_fp,
            "clean_rate": neg_clean / negatives if negatives else 1.0,
        },
        "errors": errors,
    }


def _show(text: str, a: dict) -> str:
    c, s = a["cue"], a["source"]
    cue = text[c[0] : c[1]] if c[0] is not None else "?"
    src = text[s[0] : s[1]] if s[0] is not None else "?"
    return f"{a['kind']}: <{cue}> [{src}] {a['canonical']!r}"


def evaluate_polnear(
    path: str | Path = DEFAULT_POLNEAR,
    split: str = "dev",
    predict: Predictor | None = None,
    predictions: dict | str | Path | None = None,
) -> dict:
    """Cue and source overlap P/R/F1 on one PolNeAR split (never use ``test`` for tuning)."""
    records = [r for r in load_jsonl(path) if r.get("split") == split]
    if isinstance(predictions, (str, Path)):
        predictions = predictions_from_file(predictions)
    preds = _predict(records, predict, predictions)
    cue = [0, 0, 0]
    src = [0, 0, 0]
    for rec, ps in zip(records, preds, strict=False):
        gold_cues = []
        gold_srcs = []
        for a in rec["attributions"]:
            if a["cue"]:
                gold_cues.append([(s["start"], s["end"]) for s in a["cue"]])
            if a["source"]:
                gold_srcs.append([(s["start"], s["end"]) for s in a["source"]])
        pred_cues = sorted({p["cue"] for p in ps})
        pred_srcs = sorted({p["source"] for p in ps})
        ok = lambda p, g: any(_overlap(p, s) for s in g)  # noqa: E731
        cue[0] += _match_count(pred_cues, gold_cues, ok)
        cue[1] += len(pred_cues)
        cue[2] += len(gold_cues)
        src[0] += _match_count(pred_srcs, gold_srcs, ok)
        src[1] += len(pred_srcs)
        src[2] += len(gold_srcs)
    return {"split": split, "articles": len(records), "cue": _prf(*cue), "source": _prf(*src)}


def _span(d: dict | None) -> tuple:
    return (d["start"], d["end"]) if d else (None, None)


def _first_free(items: list, used: list[bool], ok: Callable[[Any], bool]) -> int | None:
    """The index of the first item not yet used for which ``ok`` holds."""
    return next((i for i, x in enumerate(items) if not used[i] and ok(x)), None)


def evaluate_india(
    path: str | Path | Iterable[dict] = DEFAULT_INDIA,
    predict: Predictor | None = None,
    predictions: dict | str | Path | None = None,
) -> dict:
    """Scores the judged items of ``india_dev.jsonl``: "as per" precision and recall, credit-line
    and dateline sources found, and the precision of the judged sample (see the module
    docstring)."""
    records = load_jsonl(path) if isinstance(path, (str, Path)) else list(path)
    if isinstance(predictions, (str, Path)):
        predictions = predictions_from_file(predictions)
    preds = _predict(records, predict, predictions)
    as_per = [0, 0, 0]
    credit_found = [0, 0]
    credit_pred = [0, 0]
    sample = {"items": 0, "found": 0, "right": 0}
    errors: dict[str, list] = {"as_per": [], "credit": [], "sample": []}
    for rec, ps in zip(records, preds, strict=False):
        text = rec["text"]
        credit_golds = []
        for item in rec["judged"]:
            cue = _span(item["cue"])
            golds = [_span(s) for s in item["sources"]] if item["attribution"] else []
            mine = [p for p in ps if _overlap(p["cue"], cue)]
            if item["set"] == "as_per":
                used = [False] * len(golds)
                for p in mine:
                    hit = _first_free(golds, used, lambda g, p=p: _overlap(p["source"], g))
                    if hit is None:
                        errors["as_per"].append(("fp", rec["id"], _show(text, p)))
                    else:
                        used[hit] = True
                        as_per[0] += 1
                as_per[1] += len(mine)
                as_per[2] += len(golds)
                for g, u in zip(golds, used, strict=True):
                    if not u:
                        errors["as_per"].append(("fn", rec["id"], text[g[0] : g[1]]))
            elif item["set"] == "credit":
                credit_golds.extend(golds)
                for g in golds:
                    ok = any(p["kind"] == "credit_line" and _overlap(p["source"], g) for p in ps)
                    credit_found[0] += ok
                    credit_found[1] += 1
                    if not ok:
                        errors["credit"].append(("fn", rec["id"], text[g[0] : g[1]]))
            elif item["set"] == "sample":
                sample["items"] += 1
                if not mine:
                    continue
                sample["found"] += 1
                ok = bool(golds) and any(_overlap(mine[0]["source"], g) for g in golds)
                sample["right"] += ok
                if not ok:
                    errors["sample"].append(("fp", rec["id"], _show(text, mine[0])))
        for p in ps:
            if p["kind"] != "credit_line":
                continue
            ok = any(_overlap(p["source"], g) for g in credit_golds)
            credit_pred[0] += ok
            credit_pred[1] += 1
            if not ok:
                errors["credit"].append(("fp", rec["id"], _show(text, p)))
    found = sample["found"]
    return {
        "records": len(records),
        "as_per": _prf(*as_per),
        "credit": {
            "found": credit_found[0],
            "gold": credit_found[1],
            "found_rate": credit_found[0] / credit_found[1] if credit_found[1] else 1.0,
            "pred": credit_pred[1],
            "precision": credit_pred[0] / credit_pred[1] if credit_pred[1] else 1.0,
        },
        "sample": {**sample, "precision": sample["right"] / found if found else 1.0},
        "errors": errors,
    }


def _fmt(name: str, m: dict) -> str:
    return (
        f"{name:<16} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
        f"   (tp {m['tp']}, pred {m['pred']}, gold {m['gold']})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", help=f"asper gold JSONL (default {DEFAULT_GOLD})")
    ap.add_argument("--predictions", help="predictions JSONL for --gold (instead of asper)")
    ap.add_argument("--polnear", help="PolNeAR JSONL (scored only when given)")
    ap.add_argument("--split", default="dev", help="PolNeAR split (default dev)")
    ap.add_argument("--polnear-predictions", help="predictions JSONL for --polnear")
    ap.add_argument("--india", help="India dev JSONL (scored only when given)")
    ap.add_argument("--india-predictions", help="predictions JSONL for --india")
    ap.add_argument("--errors", action="store_true", help="print mismatched records")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    if args.split == "test":
        print("warning: scoring PolNeAR test; use it only for final evaluation", file=sys.stderr)
    results = {}
    gold = Path(args.gold) if args.gold else DEFAULT_GOLD
    if args.gold or not (args.polnear or args.india):
        if not gold.exists():
            print(f"gold file {gold} not found; nothing to score", file=sys.stderr)
            return 0
        results["gold"] = evaluate_gold(gold, predictions=args.predictions)
    if args.polnear:
        results["polnear"] = evaluate_polnear(
            args.polnear, args.split, predictions=args.polnear_predictions
        )
    if args.india:
        results["india"] = evaluate_india(args.india, predictions=args.india_predictions)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    if "gold" in results:
        r = results["gold"]
        print(f"== {gold} ({r['records']} records)")
        print(_fmt("pair", r["pair"]))
        print(_fmt("pair+kind", r["pair_with_kind"]))
        for k, m in r["per_kind"].items():
            print(_fmt(k, m))
        n = r["negatives"]
        print(
            f"negatives        {n['clean']}/{n['records']} records without a false positive "
            f"({n['clean_rate']:.1%}), {n['false_positives']} false positives"
        )
        if args.errors:
            for e in r["errors"]:
                print(f"-- {e['id']}")
                for g in e["gold"]:
                    print(f"   gold {g}")
                for p in e["pred"]:
                    print(f"   pred {p}")
    if "polnear" in results:
        r = results["polnear"]
        print(f"== PolNeAR {r['split']} ({r['articles']} articles), overlap matching")
        print(_fmt("cue", r["cue"]))
        print(_fmt("source", r["source"]))
    if "india" in results:
        r = results["india"]
        print(f"== India dev ({r['records']} articles), judged items only")
        print(_fmt("as per", r["as_per"]))
        c = r["credit"]
        print(
            f"credit sources   found {c['found_rate']:.3f} ({c['found']} of {c['gold']}), "
            f"precision {c['precision']:.3f} of {c['pred']} credit_line records"
        )
        m = r["sample"]
        print(
            f"sample           P {m['precision']:.3f}   ({m['right']} right of {m['found']} "
            f"found; {m['items']} judged)"
        )
        if args.errors:
            for part, errs in r["errors"].items():
                for what, rid, shown in errs:
                    print(f"-- {part} {what} {rid}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
