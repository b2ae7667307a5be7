"""The ``asper`` command line (issue 4): ``find`` and ``count``, exit codes, output files,
bad records, the summary line, stdin, a closed pipe and Ctrl-C.

Most tests call ``asper.cli.main(argv)`` in-process (``capfd``: the rows are written to file
descriptor 1 by the Rust pipeline); a few run ``python -m asper`` in a subprocess. Every corpus
is generated in ``tmp_path``.
"""

# Non-ASCII texts are what is under test.

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Literal

import pytest

import asper
from asper import Matcher
from asper.cli import main

SUMMARY = re.compile(
    r"^asper: ([\d,]+) documents, ([\d,]+) matches, ([\d,]+) errors, ([\d,]+) warnings "
    r"in [\d.]+ s \([\d.]+ (?:B|KiB|MiB|GiB)/s\)$",
    re.MULTILINE,
)

PATTERNS = "Alice\tPERSON\nBob Smith\tPERSON\textra column\n\nZürich\tPLACE\nReuters\n"
PAIRS: list[tuple[str, str | None]] = [
    ("Alice", "PERSON"),
    ("Bob Smith", "PERSON"),
    ("Zürich", "PLACE"),
    ("Reuters", None),
]
TEXTS = [
    "Alice met Bob Smith in Zürich.",
    "Ünïcode 🎉: Reuters reports Alice",
    "nothing to see",
    "東京 Alice, Alice",
]


def cli(capfd: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """Runs ``main`` and returns (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capfd.readouterr()
    return code, out, err


def summary(err: str) -> tuple[int, int, int, int]:
    """(documents, matches, errors, warnings) of the summary line on stderr."""
    found = SUMMARY.findall(err)
    assert len(found) == 1, err
    docs, matches, errors, warnings = (int(x.replace(",", "")) for x in found[0])
    return docs, matches, errors, warnings


def no_traceback(err: str) -> None:
    for word in ("Traceback", "Exception ignored", "Error:"):
        assert word not in err, err


@pytest.fixture
def patterns(tmp_path: Path) -> Path:
    p = tmp_path / "patterns.tsv"
    p.write_text(PATTERNS, "utf-8")
    return p


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "docs.jsonl", [{"id": f"d{i}", "text": t} for i, t in enumerate(TEXTS)]
    )


def rows_via_api(path: Path, offsets: Literal["chars", "bytes"] = "chars") -> list[dict[str, Any]]:
    t = asper.scan(path, Matcher(PAIRS), offsets=offsets, progress=False)
    return t.to_pylist()


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# --- find: rows, exit codes, summary ---------------------------------------------------------


def test_find_to_stdout(capfd: pytest.CaptureFixture[str], corpus: Path, patterns: Path) -> None:
    code, out, err = cli(capfd, "find", corpus, "--patterns", patterns)
    assert code == 0
    rows = jsonl(out)
    assert rows == rows_via_api(corpus)
    assert len(rows) == 7
    assert list(rows[0]) == ["doc_id", "file", "start", "end", "pattern_id", "pattern", "label"]
    assert summary(err) == (4, 7, 0, 0)
    assert err.count("\n") == 1


def test_no_match_exits_1(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, patterns: Path
) -> None:
    path = write_jsonl(tmp_path / "none.jsonl", [{"text": "nothing"}, {"text": "alice"}])
    code, out, err = cli(capfd, "find", path, "--patterns", patterns)
    assert (code, out) == (1, "")
    assert summary(err) == (2, 0, 0, 0)
    code, out, _ = cli(capfd, "find", path, "--patterns", patterns, "--ignore-case")
    assert code == 0
    assert len(jsonl(out)) == 1


def test_quiet(capfd: pytest.CaptureFixture[str], corpus: Path, patterns: Path) -> None:
    code, out, err = cli(capfd, "find", corpus, "--patterns", patterns, "-q")
    assert (code, err) == (0, "")
    assert len(jsonl(out)) == 7


def test_matcher_options(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pf = tmp_path / "p.txt"
    pf.write_text("ali\nAlice Smith\nAlice\n", "utf-8")
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "x", "text": "ALICE Smith and Alice"}])
    code, out, _ = cli(capfd, "find", path, "--patterns", pf, "--substrings", "--ignore-case")
    assert code == 0
    got = [(r["start"], r["end"], r["pattern"], r["label"]) for r in jsonl(out)]
    assert got == [(0, 11, "Alice Smith", None), (16, 21, "Alice", None)]
    code, out, _ = cli(capfd, "find", path, "--patterns", pf, "--substrings", "--match-kind", "all")
    assert code == 0
    assert {r["pattern"] for r in jsonl(out)} == {"Alice"}


def test_default_sample_corpus(capfd: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capfd, "find")
    assert code == 0
    assert jsonl(out)
    assert summary(err)[1] == len(jsonl(out))


# --- Pattern files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Alice\tPERSON\n\n\tPERSON\n", ":3: pattern 1 is empty"),
        (
            "Alice\n   \t\n\u3000\tX\n",
            ':3: pattern 1 ("\\u{3000}") is empty after whitespace normalization',
        ),
        ("", "has no patterns"),
        ("\n\n", "has no patterns"),
    ],
)
def test_bad_pattern_file(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path, content: str, message: str
) -> None:
    pf = tmp_path / "bad.tsv"
    pf.write_text(content, "utf-8")
    code, out, err = cli(capfd, "find", corpus, "--patterns", pf)
    assert (code, out) == (2, "")
    assert message in err
    if message.startswith(":"):
        assert f"asper: {pf}{message}" in err
    no_traceback(err)


def test_unreadable_pattern_files(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path
) -> None:
    code, _, err = cli(capfd, "find", corpus, "--patterns", tmp_path / "nope.tsv")
    assert code == 2
    assert "cannot read pattern file" in err
    latin = tmp_path / "latin.tsv"
    latin.write_bytes(b"Z\xfcrich\n")
    code, _, err = cli(capfd, "find", corpus, "--patterns", latin)
    assert code == 2
    assert "not UTF-8" in err


# See: issue 7, "asper find missing.jsonl exits 1 ('no match')".
def test_i7_a_named_input_that_cannot_be_opened_exits_2(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path, patterns: Path
) -> None:
    missing = tmp_path / "missing.jsonl"
    for command in (["find", "--patterns", str(patterns)], ["attribute"]):
        code, out, err = cli(capfd, command[0], corpus, missing, *command[1:])
        assert (code, out) == (2, "")
        assert err.startswith("asper: ") and "missing.jsonl" in err, err
        assert "No such file" in err
        no_traceback(err)


# See: issue 7, "a pattern file that starts with a UTF-8 BOM silently never matches its first
# entry".
def test_i7_pattern_file_with_bom_and_crlf(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": "1", "text": "Reuters and Alice said"}\n', "utf-8")
    pf = tmp_path / "bom.tsv"
    pf.write_bytes("\ufeffReuters\tNEWS_ORG\r\nAlice\tPERSON\r\n".encode())
    code, out, _ = cli(capfd, "find", docs, "--patterns", pf, "-q")
    assert code == 0
    rows = jsonl(out)
    assert [(r["pattern"], r["label"]) for r in rows] == [
        ("Reuters", "NEWS_ORG"),
        ("Alice", "PERSON"),
    ]
    # Sources and cues files of `asper attribute` too.
    src = tmp_path / "src.tsv"
    src.write_bytes("\ufeffDawn\tNEWS_ORG\tDawn\r\n".encode())
    cues = tmp_path / "cues.tsv"
    cues.write_bytes("\ufeffas reported in\taccording_to\tafter\r\n".encode())
    docs.write_text('{"id": "1", "text": "Prices rose, as reported in Dawn."}\n', "utf-8")
    code, out, _ = cli(capfd, "attribute", docs, "--sources", src, "--cues", cues, "-q")
    assert code == 0
    rows = jsonl(out)
    assert [(r["cue"], r["source"], r["canonical"]) for r in rows] == [
        ("as reported in", "Dawn", "Dawn")
    ]


# --- Bad records, strict, max-errors -----------------------------------------------------------


def faulty(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus with 3 bad records and 1 warning among 6 records, and a folder holding a file
    that cannot be read (a dangling link): one more bad record."""
    a = tmp_path / "faulty.jsonl"
    a.write_bytes(
        b'{"id": "1", "text": "Alice"}\n'
        b'{"id": "2", "text": \n'
        b"\n"
        b'{"id": "4", "text": ["Alice"]}\n'
        b'{"id": "5", "text": "caf\xe9 Alice"}\n'
        b'{"id": "6", "body": "Alice"}\n'
        b'{"id": "7", "text": "Bob Smith"}\n'
    )
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    return a, folder


def test_bad_records_are_reported(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, patterns: Path
) -> None:
    a, missing = faulty(tmp_path)
    code, out, err = cli(capfd, "find", a, missing, "--patterns", patterns)
    assert code == 0
    assert [r["doc_id"] for r in jsonl(out)] == ["1", "5", "7"]
    lines = err.splitlines()
    assert lines[0].startswith(f"asper: {a}:2: malformed JSON")
    assert lines[1].startswith(f'asper: {a}:4: field "text" is a list')
    assert lines[2] == f"asper: {a}:5: warning: invalid UTF-8 replaced by U+FFFD"
    assert lines[3] == f'asper: {a}:6: no field "text"'
    assert lines[4].startswith(f"asper: {missing / 'gone.jsonl'}: cannot read file")
    # Accounting: 7 records read (6 lines and the unreadable file) = 3 documents + 4 errors.
    assert summary(err) == (3, 3, 4, 1)
    assert len(lines) == 6


def test_strict(capfd: pytest.CaptureFixture[str], tmp_path: Path, patterns: Path) -> None:
    a, _ = faulty(tmp_path)
    out_file = tmp_path / "out.jsonl"
    code, out, err = cli(capfd, "find", a, "--patterns", patterns, "--strict", "-o", out_file)
    assert (code, out) == (2, "")
    assert f"{a}:2:" in err
    assert "--strict" in err
    assert not SUMMARY.search(err)
    assert not out_file.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["faulty.jsonl", "more", "patterns.tsv"]
    no_traceback(err)


def test_max_errors(capfd: pytest.CaptureFixture[str], tmp_path: Path, patterns: Path) -> None:
    a, missing = faulty(tmp_path)
    code, _, err = cli(capfd, "find", a, missing, "--patterns", patterns, "--max-errors", "3")
    assert code == 2
    assert "more than --max-errors 3" in err
    code, _, err = cli(capfd, "find", a, missing, "--patterns", patterns, "--max-errors", "4")
    assert code == 0
    assert summary(err)[2] == 4


@pytest.mark.parametrize(
    "args",
    [
        ["--max-errors", "-1"],
        ["--window-mb", "0"],
        ["--window-mb", "-5"],
        ["--threads", "0"],
        ["--threads", "-2"],
    ],
)
def test_invalid_numbers(
    capfd: pytest.CaptureFixture[str], corpus: Path, patterns: Path, args: list[str]
) -> None:
    try:
        code, out, err = cli(capfd, "find", corpus, "--patterns", patterns, *args)
    except SystemExit as e:  # argparse's own error
        code, err = int(str(e.code)), capfd.readouterr().err
        out = ""
    assert (code, out) == (2, "")
    assert args[0] in err or "must be" in err
    no_traceback(err)


def test_unknown_formats(capfd: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path) -> None:
    x = tmp_path / "x.csv"
    x.write_text("text\nAlice\n")
    code, _, err = cli(capfd, "find", x)
    assert code == 2
    assert "unknown input format" in err
    code, _, err = cli(capfd, "find", corpus, "-o", tmp_path / "out.txt")
    assert code == 2
    assert "unknown output format" in err
    assert not (tmp_path / "out.txt").exists()
    code, _, err = cli(capfd, "find", corpus, "-o", tmp_path / "no" / "out.jsonl")
    assert code == 2
    assert "cannot create" in err


# --- Output files and offsets ------------------------------------------------------------------


@pytest.mark.parametrize("ext", ["jsonl", "csv", "parquet"])
def test_output_files(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path, patterns: Path, ext: str
) -> None:
    out_file = tmp_path / "out" / f"rows.{ext}"
    out_file.parent.mkdir()
    code, out, err = cli(capfd, "find", corpus, "--patterns", patterns, "-o", out_file)
    assert (code, out) == (0, "")
    assert summary(err) == (4, 7, 0, 0)
    assert os.listdir(out_file.parent) == [out_file.name]
    want = rows_via_api(corpus)
    if ext == "jsonl":
        assert jsonl(out_file.read_text("utf-8")) == want
    elif ext == "csv":
        with out_file.open(newline="", encoding="utf-8") as f:
            got: list[dict[str, Any]] = list(csv.DictReader(f))
        assert [r["doc_id"] for r in got] == [r["doc_id"] for r in want]
        assert [int(r["start"]) for r in got] == [r["start"] for r in want]
        assert [r["label"] or None for r in got] == [r["label"] for r in want]
    else:
        data = out_file.read_bytes()
        assert data[:4] == data[-4:] == b"PAR1"
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out_file).to_pylist() == want


def test_offsets_bytes(capfd: pytest.CaptureFixture[str], corpus: Path, patterns: Path) -> None:
    _, chars, _ = cli(capfd, "find", corpus, "--patterns", patterns, "--offsets", "chars")
    code, out, _ = cli(capfd, "find", corpus, "--patterns", patterns, "--offsets", "bytes")
    assert code == 0
    rows = jsonl(out)
    assert rows == rows_via_api(corpus, "bytes")
    assert rows != jsonl(chars)
    for r in rows:
        text = TEXTS[int(r["doc_id"][1:])].encode()
        assert text[r["start"] : r["end"]].decode() == r["pattern"]


def test_fields(capfd: pytest.CaptureFixture[str], tmp_path: Path, patterns: Path) -> None:
    path = write_jsonl(tmp_path / "f.ndjson", [{"key": 7, "body": "Alice"}, {"body": "Alice"}])
    code, out, _ = cli(
        capfd, "find", path, "--patterns", patterns, "--text-field", "body", "--id-field", "key"
    )
    assert code == 0
    assert [r["doc_id"] for r in jsonl(out)] == ["7", f"{path}:2"]


# --- count -------------------------------------------------------------------------------------


def parse_table(out: str) -> tuple[list[str], list[tuple[str, int, int]]]:
    lines = out.splitlines()
    head = lines[0].split()
    rows = []
    for line in lines[1:]:
        name, m, d = line.rsplit(None, 2)
        rows.append((name.strip(), int(m.replace(",", "")), int(d.replace(",", ""))))
    return head, rows


def test_count(capfd: pytest.CaptureFixture[str], corpus: Path, patterns: Path) -> None:
    code, out, err = cli(capfd, "count", corpus, "--patterns", patterns)
    assert code == 0
    head, rows = parse_table(out)
    assert head == ["pattern", "matches", "documents"]
    assert rows == [("Alice", 4, 3), ("Bob Smith", 1, 1), ("Reuters", 1, 1), ("Zürich", 1, 1)]
    assert summary(err) == (4, 7, 0, 0)


def test_count_by_label(capfd: pytest.CaptureFixture[str], corpus: Path, patterns: Path) -> None:
    code, out, _ = cli(capfd, "count", corpus, "--patterns", patterns, "--by", "label", "-q")
    assert code == 0
    head, rows = parse_table(out)
    assert head == ["label", "matches", "documents"]
    # Patterns without a label are counted together under "(none)".
    assert rows == [("PERSON", 5, 3), ("(none)", 1, 1), ("PLACE", 1, 1)]


def test_count_no_match(capfd: pytest.CaptureFixture[str], tmp_path: Path, patterns: Path) -> None:
    path = write_jsonl(tmp_path / "none.jsonl", [{"text": "nothing"}])
    code, out, _ = cli(capfd, "count", path, "--patterns", patterns, "-q")
    assert code == 1
    assert parse_table(out) == (["pattern", "matches", "documents"], [])


# --- Subprocesses: python -m asper, stdin, a closed pipe, Ctrl-C -------------------------------


def asper_cmd(*args: object) -> list[str]:
    return [sys.executable, "-m", "asper", *(str(a) for a in args)]


def test_module_smoke(tmp_path: Path, corpus: Path, patterns: Path) -> None:
    p = subprocess.run(
        asper_cmd("find", corpus, "--patterns", patterns),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr
    assert jsonl(p.stdout) == rows_via_api(corpus)
    assert summary(p.stderr) == (4, 7, 0, 0)


def test_stdin(tmp_path: Path, patterns: Path) -> None:
    data = (
        json.dumps({"id": "s1", "text": "Alice"})
        + "\n\n"
        + json.dumps({"text": "Bob Smith"})
        + "\n"
    ).encode() + b"{oops\n"
    p = subprocess.run(
        asper_cmd("find", "-", "--patterns", patterns),
        input=data,
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr
    rows = jsonl(p.stdout.decode())
    assert [(r["doc_id"], r["file"], r["pattern"]) for r in rows] == [
        ("s1", "<stdin>", "Alice"),
        ("<stdin>:3", "<stdin>", "Bob Smith"),
    ]
    err = p.stderr.decode()
    assert "asper: <stdin>:4: malformed JSON" in err
    assert summary(err) == (2, 2, 1, 0)


def big_corpus(path: Path, megabytes: int) -> Path:
    """A JSON Lines file of about ``megabytes`` MB, full of matches (written fast: one block
    repeated)."""
    text = "Alice met Bob Smith in Zürich, Reuters said. " * 20
    block = "".join(
        json.dumps({"id": f"b{i}", "text": text}, ensure_ascii=False) + "\n" for i in range(1000)
    ).encode()
    with path.open("wb") as f:
        for _ in range(megabytes * (1 << 20) // len(block) + 1):
            f.write(block)
    return path


def test_broken_pipe(tmp_path: Path, patterns: Path) -> None:
    big = big_corpus(tmp_path / "big.jsonl", 20)
    with subprocess.Popen(
        asper_cmd("find", big, "--patterns", patterns),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        assert json.loads(first)["doc_id"] == "b0"
        proc.stdout.close()  # like `| head -1`
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
    no_traceback(err)
    assert "BrokenPipe" not in err


def test_broken_pipe_count(tmp_path: Path, patterns: Path) -> None:
    # The count table is written by Python: a closed pipe there is quiet too.
    many = tmp_path / "many.tsv"
    many.write_text("".join(f"Alice{i}\n" for i in range(20000)) + "Alice\n", "utf-8")
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"text": " ".join(f"Alice{i}" for i in range(20000))}]
    )
    with subprocess.Popen(
        asper_cmd("count", corpus, "--patterns", many, "-q"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().split() == [b"pattern", b"matches", b"documents"]
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
    no_traceback(err)


def partial_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if "partial" in p.name]


def default_sigint() -> None:
    """Runs in the child before exec: a shell starts background jobs (and so possibly this test
    run) with SIGINT ignored, and Python keeps an inherited SIG_IGN instead of raising
    KeyboardInterrupt; a user's terminal gives the default, so restore it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(proc: subprocess.Popen[bytes], folder: Path) -> float:
    """Waits until the run created its temporary output, then ~1 s, sends SIGINT; returns the
    seconds the process took to exit."""
    deadline = time.monotonic() + 30
    while not partial_files(folder):
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "no temporary output file appeared"
        time.sleep(0.02)
    time.sleep(1.0)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("no exit within 10 s of SIGINT")
    return time.monotonic() - sent


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c(tmp_path: Path, patterns: Path) -> None:
    big = big_corpus(tmp_path / "big.jsonl", 400)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out_file = out_dir / "out.jsonl"
    with subprocess.Popen(
        asper_cmd("find", big, "--patterns", patterns, "-o", out_file, "--threads", "1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        preexec_fn=default_sigint,
    ) as proc:
        took = interrupt(proc, out_dir)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    assert proc.returncode == 130, err
    assert took < 10
    assert "interrupted" in err
    no_traceback(err)
    assert os.listdir(out_dir) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_while_input_stalls(tmp_path: Path, patterns: Path) -> None:
    # Reading stdin that has no more data yet (an interactive `asper find -`, or a slow
    # producer): Ctrl-C must not wait for the input.
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with subprocess.Popen(
        asper_cmd("find", "-", "--patterns", patterns, "-o", out_dir / "out.jsonl"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        preexec_fn=default_sigint,
    ) as proc:
        assert proc.stdin is not None and proc.stderr is not None
        proc.stdin.write(b'{"text": "Alice"}\n')
        proc.stdin.flush()
        took = interrupt(proc, out_dir)
        err = proc.stderr.read().decode()
    assert proc.returncode == 130, err
    assert took < 10
    no_traceback(err)
    assert os.listdir(out_dir) == []
