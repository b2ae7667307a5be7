#!/usr/bin/env python3
"""Writes examples/news_attribution.ipynb (without outputs) from the cells below.

Usage: python scripts/make_notebook.py   (needs nbformat). The notebook is committed; the test
suite runs it top to bottom (tests/python/test_notebook.py).
"""

from __future__ import annotations

import pathlib

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent

md = nbformat.v4.new_markdown_cell
code = nbformat.v4.new_code_cell

cells = [
    md(
        "# News attribution with asper\n\n"
        "Who is cited in the news, by which outlet, and where: entity matching and source "
        "attribution on the sample corpus shipped with asper (24 short articles written for "
        "the project), with pandas and polars."
    ),
    code(
        "from importlib import resources\n\n"
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n"
        "import polars as pl\n\n"
        "import asper\n"
        "import asper.polars  # registers the .asper namespace on polars expressions\n\n"
        'data = resources.files("asper") / "data"\n'
        'articles = pd.read_json(data / "sample.jsonl", lines=True)\n'
        "articles.head()"
    ),
    md("## Entities\n\nA gazetteer of outlets and places, with labels, matched in every article."),
    code(
        'gazetteer = pd.read_csv(data / "sample_patterns.tsv", sep="\\t", header=None,\n'
        '                        names=["name", "label", "canonical"])\n'
        "m = asper.Matcher(zip(gazetteer.name, gazetteer.label))\n"
        "m"
    ),
    code(
        "# One row per match, built in Rust in parallel; `doc` is the article's row.\n"
        'hits = m.find_table(articles["text"]).to_pandas()\n'
        'hits = hits.join(articles["id"], on="doc")\n'
        'hits.groupby("label").size().sort_values(ascending=False)'
    ),
    code(
        "# The same on a polars frame, as expressions (lazy frames work too).\n"
        'frame = pl.read_ndjson(data / "sample.jsonl")\n'
        "frame.with_columns(\n"
        '    entities=pl.col("text").asper.count(m),\n'
        '    labels=pl.col("text").asper.extract(m, what="label"),\n'
        ').select("id", "entities", "labels").head()'
    ),
    md(
        "## Attributions\n\n"
        "Who is cited, by which cue: `according to`, `said`, credit lines such as "
        "`(With PTI inputs)` and datelines such as `MOSCOW (Reuters) -`."
    ),
    code(
        "a = asper.Attributor()\n"
        'records = a.extract_table(frame["text"]).to_polars()\n'
        'records.select("doc", "kind", "cue", "source", "canonical").head(10)'
    ),
    code(
        "# Sources by outlet: the gazetteer's canonical name where the source is a known outlet.\n"
        "by_outlet = (\n"
        '    records.filter(pl.col("canonical").is_not_null())\n'
        '    .group_by("canonical").agg(citations=pl.len(), articles=pl.col("doc").n_unique())\n'
        '    .sort(["citations", "canonical"], descending=[True, False])\n'
        ")\n"
        "by_outlet"
    ),
    code(
        "top = by_outlet.head(10).to_pandas().iloc[::-1]\n"
        "fig, ax = plt.subplots(figsize=(6, 3))\n"
        'ax.barh(top["canonical"], top["citations"])\n'
        'ax.set_xlabel("citations in the sample corpus")\n'
        'ax.set_title("Most cited outlets")\n'
        "fig.tight_layout()"
    ),
    md("## One article, highlighted"),
    code('a.highlight(articles["text"][0])'),
    code('m.highlight(articles["text"][0])'),
]

nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
out = ROOT / "examples" / "news_attribution.ipynb"
nbformat.write(nb, out)
print(f"wrote {out.relative_to(ROOT)}")
