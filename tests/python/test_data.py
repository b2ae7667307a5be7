"""Real data: gazetteer names on BBC news articles, asper against the reference.

Uses ``shared/data`` (``$ASPER_SHARED_DATA``, else ``<repo>/../shared/data``) and skips when it
is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import asper
from reference import WHITE_SPACE, Options, Reference

NEWS = "news/bbc_news_2225.jsonl"
GAZETTEERS = {
    # file: take every n-th row
    "gazetteers/news_orgs_curated.tsv": 1,
    "gazetteers/geonames_countries_admin1.tsv": 25,
    "gazetteers/geonames_cities15000.tsv": 1000,
    "gazetteers/us_congress_legislators.tsv": 300,
    "gazetteers/sec_company_tickers.tsv": 100,
}
N_ARTICLES = 50

OPTIONS = [
    Options(False, True, True, "longest"),
    Options(True, True, True, "longest"),
    Options(True, True, True, "first"),
    Options(True, True, True, "all"),
    Options(False, True, False, "all"),
    Options(True, False, False, "longest"),
]


def _require(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"shared data file {path} is absent")
    return path


@pytest.fixture(scope="module")
def names(shared_data: Path) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for rel, step in GAZETTEERS.items():
        lines = _require(shared_data / rel).read_text(encoding="utf-8").splitlines()
        for line in lines[::step]:
            fields = line.split("\t")
            if len(fields) >= 2 and not all(c in WHITE_SPACE for c in fields[0]):
                out.append((fields[0], fields[1] or None))
    assert 300 <= len(out) <= 1500, len(out)
    return out


@pytest.fixture(scope="module")
def articles(shared_data: Path) -> list[str]:
    lines = _require(shared_data / NEWS).read_text(encoding="utf-8").splitlines()
    step = max(1, len(lines) // N_ARTICLES)
    docs = []
    for line in lines[::step][:N_ARTICLES]:
        rec = json.loads(line)
        docs.append(f"{rec['title']}\n\n{rec['text']}")
    assert len(docs) == N_ARTICLES
    return docs


@pytest.mark.parametrize("opts", OPTIONS, ids=Options.short)
def test_gazetteer_on_bbc_equals_reference(
    opts: Options, names: list[tuple[str, str | None]], articles: list[str]
) -> None:
    patterns = [n for n, _ in names]
    ref = Reference(patterns, **opts.kwargs())
    m = asper.Matcher(names, **opts.kwargs())
    got = m.find_many(articles, threads=2)
    total = 0
    for i, (doc, found) in enumerate(zip(articles, got, strict=True)):
        expected = ref.find(doc)
        assert [(x.start, x.end, x.pattern_id) for x in found] == expected, f"article {i}"
        for x in found:
            assert ref.fold(doc[x.start : x.end]) == ref.folded[x.pattern_id]
            assert x.label == names[x.pattern_id][1]
        total += len(found)
    assert total > 20, "suspiciously few matches: the test would be vacuous"
