"""Hostile and broken input (issue 12, section 2): each case gives a clear error or a correct
result. Cases already covered elsewhere are not repeated here (see the table in
``fuzz/README.md``): this file holds the rest. Every corpus is generated in ``tmp_path``.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import asper
from asper import Matcher, PatternError


def zstd_compress(data: bytes) -> bytes | None:
    """A zstd frame of ``data`` (Python 3.14's compression.zstd, else pyarrow), or None."""
    try:
        from compression import zstd  # type: ignore[import-not-found]

        return bytes(zstd.compress(data))
    except ImportError:
        pass
    try:
        import pyarrow as pa
    except ImportError:
        return None
    return bytes(pa.compress(data, codec="zstd", asbytes=True))


def asper_cmd(*args: object) -> list[str]:
    return [sys.executable, "-m", "asper", *(str(a) for a in args)]


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def spans(found: list[asper.Match]) -> list[tuple[int, int, int]]:
    return [(x.start, x.end, x.pattern_id) for x in found]


# --- Patterns ----------------------------------------------------------------------------------


def test_an_empty_pattern_list_matches_nothing_in_every_batch_call(tmp_path: Path) -> None:
    m = Matcher([])
    docs = ["Reuters", None, ""]
    assert list(m.find_many(docs)) == [[], [], []]
    assert len(m.find_table(docs)) == 0
    assert m.count_many(docs).tolist() == [0, 0, 0]
    assert m.counts(docs) == {}
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": "Reuters"}])
    t = asper.scan(path, m, progress=False)
    assert (len(t), t.stats.processed) == (0, 1)


def test_a_one_megabyte_pattern_is_a_pattern_error() -> None:
    big = "Reuters " * (1 << 17)  # 1 MiB
    with pytest.raises(PatternError, match="longer than") as e:
        Matcher(["Alice", big])
    assert e.value.index == 1
    assert len(str(e.value)) < 1000  # the message does not repeat the megabyte


def test_a_one_megabyte_pattern_file_line_names_file_and_line(tmp_path: Path) -> None:
    pf = tmp_path / "p.tsv"
    pf.write_text("Alice\n" + "x" * (1 << 20) + "\tBIG\n", "utf-8")
    docs = write_jsonl(tmp_path / "d.jsonl", [{"text": "Alice"}])
    p = subprocess.run(asper_cmd("find", docs, "--patterns", pf), capture_output=True, text=True)
    assert (p.returncode, p.stdout) == (2, "")
    assert p.stderr.startswith(f"asper: {pf}:2: ")
    assert len(p.stderr) < 1000


def test_nul_bytes_in_patterns_and_texts() -> None:
    m = Matcher(["a\0b", "Reuters"])
    text = "\0Reuters\0a\0b\0"
    assert spans(m.find(text)) == [(1, 8, 1), (9, 12, 0)]
    assert m.find_many([text, "\0" * 10]) == [m.find(text), []]
    assert len(m.find_table([text])) == 2


def test_nul_bytes_in_a_corpus(tmp_path: Path) -> None:
    docs = write_jsonl(tmp_path / "d.jsonl", [{"id": "x\0y", "text": "\0Reuters\0"}])
    t = asper.scan(docs, Matcher(["Reuters"]), progress=False).to_pylist()
    assert [(r["doc_id"], r["start"], r["end"]) for r in t] == [("x\0y", 1, 8)]


def test_a_bad_cue_file_row_names_file_and_line(tmp_path: Path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("said\tsaid\tbefore\nsaid so\tno_such_kind\tbefore\n", "utf-8")
    docs = write_jsonl(tmp_path / "d.jsonl", [{"text": "Reuters said."}])
    p = subprocess.run(asper_cmd("attribute", docs, "--cues", cues), capture_output=True, text=True)
    assert (p.returncode, p.stdout) == (2, "")
    assert f"{cues}, line 2" in p.stderr and "no_such_kind" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


def test_a_bad_source_file_row_names_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "src.tsv"
    src.write_text("Dawn\tNEWS_ORG\tDawn\n\tNEWS_ORG\n", "utf-8")
    docs = write_jsonl(tmp_path / "d.jsonl", [{"text": "Reuters said."}])
    p = subprocess.run(
        asper_cmd("attribute", docs, "--sources", src), capture_output=True, text=True
    )
    assert (p.returncode, p.stdout) == (2, "")
    assert f"{src}, line 2" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


# --- Corpus records ----------------------------------------------------------------------------


def test_text_field_nested_in_an_object_is_a_bad_record(tmp_path: Path) -> None:
    docs = tmp_path / "d.jsonl"
    docs.write_text(
        '{"id": "1", "text": {"body": "Alice"}}\n{"id": "2", "text": "Alice"}\n'
        '{"id": "3", "text": true}\n{"id": "4", "text": 1.5e3}\n',
        "utf-8",
    )
    t = asper.scan(docs, Matcher(["Alice"]), progress=False)
    s = t.stats
    assert (s.records_read, s.processed, s.errors) == (4, 1, 3)
    assert [m.split(": ", 1)[0] for m in s.messages] == [f"{docs}:1", f"{docs}:3", f"{docs}:4"]
    assert [r["doc_id"] for r in t.to_pylist()] == ["2"]


def test_odd_json_records(tmp_path: Path) -> None:
    docs = tmp_path / "d.jsonl"
    docs.write_text(
        '{"text": "Bob", "text": "Alice"}\n'  # a repeated key: the last one, as Python's json
        '{"x": ' + "[" * 100_000 + "]" * 100_000 + ', "text": "Alice"}\n'  # deep nesting
        '{"id": {"a": 1}, "text": "Alice"}\n'  # an id that is no string or number
        '{"id": "s", "text": "\\ud800 Alice"}\n'  # a lone surrogate escape
        "[1, 2]\n"
        '"Alice"\n'
        '{"text": "Alice"} trailing\n',
        "utf-8",
    )
    t = asper.scan(docs, Matcher(["Alice"]), progress=False)
    s = t.stats
    assert (s.records_read, s.processed, s.errors) == (7, 3, 4)
    assert [m.split(": ", 1)[0] for m in s.messages] == [f"{docs}:{i}" for i in (4, 5, 6, 7)]
    assert all("malformed JSON" in m for m in s.messages)
    assert [(r["doc_id"], r["start"]) for r in t.to_pylist()] == [
        (f"{docs}:1", 0),
        (f"{docs}:2", 0),
        (f"{docs}:3", 0),
    ]


def test_duplicated_ids_are_kept_apart(tmp_path: Path) -> None:
    docs = write_jsonl(
        tmp_path / "d.jsonl",
        [{"id": "same", "text": "Alice"}, {"id": "same", "text": "Alice Alice"}, {"id": 7}],
    )
    t = asper.scan(docs, Matcher(["Alice"]), progress=False)
    rows = t.to_pylist()
    assert [(r["doc_id"], r["start"]) for r in rows] == [("same", 0), ("same", 0), ("same", 6)]
    assert (t.stats.processed, t.stats.errors) == (2, 1)
    # Duplicated ids in a pattern list: each keeps its own id.
    m = Matcher([("Alice", "A"), ("Alice", "B")], match_kind="all")
    assert [(x.pattern_id, x.label) for x in m.find("Alice")] == [(0, "A"), (1, "B")]


def test_truncated_zstd_stream_is_one_bad_record(tmp_path: Path) -> None:
    body = "".join(json.dumps({"id": str(i), "text": f"Alice {i}"}) + "\n" for i in range(20000))
    full = zstd_compress(body.encode())
    if full is None:
        pytest.skip("neither compression.zstd (Python 3.14+) nor pyarrow to write a zstd file")
    path = tmp_path / "t.jsonl.zst"
    path.write_bytes(full[: len(full) // 2])
    s = asper.scan(path, Matcher(["Alice"]), progress=False).stats
    assert s.errors == 1 and s.records_read == s.processed + 1
    assert "zstd" in s.messages[0]


def test_invalid_gzip_and_zstd_headers_are_bad_records(tmp_path: Path) -> None:
    g = tmp_path / "a.jsonl.gz"
    g.write_bytes(b'{"text": "Alice"}\n')  # not compressed at all
    z = tmp_path / "b.jsonl.zst"
    z.write_bytes(b"\x28\xb5\x2f\xfd garbage")
    e = tmp_path / "c.jsonl.gz"
    e.write_bytes(b"")
    s = asper.scan([g, z, e], Matcher(["Alice"]), progress=False).stats
    assert s.records_read == s.processed + s.errors
    assert s.processed == 0
    assert s.errors >= 2
    assert any(str(g) in m for m in s.messages) and any(str(z) in m for m in s.messages)


def test_invalid_utf8_in_a_txt_document_is_a_warning(tmp_path: Path) -> None:
    t = tmp_path / "doc.txt"
    t.write_bytes(b"caf\xe9 Alice \xff\xfe")
    table = asper.scan(t, Matcher(["Alice"]), progress=False)
    assert (table.stats.processed, table.stats.warnings) == (1, 1)
    assert [(r["start"], r["end"]) for r in table.to_pylist()] == [(5, 10)]


def test_invalid_parquet_is_a_bad_record(tmp_path: Path) -> None:
    p = tmp_path / "x.parquet"
    p.write_bytes(b"PAR1 not really PAR1")
    s = asper.scan(p, Matcher(["Alice"]), progress=False).stats
    assert (s.processed, s.errors) == (0, 1)
    assert str(p) in s.messages[0]


def test_corrupt_parquet_files_found_by_fuzzing_do_not_stop_the_run(tmp_path: Path) -> None:
    found = sorted((Path(__file__).parents[1] / "data" / "fuzz").glob("*.parquet"))
    assert len(found) == 3
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "g", "text": "Alice"}])
    t = asper.scan([*found, good], Matcher(["Alice"]), progress=False)
    s = t.stats
    assert s.records_read == s.processed + s.errors
    assert s.errors == 2  # the third file reads once its embedded Arrow schema is ignored
    assert [r["doc_id"] for r in t.to_pylist()] == ["g"]


# --- Input folders -----------------------------------------------------------------------------


def test_a_symlink_loop_in_an_input_folder(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    write_jsonl(folder / "sub" / "a.jsonl", [{"id": "1", "text": "Alice"}])
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self").symlink_to(folder / "self")  # a link to itself: ELOOP when opened
    t = asper.scan(folder, Matcher(["Alice"]), progress=False)
    # Each file once; the links that lead back are not followed into a loop.
    assert [r["doc_id"] for r in t.to_pylist()] == ["1"]
    assert t.stats.records_read == t.stats.processed + t.stats.errors


def test_an_unreadable_file_inside_a_folder_is_a_bad_record(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"text": "Alice"}])
    locked = write_jsonl(folder / "b.jsonl", [{"text": "Alice"}])
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): every file is readable")
        s = asper.scan(folder, Matcher(["Alice"]), progress=False).stats
        assert (s.processed, s.errors) == (1, 1)
        assert s.messages[0].startswith(f"{locked}: cannot read file")
    finally:
        locked.chmod(0o644)


# --- A full disk -------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["find", "count", "attribute"])
def test_stdout_on_dev_full_exits_2(tmp_path: Path, command: str) -> None:
    docs = write_jsonl(tmp_path / "d.jsonl", [{"text": "Reuters said Alice"}] * 1000)
    pf = tmp_path / "p.tsv"
    pf.write_text("Alice\nReuters\n", "utf-8")
    extra = [] if command == "attribute" else ["--patterns", pf]
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            asper_cmd(command, docs, *extra), stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith("asper: ") and "No space left" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


def _limit_file_size() -> None:
    # 16 KiB: the output cannot be written; SIGXFSZ ignored so that write() fails with EFBIG.
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 10, 16 << 10))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_output_file_over_the_size_limit_exits_2_and_leaves_nothing(
    tmp_path: Path, suffix: str
) -> None:
    text = "Alice met Reuters in Zürich, Alice said. " * 50
    docs = write_jsonl(tmp_path / "d.jsonl", [{"id": str(i), "text": text} for i in range(2000)])
    pf = tmp_path / "p.tsv"
    pf.write_text("Alice\nReuters\nZürich\n", "utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    # The previous output is kept intact.
    old = out_dir / f"out.{suffix}"
    old.write_bytes(b"previous")
    p = subprocess.run(
        asper_cmd("find", docs, "--patterns", pf, "-o", old),
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
    )
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith("asper: ") and "cannot write output" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr
    assert os.listdir(out_dir) == [old.name]
    assert old.read_bytes() == b"previous"


def test_save_over_the_size_limit_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    pf = tmp_path / "p.tsv"
    pf.write_text("".join(f"Name{i}\n" for i in range(50_000)), "utf-8")
    out = tmp_path / "m.asper"
    p = subprocess.run(
        asper_cmd("save", "--patterns", pf, "-o", out),
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
    )
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith("asper: ") and "Traceback" not in p.stderr, p.stderr
    assert os.listdir(tmp_path) == ["p.tsv"]


# --- Big inputs --------------------------------------------------------------------------------

#: The size of the large-document cases (bytes). 256 MiB by default: about 10 s on 2 cores.
BIG = int(os.environ.get("ASPER_BIG_DOC_BYTES", 256 << 20))


def _big_text() -> str:
    unit = "Prices rose in Zürich, the Interfax news agency said. " * 100
    unit += "Reuters "
    return unit * (BIG // len(unit.encode()) + 1)


@pytest.mark.slow
def test_a_large_document_through_find_many() -> None:
    text = _big_text()
    units = text.count("Reuters")
    (found,) = Matcher(["Reuters"]).find_many([text])
    assert len(found) == units
    last = found[-1]
    assert text[last.start : last.end] == "Reuters"
    assert Matcher(["Reuters", "Zürich"]).count_many([text, None]).tolist() == [101 * units, 0]


@pytest.mark.slow
def test_a_large_document_through_the_cli(tmp_path: Path) -> None:
    text = _big_text()
    units = text.count("Reuters")
    docs = tmp_path / "big.jsonl"
    with docs.open("w", encoding="utf-8") as f:
        f.write('{"id": "small", "text": "Reuters"}\n')
        f.write(json.dumps({"id": "big", "text": text}, ensure_ascii=False))
        f.write("\n")
    del text
    pf = tmp_path / "p.tsv"
    pf.write_text("Reuters\tWIRE\n", "utf-8")
    p = subprocess.run(
        asper_cmd("count", docs, "--patterns", pf), capture_output=True, text=True, timeout=300
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[1].split() == ["Reuters", f"{units + 1:,}", "2"], p.stdout
    g = tmp_path / "big.jsonl.gz"
    g.write_bytes(gzip.compress(docs.read_bytes(), compresslevel=1))
    p = subprocess.run(asper_cmd("count", g, "--patterns", pf), capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[1].split() == ["Reuters", f"{units + 1:,}", "2"], p.stdout
