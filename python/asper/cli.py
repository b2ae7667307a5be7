"""The ``asper`` command line: bulk matching and attribution over corpus files.

Commands:
  asper find PATH... --patterns FILE     matches of a pattern list
  asper count PATH... --patterns FILE    per-pattern (or per-label) totals
  asper attribute PATH...                attribution records
  asper save --patterns FILE -o OUT      build a matcher once and save it (--patterns OUT later)

Inputs: files or folders (recursively) of .jsonl/.ndjson (optionally .gz/.zst), .parquet,
.txt (one document a file), or - for JSON Lines on stdin. With no PATH, the sample corpus
shipped in the package. Output: JSON Lines on stdout, or -o FILE (.jsonl, .csv, .parquet).

Exit codes: 0 the run finished (bad records reported do not change it), 1 it finished with no
match at all, 2 a fatal error (or --strict at the first bad record, or past --max-errors),
130 interrupted. A closed pipe (asper find | head) exits quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import resources
from typing import Any

from asper import _native
from asper._native import Attributor, LoadError, Matcher, PatternError
from asper._scan import StderrProgress, format_bytes

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
NO_LABEL = "(none)"


class CliError(Exception):
    """A fatal error with a message for the user."""


def _count_arg(minimum: int) -> Any:
    """An argparse type: an integer of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


def _data_path(name: str) -> str:
    return str(resources.files("asper").joinpath("data", name))


def read_patterns(path: str) -> tuple[list[tuple[str, str | None]], list[int]]:
    """Reads ``name<TAB>label<TAB>...`` lines (or one pattern a line); skips blank lines.

    Returns the (pattern, label) pairs and the line number of each.
    """
    pairs: list[tuple[str, str | None]] = []
    lines: list[int] = []
    try:
        # utf-8-sig: a byte order mark (Windows editors) is not part of the first pattern.
        with open(path, encoding="utf-8-sig") as f:
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
    if not pairs:
        raise CliError(f"pattern file {path} has no patterns")
    return pairs, lines


MATCHER_MAGIC = b"ASPER\0MT"
ATTRIBUTOR_MAGIC = b"ASPER\0AT"


def _saved(path: str, magic: bytes) -> bool:
    """Whether ``path`` starts like a file saved by ``Matcher.save`` / ``Attributor.save``."""
    try:
        with open(path, "rb") as f:
            return f.read(len(magic)) == magic
    except OSError:
        return False  # the reader that follows names the error


def load_matcher(args: argparse.Namespace, path: str) -> Matcher:
    """A saved matcher; its options are those it was saved with, and a differing option given
    on the command line is an error rather than silently ignored."""
    try:
        m = Matcher.load(path)
    except (LoadError, OSError) as e:
        raise CliError(str(e)) from e
    conflicts = [
        flag
        for flag, differs in (
            ("--ignore-case", args.ignore_case and not m.ignore_case),
            ("--substrings", args.substrings and m.whole_words),
            ("--match-kind", args.match_kind not in ("longest", m.match_kind)),
        )
        if differs
    ]
    if conflicts:
        raise CliError(
            f"{path} is a saved matcher built with ignore_case={m.ignore_case}, "
            f"whole_words={m.whole_words}, match_kind={m.match_kind!r}; "
            f"{' and '.join(conflicts)} cannot change it (rebuild it from its pattern file)"
        )
    return m


def build_matcher(args: argparse.Namespace) -> Matcher:
    pattern_file = args.patterns or _data_path("sample_patterns.tsv")
    if _saved(pattern_file, MATCHER_MAGIC):
        return load_matcher(args, pattern_file)
    pairs, lines = read_patterns(pattern_file)
    try:
        return Matcher(
            pairs,
            ignore_case=args.ignore_case,
            whole_words=not args.substrings,
            match_kind=args.match_kind,
        )
    except PatternError as e:
        msg = str(e)
        # Name the file and line of the pattern at fault.
        index = getattr(e, "index", None)
        if isinstance(index, int) and index < len(lines):
            msg = f"{pattern_file}:{lines[index]}: {msg}"
        raise CliError(msg) from e


def _run(args: argparse.Namespace, engine: Any, count: bool, groups: list[int] | None) -> Any:
    paths = args.paths or [_data_path("sample.jsonl")]
    show = not args.quiet and sys.stderr.isatty()
    progress = StderrProgress(show)
    n_errors = 0

    def on_record(msg: str, warning: bool) -> None:
        nonlocal n_errors
        progress.clear()
        print(f"asper: {msg}", file=sys.stderr)

    output = None if count else (args.output or "-")
    try:
        result, stats = _native._scan(
            paths,
            engine,
            text_field=args.text_field,
            id_field=args.id_field,
            output=output,
            threads=args.threads,
            offsets=getattr(args, "offsets", "chars"),
            strict=args.strict,
            max_errors=args.max_errors,
            window_mb=args.window_mb,
            count=count,
            groups=groups,
            on_progress=progress.update,
            on_record=on_record,
        )
    finally:
        progress.clear()
    if not args.quiet:
        rate = stats["bytes_read"] / max(stats["elapsed"], 1e-9)
        print(
            f"asper: {stats['processed']:,} documents, {stats['rows']:,} "
            f"{'attributions' if args.command == 'attribute' else 'matches'}, "
            f"{stats['errors']:,} errors, {stats['warnings']:,} warnings "
            f"in {stats['elapsed']:.2f} s ({format_bytes(rate)}/s)",
            file=sys.stderr,
        )
    return result, stats


def cmd_find(args: argparse.Namespace) -> int:
    matcher = build_matcher(args)
    _, stats = _run(args, matcher, count=False, groups=None)
    return EXIT_OK if stats["rows"] else EXIT_NO_MATCH


def cmd_count(args: argparse.Namespace) -> int:
    matcher = build_matcher(args)
    if args.by == "label":
        # Patterns without a label are counted together, shown as "(none)".
        names = sorted({lab or NO_LABEL for lab in matcher.labels})
        index = {n: i for i, n in enumerate(names)}
        groups = [index[lab or NO_LABEL] for lab in matcher.labels]
    else:
        names = matcher.patterns
        groups = None
    counts, stats = _run(args, matcher, count=True, groups=groups)
    rows = [(names[k], m, d) for k, (m, d) in enumerate(counts) if m and k < len(names)]
    rows.sort(key=lambda r: (-r[1], r[0]))
    head = args.by
    width = max([len(head), *(len(r[0]) for r in rows)])
    out = sys.stdout
    out.write(f"{head:<{width}}  {'matches':>10}  {'documents':>10}\n")
    for name, m, d in rows:
        out.write(f"{name:<{width}}  {m:>10,}  {d:>10,}\n")
    out.flush()
    return EXIT_OK if stats["rows"] else EXIT_NO_MATCH


def build_attributor(args: argparse.Namespace) -> Attributor:
    if args.attributor:
        if args.sources or args.cues:
            raise CliError(
                "--attributor is a saved attributor: --sources and --cues cannot add to it"
            )
        try:
            return Attributor.load(args.attributor)
        except (LoadError, OSError) as e:
            raise CliError(str(e)) from e
    try:
        return Attributor(sources=args.sources, cues=args.cues)
    except PatternError as e:
        raise CliError(str(e)) from e


def cmd_attribute(args: argparse.Namespace) -> int:
    attributor = build_attributor(args)
    _, stats = _run(args, attributor, count=False, groups=None)
    return EXIT_OK if stats["rows"] else EXIT_NO_MATCH


def cmd_save(args: argparse.Namespace) -> int:
    engine: Matcher | Attributor
    if args.attribution:
        engine = build_attributor(args)
    else:
        if args.patterns is None:
            raise CliError("save needs --patterns FILE (or --attribution)")
        engine = build_matcher(args)
    try:
        engine.save(args.output)
    except OSError as e:
        raise CliError(f"cannot write {args.output}: {e.strerror or e}") from e
    if not args.quiet:
        what = (
            f"matcher of {len(engine):,} patterns" if isinstance(engine, Matcher) else "attributor"
        )
        size = os.path.getsize(args.output)
        print(f"asper: saved the {what} to {args.output} ({format_bytes(size)})", file=sys.stderr)
    return EXIT_OK


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="files or folders (default: the sample corpus)")
    p.add_argument("--text-field", default="text", help="JSON field / Parquet column of the text")
    p.add_argument("--id-field", default="id", help="field of the document id (else file:line)")
    p.add_argument(
        "--threads", type=_count_arg(1), default=None, help="worker threads (default: all cores)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    p.add_argument("--strict", action="store_true", help="stop with exit code 2 at a bad record")
    p.add_argument(
        "--max-errors", type=_count_arg(0), default=None, metavar="N", help="stop past N errors"
    )
    p.add_argument(
        "--window-mb", type=_count_arg(1), default=64, help="input in flight, bounds memory"
    )


def _matcher_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--patterns",
        help="TSV name<TAB>label<TAB>... or one pattern a line, or a matcher saved by asper save",
    )
    p.add_argument("--ignore-case", action="store_true", help="Unicode case-insensitive")
    p.add_argument("--substrings", action="store_true", help="do not require whole words")
    p.add_argument("--match-kind", default="longest", choices=["longest", "first", "all"])


def _output_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", help="output file: .jsonl, .csv or .parquet (default stdout)")
    p.add_argument("--offsets", default="chars", choices=["chars", "bytes"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asper",
        description="Entity and source-attribution matching over news corpora.",
        epilog="Exit codes: 0 finished, 1 no match, 2 fatal error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"asper {_native.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    find = sub.add_parser("find", help="matches of a pattern list")
    _common(find)
    _matcher_opts(find)
    _output_opts(find)
    count = sub.add_parser("count", help="per-pattern or per-label totals")
    _common(count)
    _matcher_opts(count)
    count.add_argument("--by", default="pattern", choices=["pattern", "label"])
    attribute = sub.add_parser("attribute", help="attribution records (who is cited, how)")
    _common(attribute)
    attribute.add_argument(
        "--sources", help="extra sources: TSV name<TAB>label<TAB>canonical (the gazetteer format)"
    )
    attribute.add_argument("--cues", help="extra cues: TSV cue<TAB>kind<TAB>direction")
    attribute.add_argument("--attributor", help="an attributor saved by asper save --attribution")
    _output_opts(attribute)
    save = sub.add_parser("save", help="build a matcher (or attributor) once and save it")
    _matcher_opts(save)
    save.add_argument(
        "--attribution", action="store_true", help="save an attributor (with --sources, --cues)"
    )
    save.add_argument("--sources", help="extra sources for --attribution (TSV)")
    save.add_argument("--cues", help="extra cues for --attribution (TSV)")
    save.add_argument("--attributor", help=argparse.SUPPRESS)
    save.add_argument("-o", "--output", required=True, help="the file to write")
    save.add_argument("-q", "--quiet", action="store_true", help="no summary")
    return parser


COMMANDS = {"find": cmd_find, "count": cmd_count, "attribute": cmd_attribute, "save": cmd_save}


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CliError as e:
        print(f"asper: {e}", file=sys.stderr)
        return EXIT_ERROR
    except _native.ScanError as e:
        print(f"asper: {e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (asper find | head): exit quietly, and keep Python from
        # complaining when it flushes stdout at shutdown.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except (OSError, ValueError) as e:
        print(f"asper: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("asper: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
