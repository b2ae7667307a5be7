"""``asper.scan`` (issue 4, sections 2 and 3): tables, output files, bad records, strict mode.

Every corpus is generated in ``tmp_path``; the expected rows come from ``Matcher.find``.
"""

# Non-ASCII texts are what is under test.

from __future__ import annotations

import csv
import ctypes
import gzip
import json
import os
from pathlib import Path
from typing import Any, Literal

import pytest

import asper
from asper import Matcher, ScanError, ScanStats, Table

PATTERNS: list[tuple[str, str | None]] = [
    ("Alice", "PERSON"),
    ("Bob Smith", "PERSON"),
    ("Zürich", "PLACE"),
    ("Reuters", None),
    ('Acme, "Inc."', 'ORG, "quoted"'),
]

TEXTS = [
    "Alice met Bob Smith in Zürich.",
    "Ünïcode 🎉: Reuters reports Alice",
    "nothing to see",
    'Acme, "Inc." and 東京 Alice',
    "",
]

COLUMNS = ["doc_id", "file", "start", "end", "pattern_id", "pattern", "label"]


@pytest.fixture
def matcher() -> Matcher:
    return Matcher(PATTERNS)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def good_corpus(tmp_path: Path) -> tuple[Path, list[tuple[str, str, str]]]:
    """A JSON Lines file of TEXTS; returns it and the (id, file, text) of each document."""
    path = write_jsonl(
        tmp_path / "good.jsonl", [{"id": f"d{i}", "text": t} for i, t in enumerate(TEXTS)]
    )
    return path, [(f"d{i}", str(path), t) for i, t in enumerate(TEXTS)]


def expected(
    m: Matcher, docs: list[tuple[str, str, str]], offsets: str = "chars"
) -> list[dict[str, Any]]:
    rows = []
    for doc_id, file, text in docs:
        for x in m.find(text):
            start, end = x.start, x.end
            if offsets == "bytes":
                start, end = len(text[:start].encode()), len(text[:end].encode())
            rows.append(
                {
                    "doc_id": doc_id,
                    "file": file,
                    "start": start,
                    "end": end,
                    "pattern_id": x.pattern_id,
                    "pattern": x.pattern,
                    "label": x.label,
                }
            )
    return rows


def leftovers(folder: Path) -> list[str]:
    """Temporary output files left in ``folder``."""
    return [p.name for p in folder.iterdir() if "partial" in p.name or p.name.startswith(".")]


# --- Tables ------------------------------------------------------------------------------------


def test_table_rows(tmp_path: Path, matcher: Matcher) -> None:
    path, docs = good_corpus(tmp_path)
    t = asper.scan(path, matcher, progress=False)
    assert isinstance(t, Table)
    assert t.column_names == COLUMNS
    want = expected(matcher, docs)
    assert len(want) == 7
    assert len(t) == len(want)
    assert t.to_pylist() == want
    d = t.to_pydict()
    assert list(d) == COLUMNS
    assert d["doc_id"] == [r["doc_id"] for r in want]
    assert d["label"][3] is None
    assert isinstance(t.stats, ScanStats)
    s = t.stats
    assert (s.files, s.records_read, s.processed, s.errors, s.warnings) == (1, 5, 5, 0, 0)
    assert s.rows == len(want)
    assert s.bytes_read == s.total_bytes == path.stat().st_size
    assert s.elapsed >= 0
    assert repr(t).startswith("asper.Table: 7 rows × 7 columns (scan: 5 documents, 0 errors)")  # noqa: RUF001


def test_paths_forms(tmp_path: Path, matcher: Matcher) -> None:
    path, docs = good_corpus(tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "one.txt").write_text("Alice", "utf-8")
    (sub / "skip.md").write_text("Alice", "utf-8")
    want = expected(matcher, docs)
    assert asper.scan(str(path), matcher, progress=False).to_pylist() == want
    assert asper.scan([path], matcher, progress=False).to_pylist() == want
    both = asper.scan((p for p in [path, sub]), matcher, progress=False).to_pylist()
    txt = str(sub / "one.txt")
    assert both == [*want, *expected(matcher, [(txt, txt, "Alice")])]


def test_arrow_c_stream_without_libraries(tmp_path: Path, matcher: Matcher) -> None:
    path, _ = good_corpus(tmp_path)
    t = asper.scan(path, matcher, progress=False)
    cap = t.__arrow_c_stream__()
    assert type(cap).__name__ == "PyCapsule"
    is_valid = ctypes.pythonapi.PyCapsule_IsValid
    is_valid.restype = ctypes.c_int
    is_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]
    assert is_valid(cap, b"arrow_array_stream") == 1
    # The stream can be exported again (the table is not consumed).
    assert is_valid(t.__arrow_c_stream__(None), b"arrow_array_stream") == 1


def test_empty_table(tmp_path: Path, matcher: Matcher) -> None:
    path = write_jsonl(tmp_path / "none.jsonl", [{"text": "nothing"}])
    t = asper.scan(path, matcher, progress=False)
    assert len(t) == 0
    assert t.to_pydict() == {c: [] for c in COLUMNS}
    assert t.to_pylist() == []
    assert t.stats.processed == 1
    t.__arrow_c_stream__()


def test_pyarrow(tmp_path: Path, matcher: Matcher) -> None:
    pa = pytest.importorskip("pyarrow")
    path, docs = good_corpus(tmp_path)
    t = asper.scan(path, matcher, progress=False)
    for table in (t.to_arrow(), pa.table(t)):
        assert table.column_names == COLUMNS
        assert table.to_pylist() == expected(matcher, docs)
        assert table.schema.field("start").type == pa.uint64()


def test_pandas(tmp_path: Path, matcher: Matcher) -> None:
    pytest.importorskip("pandas")
    path, docs = good_corpus(tmp_path)
    t = asper.scan(path, matcher, progress=False)
    df = t.to_pandas()
    assert list(df.columns) == COLUMNS
    assert len(df) == len(expected(matcher, docs))
    assert df["doc_id"].tolist() == [r["doc_id"] for r in expected(matcher, docs)]


def test_polars(tmp_path: Path, matcher: Matcher) -> None:
    pytest.importorskip("polars")
    path, docs = good_corpus(tmp_path)
    t = asper.scan(path, matcher, progress=False)
    df = t.to_polars()
    assert df.columns == COLUMNS
    assert df.to_dicts() == expected(matcher, docs)


# --- Output files ------------------------------------------------------------------------------


def read_output(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as f:
            rows: list[dict[str, Any]] = list(csv.DictReader(f))
        for r in rows:
            for k in ("start", "end", "pattern_id"):
                r[k] = int(r[k])
            r["label"] = r["label"] or None
        return rows
    pq = pytest.importorskip("pyarrow.parquet")
    rows = pq.read_table(path).to_pylist()
    return rows


@pytest.mark.parametrize("ext", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("offsets", ["chars", "bytes"])
def test_output_file(
    tmp_path: Path, matcher: Matcher, ext: str, offsets: Literal["chars", "bytes"]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    path, docs = good_corpus(src)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"rows.{ext}"
    stats = asper.scan(path, matcher, output=out, offsets=offsets, progress=False)
    assert isinstance(stats, ScanStats)
    assert (stats.processed, stats.errors, stats.rows) == (5, 0, 7)
    assert sorted(p.name for p in out_dir.iterdir()) == [out.name]
    if ext == "parquet":
        assert out.read_bytes()[:4] == b"PAR1"
        assert out.read_bytes()[-4:] == b"PAR1"
    want = expected(matcher, docs, offsets)
    assert read_output(out) == want
    if offsets == "bytes":
        assert want != expected(matcher, docs)


def test_output_file_quoting(tmp_path: Path, matcher: Matcher) -> None:
    path = write_jsonl(
        tmp_path / "q.jsonl",
        [{"id": 'a,"b"\nc', "text": 'Acme, "Inc." with Alice'}, {"id": " x", "text": "Reuters"}],
    )
    docs = [('a,"b"\nc', str(path), 'Acme, "Inc." with Alice'), (" x", str(path), "Reuters")]
    out = tmp_path / "q.csv"
    asper.scan(path, matcher, output=out, progress=False)
    assert read_output(out) == expected(matcher, docs)


def test_output_replaces_an_older_file(tmp_path: Path, matcher: Matcher) -> None:
    path, docs = good_corpus(tmp_path)
    out = tmp_path / "rows.jsonl"
    out.write_text("old\n")
    asper.scan(path, matcher, output=str(out), progress=False)
    assert read_output(out) == expected(matcher, docs)


def test_failed_run_leaves_no_output(tmp_path: Path, matcher: Matcher) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"text": "Alice"}] * 3)
    with path.open("a") as f:
        f.write("{broken\n")
    out = tmp_path / "rows.jsonl"
    with pytest.raises(ScanError):
        asper.scan(path, matcher, output=out, strict=True, progress=False)
    assert not out.exists()
    assert leftovers(tmp_path) == []

    def boom(msg: str, warning: bool) -> None:
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        asper.scan(path, matcher, output=out, on_record=boom, progress=False)
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_bad_output_path(tmp_path: Path, matcher: Matcher) -> None:
    path, _ = good_corpus(tmp_path)
    with pytest.raises(OSError, match="cannot create"):
        asper.scan(path, matcher, output=tmp_path / "no" / "rows.jsonl", progress=False)
    with pytest.raises(ValueError, match="unknown output format"):
        asper.scan(path, matcher, output=tmp_path / "rows.xlsx", progress=False)
    assert not (tmp_path / "rows.xlsx").exists()


# --- Bad records -------------------------------------------------------------------------------


def faulty_corpus(tmp_path: Path) -> tuple[list[Path], list[tuple[str, str, str]], list[str]]:
    """Files with injected faults; returns the paths, the good documents and the expected
    message prefixes (``file:line: `` or ``file: ``), in order."""
    a = tmp_path / "a.jsonl"
    lines = [
        b'{"id": "a1", "text": "Alice in Z\\u00fcrich"}',
        b"",
        b'{"id": "a3", "text": "Alice',
        b'{"id": "a4"}',
        b'{"id": "a5", "text": 5}',
        b'{"id": "a6", "text": null}',
        b'{"id": "a7", "text": "caf\xe9 Alice"}',
        b'{"text": "Bob Smith"}',
    ]
    a.write_bytes(b"\n".join(lines) + b"\n")
    good = gzip.compress(b'{"id": "g1", "text": "Reuters"}\n' * 3)
    g = tmp_path / "b.jsonl.gz"
    g.write_bytes(good)
    big = "".join(json.dumps({"id": f"t{i}", "text": f"Alice {i}"}) + "\n" for i in range(20000))
    full = gzip.compress(big.encode(), compresslevel=1)
    t = tmp_path / "c.jsonl.gz"
    t.write_bytes(full[: len(full) // 2])
    # A file inside a folder that cannot be read (a dangling link): a bad record, the run goes
    # on. (A path given explicitly that cannot be opened is an exception instead.)
    folder = tmp_path / "d"
    folder.mkdir()
    missing = folder / "d.jsonl"
    missing.symlink_to(tmp_path / "nowhere.jsonl")
    paths = [a, g, t, folder]
    docs = [
        ("a1", str(a), "Alice in Zürich"),
        ("a7", str(a), "caf\ufffd Alice"),
        (f"{a}:8", str(a), "Bob Smith"),
        *[("g1", str(g), "Reuters")] * 3,
    ]
    messages = [
        f"{a}:3: malformed JSON",
        f"{a}:4: no field",
        f"{a}:5: field",
        f"{a}:6: field",
        f"{a}:7: warning: invalid UTF-8",
        f"{t}:",  # the line where the stream breaks
        f"{missing}: cannot read file",
    ]
    return paths, docs, messages


def test_bad_records_reported_and_counted(tmp_path: Path, matcher: Matcher) -> None:
    paths, docs, messages = faulty_corpus(tmp_path)
    seen: list[tuple[str, bool]] = []
    t = asper.scan(
        paths, matcher, progress=False, on_record=lambda m, w: seen.append((m, w)), threads=2
    )
    s = t.stats
    assert len(s.messages) == len(messages)
    for got, want in zip(s.messages, messages, strict=True):
        assert got.startswith(want), (got, want)
    assert "truncated or corrupt gzip stream" in s.messages[5]
    assert [m for m, _ in seen] == s.messages
    assert [w for _, w in seen] == [False] * 4 + [True] + [False] * 2
    assert (s.errors, s.warnings, s.files) == (6, 1, 4)
    assert s.records_read == s.processed + s.errors
    # The truncated file yields its first lines, up to where the stream breaks.
    broken_line = int(s.messages[5].split(":")[1])
    assert 100 < broken_line < 20000
    tfile = str(paths[2])
    docs += [(f"t{i}", tfile, f"Alice {i}") for i in range(broken_line - 1)]
    assert s.processed == len(docs)
    assert t.to_pylist() == expected(matcher, docs)


def test_strict_and_max_errors(tmp_path: Path, matcher: Matcher) -> None:
    paths, _, messages = faulty_corpus(tmp_path)
    seen: list[str] = []
    with pytest.raises(ScanError, match="--strict") as e:
        asper.scan(
            paths, matcher, strict=True, progress=False, on_record=lambda m, w: seen.append(m)
        )
    assert isinstance(e.value, ValueError)
    assert messages[0] in str(e.value)
    assert len(seen) == 1
    with pytest.raises(ScanError, match="more than --max-errors 2"):
        asper.scan(paths, matcher, max_errors=2, progress=False)
    stats = asper.scan(paths, matcher, max_errors=6, progress=False).stats
    assert stats.errors == 6


def test_fields(tmp_path: Path, matcher: Matcher) -> None:
    path = write_jsonl(
        tmp_path / "f.ndjson",
        [
            {"key": 1, "body": "Alice"},
            {"body": "Bob Smith", "text": 3},
            {"key": None, "body": "Alice"},
        ],
    )
    t = asper.scan(path, matcher, text_field="body", id_field="key", progress=False)
    assert t.to_pydict()["doc_id"] == ["1", f"{path}:2", f"{path}:3"]
    t = asper.scan(path, matcher, progress=False)
    assert (t.stats.errors, t.stats.processed) == (3, 0)
    assert len(t) == 0


def test_invalid_arguments(tmp_path: Path, matcher: Matcher) -> None:
    path, _ = good_corpus(tmp_path)
    with pytest.raises(ValueError, match="offsets"):
        asper.scan(path, matcher, offsets="words", progress=False)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="window_mb"):
        asper.scan(path, matcher, window_mb=0, progress=False)
    with pytest.raises(ValueError, match="window_mb"):
        asper.scan(path, matcher, window_mb=-1, progress=False)
    with pytest.raises(ValueError, match="max_errors"):
        asper.scan(path, matcher, max_errors=-1, progress=False)
    with pytest.raises(TypeError, match="Matcher"):
        asper.scan(path, "Alice", progress=False)  # type: ignore[call-overload]
    (tmp_path / "x.csv").write_text("a,b\n", "utf-8")
    with pytest.raises(ValueError, match="unknown input format"):
        asper.scan(tmp_path / "x.csv", matcher, progress=False)
    with pytest.raises(ValueError):
        asper.scan(path, matcher, threads=0, progress=False)


def test_small_window_many_files(tmp_path: Path, matcher: Matcher) -> None:
    docs = []
    for f in range(3):
        recs = [
            {"id": f"{f}-{i:05}", "text": f"Alice {i} Zürich {'x' * (i % 50)}"} for i in range(4000)
        ]
        p = write_jsonl(tmp_path / f"{f}.jsonl", recs)
        docs += [(r["id"], str(p), r["text"]) for r in recs]
    t = asper.scan(tmp_path, matcher, window_mb=1, threads=2, progress=False)
    big = asper.scan(tmp_path, matcher, progress=False)
    rows = t.to_pylist()
    assert rows == expected(matcher, docs) == big.to_pylist()


def test_progress_keeps_working_without_tqdm(tmp_path: Path, matcher: Matcher) -> None:
    path, docs = good_corpus(tmp_path)
    t = asper.scan(path, matcher, progress=True)
    assert t.to_pylist() == expected(matcher, docs)


def test_stats_match_files_on_disk(tmp_path: Path, matcher: Matcher) -> None:
    path, _ = good_corpus(tmp_path)
    stats = asper.scan([path, path], matcher, output=tmp_path / "o.jsonl", progress=False)
    assert isinstance(stats, ScanStats)
    assert stats.total_bytes == 2 * os.path.getsize(path)
    assert stats.records_read == 10


# See: issue 7, "asper.scan('missing.jsonl', m) returns an empty table and says nothing".
def test_i7_a_named_path_that_cannot_be_opened_raises(tmp_path: Path, matcher: Matcher) -> None:
    path, _ = good_corpus(tmp_path)
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(FileNotFoundError) as e:
        asper.scan([path, missing], matcher, progress=False)
    assert e.value.filename == str(missing)
    assert "missing.jsonl" in str(e.value)
    with pytest.raises(FileNotFoundError):
        asper.scan(tmp_path / "no-such-folder", matcher, progress=False)
    locked = tmp_path / "locked.jsonl"
    locked.write_text('{"text": "Alice"}\n', "utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with privileges that read any file")
        with pytest.raises(PermissionError) as p:
            asper.scan(locked, matcher, progress=False)
        assert p.value.filename == str(locked)
    finally:
        locked.chmod(0o644)
