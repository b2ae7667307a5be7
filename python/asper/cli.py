"""The ``asper`` command line.

``asper find [PATH ...] [--patterns FILE]`` prints the matches of a pattern list in JSON Lines
corpus files (one JSON object a line with a text field) or plain-text files (one document a
file). With no arguments it runs on the sample corpus and pattern list shipped in the package.

Exit codes: 0 when the run finished with at least one match, 1 when it found no match, 2 on a
fatal error. A closed pipe on stdout (``asper find | head``) exits quietly.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import IO, Any

from asper._native import Matcher, PatternError

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR = 0, 1, 2


class CliError(Exception):
    """A fatal error with a message for the user."""


def _data_path(name: str) -> str:
    return str(resources.files("asper").joinpath("data", name))


def read_patterns(path: str) -> tuple[list[tuple[str, str | None]], list[int]]:
    """Reads ``name<TAB>label<TAB>...`` lines (or one pattern a line); skips blank lines.

    Returns the (pattern, label) pairs and the line number of each.
    """
    pairs: list[tuple[str, str | None]] = []
    lines: list[int] = []
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                fields = line.split("\t")
                label = fields[1] if len(fields) > 1 and fields[1] else None
                pairs.append((fields[0], label))
                lines.append(lineno)
    except OSError as e:
        raise CliError(f"cannot read pattern file {path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise CliError(f"pattern file {path} is not UTF-8: {e}") from e
    return pairs, lines


def _open_text(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _walk(paths: Sequence[str]) -> Iterator[str]:
    for p in paths:
        if p != "-" and os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    yield os.path.join(root, name)
        else:
            yield p


def read_documents(
    paths: Sequence[str], text_field: str, id_field: str, errors: list[str]
) -> Iterator[tuple[str, str, str]]:
    """Yields (doc_id, file, text); bad records are reported into ``errors`` and skipped."""
    for path in _walk(paths):
        name = "<stdin>" if path == "-" else path
        is_jsonl = path == "-" or path.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))
        try:
            with _open_text(path) as f:
                if not is_jsonl:
                    yield os.path.basename(path), name, f.read()
                    continue
                for lineno, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as e:
                        errors.append(f"{name}:{lineno}: malformed JSON: {e.msg}")
                        continue
                    text = rec.get(text_field) if isinstance(rec, dict) else None
                    if not isinstance(text, str):
                        errors.append(f"{name}:{lineno}: no string field {text_field!r}")
                        continue
                    doc_id = rec.get(id_field)
                    yield (str(doc_id) if doc_id is not None else f"{name}:{lineno}"), name, text
        except (OSError, EOFError) as e:
            errors.append(f"{name}: cannot read: {getattr(e, 'strerror', None) or e}")


def _cmd_find(args: argparse.Namespace, out: IO[str]) -> int:
    pattern_file = args.patterns or _data_path("sample_patterns.tsv")
    paths = args.paths or [_data_path("sample.jsonl")]
    pairs, lines = read_patterns(pattern_file)
    try:
        matcher = Matcher(
            pairs,
            ignore_case=args.ignore_case,
            whole_words=not args.substrings,
            normalize=True,
            match_kind=args.match_kind,
        )
    except PatternError as e:
        msg = str(e)
        # Name the file and line of the offending pattern.
        for word in msg.split():
            if word.isdigit() and int(word) < len(lines):
                msg = f"{pattern_file}:{lines[int(word)]}: {msg}"
                break
        raise CliError(msg) from e
    errors: list[str] = []
    n_docs = n_matches = 0
    batch: list[tuple[str, str, str]] = []

    def flush() -> None:
        nonlocal n_matches
        results = matcher.find_many([t for _, _, t in batch], threads=args.threads)
        for (doc_id, name, text), ms in zip(batch, results, strict=True):
            for m in ms:
                row: dict[str, Any] = {
                    "doc_id": doc_id,
                    "file": name,
                    "start": m.start,
                    "end": m.end,
                    "pattern_id": m.pattern_id,
                    "pattern": m.pattern,
                    "label": m.label,
                    "text": text[m.start : m.end],
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n_matches += len(ms)
        batch.clear()

    for doc in read_documents(paths, args.text_field, args.id_field, errors):
        batch.append(doc)
        n_docs += 1
        if len(batch) >= 1024:
            flush()
    flush()
    out.flush()
    for err in errors:
        print(f"asper: {err}", file=sys.stderr)
    if not args.quiet:
        print(
            f"asper: {n_docs} documents, {n_matches} matches, {len(errors)} errors",
            file=sys.stderr,
        )
    return EXIT_OK if n_matches else EXIT_NO_MATCH


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asper", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    find = sub.add_parser("find", help="matches of a pattern list in corpus files")
    find.add_argument("paths", nargs="*", help="files or folders (default: the sample corpus)")
    find.add_argument(
        "--patterns", help="TSV name<TAB>label or one pattern a line (default: sample list)"
    )
    find.add_argument("--ignore-case", action="store_true", help="Unicode case-insensitive")
    find.add_argument("--substrings", action="store_true", help="do not require whole words")
    find.add_argument("--match-kind", default="longest", choices=["longest", "first", "all"])
    find.add_argument("--text-field", default="text")
    find.add_argument("--id-field", default="id")
    find.add_argument("--threads", type=int, default=None)
    find.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _cmd_find(args, sys.stdout)
    except CliError as e:
        print(f"asper: {e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # Quiet exit when the reader went away; keep Python from complaining at shutdown.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
