"""Saved matchers and attributors (issue 11): ``save`` / ``load`` round trips under every option,
files that cannot be loaded (each error names the file), the command line reading a saved
matcher wherever it reads ``--patterns``, ``threads=`` at construction and ``ASPER_THREADS``,
and unpickling that reuses the process's built matcher, a loaded one too."""

# Non-ASCII patterns and texts are what is under test.
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import json
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import asper
from asper import Attributor, LoadError, Matcher
from asper.cli import main

PATTERNS = [
    ("Reuters", "NEWS_ORG"),
    ("New York Times", "NEWS_ORG"),
    ("İstanbul", "PLACE"),
    ("São Paulo", None),
    ("AP", None),
    ("-19", "SUFFIX"),  # a pattern starting with a non-word character
    ("New York", "PLACE"),
    ("Reuters", "DUPLICATE"),  # a duplicate pattern: both ids are reported under "all"
]
TEXTS = [
    "NEW YORK (Reuters) - The New York Times said, citing ap and AP.",
    "Covid-19 in istanbul and İSTANBUL; São  Paulo, SÃO PAULO, Sa\u0303o Paulo.",
    "Reuters’ report: New\u00a0York\u2009Times. Reutersian, xAP, APx.",
    "",
]
OPTIONS = [
    {"ignore_case": ic, "whole_words": ww, "normalize": nz, "match_kind": kind}
    for ic, ww, nz, kind in itertools.product(
        (False, True), (False, True), (False, True), ("longest", "first", "all")
    )
]


def spans(
    results: Iterable[list[asper.Match]],
) -> list[list[tuple[int, int, int, str, str | None]]]:
    return [[(x.start, x.end, x.pattern_id, x.pattern, x.label) for x in r] for r in results]


@pytest.mark.parametrize("opts", OPTIONS, ids=lambda o: "-".join(str(v) for v in o.values()))
def test_a_loaded_matcher_finds_what_the_saved_one_found(
    tmp_path: Path, opts: dict[str, Any]
) -> None:
    m = Matcher(PATTERNS, **opts)
    path = tmp_path / "m.asper"
    m.save(path)
    loaded = Matcher.load(path)
    assert spans(loaded.find_many(TEXTS)) == spans(m.find_many(TEXTS))
    assert loaded.find_table(TEXTS).to_pylist() == m.find_table(TEXTS).to_pylist()
    assert loaded.patterns == [p for p, _ in PATTERNS]
    assert loaded.labels == [lab for _, lab in PATTERNS]
    assert (loaded.ignore_case, loaded.whole_words, loaded.normalize, loaded.match_kind) == (
        opts["ignore_case"],
        opts["whole_words"],
        opts["normalize"],
        opts["match_kind"],
    )


def test_a_loaded_matcher_without_labels_and_duplicates(tmp_path: Path) -> None:
    m = Matcher(["Reuters", "AP", "Agence France-Presse"])
    m.save(str(tmp_path / "m"))  # a str path works as a PathLike does
    loaded = Matcher.load(str(tmp_path / "m"))
    assert loaded.labels == [None, None, None]
    got = [(x.start, x.end, x.pattern_id) for x in loaded.find("AP and Agence France-Presse")]
    assert got == [(0, 2, 1), (7, 27, 2)]


def test_saving_replaces_a_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "m.asper"
    Matcher(["Reuters"]).save(path)
    Matcher(["AP"]).save(path)
    assert Matcher.load(path).patterns == ["AP"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.asper"]  # no temporary left


def test_saving_into_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Matcher(["Reuters"]).save(tmp_path / "no" / "m.asper")


def _saved(tmp_path: Path) -> bytes:
    Matcher(PATTERNS, ignore_case=True).save(tmp_path / "good")
    return (tmp_path / "good").read_bytes()


@pytest.mark.parametrize(
    ("name", "alter", "reason"),
    [
        ("empty", lambda b: b"", "empty"),
        ("foreign", lambda b: b"PAR1" + b"\0" * 60, "not a saved asper matcher"),
        ("truncated", lambda b: b[: len(b) // 2], "truncated"),
        ("corrupted", lambda b: b[:-9] + bytes([b[-9] ^ 0x40]) + b[-8:], "checksum"),
        ("newer", lambda b: b[:8] + (99).to_bytes(4, "little") + b[12:], "newer"),
    ],
)
def test_files_that_cannot_be_loaded_name_the_file(
    tmp_path: Path, name: str, alter: object, reason: str
) -> None:
    path = tmp_path / f"{name}.asper"
    path.write_bytes(alter(_saved(tmp_path)))  # type: ignore[operator]
    with pytest.raises(LoadError) as e:
        Matcher.load(path)
    assert str(path) in str(e.value)
    assert e.value.filename == str(path)
    assert reason in e.value.reason
    assert isinstance(e.value, ValueError)


def test_a_saved_attributor_is_no_matcher(tmp_path: Path) -> None:
    Attributor().save(tmp_path / "a")
    Matcher(["x"]).save(tmp_path / "m")
    with pytest.raises(LoadError, match="attributor"):
        Matcher.load(tmp_path / "a")
    with pytest.raises(LoadError, match="matcher"):
        Attributor.load(tmp_path / "m")
    with pytest.raises(FileNotFoundError):
        Matcher.load(tmp_path / "missing")


def test_a_loaded_attributor_extracts_what_the_saved_one_extracted(tmp_path: Path) -> None:
    texts = [
        "As per the Interfax news agency, the talks failed.",
        "The plan was approved, the Daily Planet reported. (With PTI inputs)",
        "“We will not go,” said Ms Rao, according to Gazette Nord.",
    ]
    a = Attributor(sources=[("Daily Planet", "NEWS_ORG", None), ("Gazette Nord", "NEWS_ORG", "GN")])
    a.save(tmp_path / "a.asper")
    loaded = Attributor.load(tmp_path / "a.asper")
    assert loaded.extract_many(texts) == a.extract_many(texts)
    assert sorted(loaded.sources) == sorted(a.sources)
    assert sorted(loaded.cues) == sorted(a.cues)
    found = {r.source: r.canonical for rs in loaded.extract_many(texts) for r in rs}
    assert found["the Daily Planet"] == "Daily Planet"
    assert found["Gazette Nord"] == "GN"


def test_threads_at_construction(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    m = Matcher(["Reuters"], threads=2)
    a = Attributor(threads=1)
    assert (m.threads, a.threads) == (2, 1)
    assert Matcher(["Reuters"]).threads is None
    assert pickle.loads(pickle.dumps(m)).threads == 2
    assert pickle.loads(pickle.dumps(a)).threads == 1
    m.save(tmp_path / "m")
    assert Matcher.load(tmp_path / "m", threads=3).threads == 3
    for bad in (0, -1):
        with pytest.raises(ValueError, match="threads must be at least 1"):
            Matcher(["Reuters"], threads=bad)
        with pytest.raises(ValueError, match="threads must be at least 1"):
            Attributor(threads=bad)


def test_asper_threads_is_read_only_when_nothing_else_gives_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A bad ASPER_THREADS raises exactly when it is the value in force: precedence made visible.
    monkeypatch.setenv("ASPER_THREADS", "many")
    plain, fixed = Matcher(["Reuters"]), Matcher(["Reuters"], threads=1)
    docs = ["Reuters"] * 3
    with pytest.raises(ValueError, match="ASPER_THREADS"):
        plain.find_many(docs)
    with pytest.raises(ValueError, match="ASPER_THREADS"):
        plain.find_table(docs)
    with pytest.raises(ValueError, match="ASPER_THREADS"):
        Attributor().extract_many(docs)
    assert len(fixed.find_many(docs)) == 3  # the construction's threads win over the variable
    assert len(plain.find_many(docs, threads=2)) == 3  # and the call's over both
    assert len(Attributor(threads=1).extract_table(docs)) == 0
    monkeypatch.setenv("ASPER_THREADS", "2")
    assert plain.count_many(docs).tolist() == [1, 1, 1]
    monkeypatch.setenv("ASPER_THREADS", "0")
    with pytest.raises(ValueError, match="ASPER_THREADS"):
        plain.count_many(docs)


def test_unpickling_reuses_the_built_matcher(tmp_path: Path) -> None:
    m = Matcher(PATTERNS, ignore_case=True)
    again = pickle.loads(pickle.dumps(m))
    assert again._engine_id == m._engine_id
    assert Matcher(PATTERNS, ignore_case=True)._engine_id == m._engine_id
    assert Matcher(PATTERNS, ignore_case=False)._engine_id != m._engine_id
    m.save(tmp_path / "m")
    loaded = Matcher.load(tmp_path / "m")
    assert loaded._engine_id != m._engine_id  # a load builds its own
    assert pickle.loads(pickle.dumps(loaded))._engine_id == loaded._engine_id


def test_the_command_line_reads_a_saved_matcher(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "p.tsv").write_text("Reuters\tNEWS_ORG\nİstanbul\tPLACE\n", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "REUTERS in istanbul"}) + "\n", encoding="utf-8"
    )
    saved = tmp_path / "m.asper"
    assert (
        main(["save", "--patterns", str(tmp_path / "p.tsv"), "--ignore-case", "-o", str(saved)])
        == 0
    )
    assert "saved the matcher of 2 patterns" in capfd.readouterr().err
    assert main(["find", str(corpus), "--patterns", str(saved), "-q"]) == 0
    rows = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert [(r["start"], r["end"], r["label"]) for r in rows] == [
        (0, 7, "NEWS_ORG"),
        (11, 19, "PLACE"),
    ]
    assert main(["count", str(corpus), "--patterns", str(saved), "--by", "label", "-q"]) == 0
    assert "NEWS_ORG" in capfd.readouterr().out
    # An option the saved matcher was not built with is an error, not silently ignored.
    assert main(["find", str(corpus), "--patterns", str(saved), "--substrings", "-q"]) == 2
    assert "--substrings cannot change it" in capfd.readouterr().err
    assert main(["find", str(corpus), "--patterns", str(saved), "--ignore-case", "-q"]) == 0
    capfd.readouterr()
    bad = tmp_path / "bad.asper"
    bad.write_bytes(saved.read_bytes()[:40])
    assert main(["find", str(corpus), "--patterns", str(bad), "-q"]) == 2
    err = capfd.readouterr().err
    assert str(bad) in err and "truncated" in err


def test_the_command_line_reads_a_saved_attributor(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.tsv").write_text("Gazette Nord\tNEWS_ORG\tGN\n", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "The vote failed, according to Gazette Nord."}) + "\n",
        encoding="utf-8",
    )
    saved = tmp_path / "a.asper"
    assert (
        main(
            ["save", "--attribution", "--sources", str(tmp_path / "s.tsv"), "-o", str(saved), "-q"]
        )
        == 0
    )
    assert main(["attribute", str(corpus), "--attributor", str(saved), "-q"]) == 0
    rows = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert [(r["source"], r["canonical"]) for r in rows] == [("Gazette Nord", "GN")]
    assert (
        main(["attribute", str(corpus), "--attributor", str(saved), "--cues", "x.tsv", "-q"]) == 2
    )
    assert "cannot add to it" in capfd.readouterr().err
