"""The native extension of asper (Rust, PyO3). Import the names from ``asper``."""

from collections.abc import Callable, Iterable, Mapping
from os import PathLike
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    Protocol,
    Self,
    TypeAlias,
    TypeVar,
    final,
    overload,
)

import numpy as np
import numpy.typing as npt

from asper._highlight import Highlight

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = [
    "UNICODE_VERSION",
    "Attribution",
    "Attributor",
    "LoadError",
    "Match",
    "Matcher",
    "PatternError",
    "Results",
    "ResultsIterator",
    "ScanError",
    "Table",
    "_Column",
    "__version__",
    "_after_fork",
    "_core_baseline",
    "_polars_attributions",
    "_polars_contains",
    "_polars_count",
    "_polars_extract",
    "_scan",
]

_MatchKind: TypeAlias = Literal["longest", "first", "all"]
_AttributionKind: TypeAlias = Literal[
    "according_to", "reported", "said", "credit_line", "noun_cue", "no_comment"
]
_CueDirection: TypeAlias = Literal["after", "before", "either", "possessive", "object", "bracket"]
_Offsets: TypeAlias = Literal["chars", "bytes"]
_T = TypeVar("_T")

class _ArrowArrayExportable(Protocol):
    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]: ...

class _ArrowStreamExportable(Protocol):
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

_Texts: TypeAlias = Iterable[str | None] | _ArrowArrayExportable | _ArrowStreamExportable
"""A list (or any iterable) of str, or an Arrow string column or table: pyarrow Array,
ChunkedArray, Table or RecordBatch, polars Series or DataFrame, pandas Series or DataFrame,
a DuckDB relation. None (NaN, pandas NA, Arrow null) rows have no document."""

__version__: str
"""The package version."""
UNICODE_VERSION: str
"""The Unicode version of asper's case folding, word characters and white space."""

class PatternError(ValueError):
    """A pattern, cue or source entry (or a line of a file of them) is invalid."""

    index: int | None
    """The index of the entry at fault, in the order given (None for a file line)."""
    entry: Literal["pattern", "cue", "source"] | None
    """What the entry is."""
    value: str | None
    """The entry as given."""
    origin: str | None
    """The file of a TSV line that does not parse."""
    line: int | None
    """The 1-based line number in ``origin``."""

class LoadError(ValueError):
    """A saved matcher or attributor cannot be loaded: the file is empty, truncated, corrupted,
    of another kind or saved by a newer asper."""

    filename: str
    """The file."""
    reason: str
    """What is wrong with it."""

class ScanError(ValueError):
    """A corpus scan stopped on bad records (strict mode, or more than max_errors)."""

@final
class Match:
    """One match: code-point offsets, pattern id, the pattern as given and its label.

    ``text[m.start:m.end]`` is the matched text as written, whatever folding did. Immutable,
    hashable, ordered by (start, end, pattern_id); ``len(m)`` is its length in code points.
    """

    @property
    def start(self) -> int:
        """Code-point offset of the first character."""
    @property
    def end(self) -> int:
        """Code-point offset one past the last character."""
    @property
    def pattern_id(self) -> int:
        """The index of the pattern, in the order given."""
    @property
    def pattern(self) -> str:
        """The pattern as given."""
    @property
    def label(self) -> str | None:
        """The pattern's label, if it has one."""
    def __new__(
        cls, start: int, end: int, pattern_id: int, pattern: str, label: str | None = None
    ) -> Self: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Match, /) -> bool: ...
    def __le__(self, other: Match, /) -> bool: ...
    def __gt__(self, other: Match, /) -> bool: ...
    def __ge__(self, other: Match, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[int, int, int, str, str | None]]: ...

@final
class Matcher:
    """A compiled set of patterns with optional labels.

    ``patterns``: an iterable of str, of (pattern, label) pairs, or a mapping pattern -> label.
    ``ignore_case``: Unicode simple case folding. ``whole_words``: matches do not touch a word
    character where the pattern has one (with a fallback to the next-longest valid match).
    ``normalize``: whitespace runs match one space; curly quotes and dashes match ASCII ones.
    ``match_kind``: ``"longest"`` (leftmost-longest), ``"first"`` (leftmost-first) or ``"all"``
    (overlapping). ``threads``: the worker threads of batch calls that give none (else
    ``ASPER_THREADS``, else one per core); a call's ``threads=`` wins. Raises PatternError naming
    the index of an empty or too long pattern.
    """

    def __new__(
        cls,
        patterns: Iterable[str] | Iterable[tuple[str, str | None]] | Mapping[str, str | None],
        *,
        ignore_case: bool = False,
        whole_words: bool = True,
        normalize: bool = True,
        match_kind: _MatchKind = "longest",
        threads: int | None = None,
    ) -> Self: ...
    @property
    def threads(self) -> int | None:
        """The ``threads`` given at construction."""
    @property
    def _engine_id(self) -> int:
        """The identity of the built search structures (shared through the process's cache)."""
    def save(self, path: str | PathLike[str]) -> None:
        """Saves the matcher (its built search structures) to ``path``, atomically."""
    @staticmethod
    def load(path: str | PathLike[str], *, threads: int | None = None) -> Matcher:
        """Loads a matcher saved by ``save``; LoadError names a file that cannot be loaded."""
    def find(self, text: str) -> list[Match]:
        """The matches in ``text``, in order."""
    def find_many(
        self,
        texts: _Texts,
        *,
        column: str | None = None,
        threads: int | None = None,
        progress: bool = False,
    ) -> Results[Match]:
        """The matches of each text (a list per document, empty for a null row), computed in
        parallel with the GIL released (``threads=None``: one per core). ``column`` names the
        text column of a table (default ``"text"``). ``progress=True`` shows a tqdm bar.
        Ctrl-C stops it with KeyboardInterrupt."""
    def find_table(
        self,
        texts: _Texts,
        *,
        column: str | None = None,
        threads: int | None = None,
        offsets: _Offsets = "chars",
        progress: bool = False,
    ) -> Table:
        """The matches of every text as one Table: ``doc`` (the row of the document),
        ``start``, ``end``, ``pattern_id``, ``pattern``, ``label``."""
    def count_many(
        self,
        texts: _Texts,
        *,
        column: str | None = None,
        threads: int | None = None,
        progress: bool = False,
    ) -> npt.NDArray[np.int64]:
        """The number of matches in each text (0 for a null row), as a numpy array."""
    def counts(
        self,
        texts: _Texts,
        *,
        by: Literal["pattern", "label"] = "pattern",
        column: str | None = None,
        threads: int | None = None,
        progress: bool = False,
    ) -> dict[str | None, int]:
        """Total matches per pattern (or label; None for unlabelled patterns), most frequent
        first."""
    def count(self, text: str) -> int:
        """The number of matches in ``text``."""
    def is_match(self, text: str) -> bool:
        """Whether ``text`` has a match."""
    def replace(self, text: str, repl: str | Callable[[Match], str]) -> str:
        """``text`` with every match replaced by ``repl`` (a str, or a function of the Match)."""
    def highlight(self, text: str) -> Highlight:
        """``text`` with its matches marked: shown as HTML in a notebook, ``.to_displacy()``."""
    def _repr_html_(self) -> str: ...
    def __len__(self) -> int: ...
    @property
    def patterns(self) -> list[str]:
        """The patterns, as given."""
    @property
    def labels(self) -> list[str | None]:
        """The labels (None where a pattern has none)."""
    @property
    def ignore_case(self) -> bool:
        """Whether matching folds case (Unicode simple case folding)."""
    @property
    def whole_words(self) -> bool:
        """Whether a match must start and end at word boundaries."""
    @property
    def normalize(self) -> bool:
        """Whether whitespace runs and typographic punctuation match their plain forms."""
    @property
    def match_kind(self) -> _MatchKind:
        """``longest``, ``first`` or ``all``."""
    def __getnewargs_ex__(
        self,
    ) -> tuple[tuple[list[tuple[str, str | None]]], dict[str, Any]]: ...

def _after_fork() -> None:
    """Called in the child after ``os.fork()``: parallel calls run on one thread there."""

@final
class Attribution:
    """One attribution record: who is cited (source), by which cue, where (code-point offsets).

    ``text[a.cue_start:a.cue_end] == a.cue`` and ``text[a.source_start:a.source_end] ==
    a.source``; the sentence span contains both.
    """

    @property
    def kind(self) -> _AttributionKind:
        """``according_to``, ``reported``, ``said``, ``credit_line``, ``noun_cue`` or
        ``no_comment``."""
    @property
    def cue(self) -> str:
        """The cue as written ("according to", "said", "(With")."""
    @property
    def cue_start(self) -> int:
        """Code-point offset of the cue's first character."""
    @property
    def cue_end(self) -> int:
        """Code-point offset just past the cue."""
    @property
    def source(self) -> str:
        """The source noun phrase as written."""
    @property
    def source_start(self) -> int:
        """Code-point offset of the source's first character."""
    @property
    def source_end(self) -> int:
        """Code-point offset just past the source."""
    @property
    def canonical(self) -> str | None:
        """The gazetteer's canonical name for a known source, else None."""
    @property
    def sentence_start(self) -> int:
        """Code-point offset of the start of the sentence holding cue and source."""
    @property
    def sentence_end(self) -> int:
        """Code-point offset just past the end of that sentence."""
    @property
    def via(self) -> int | None:
        """The index, in the same list of records, of the record this one is relayed by ("X,
        citing Y, reported": Y's record has the index of X's), else None."""
    def __new__(
        cls,
        kind: _AttributionKind,
        cue: str,
        cue_start: int,
        cue_end: int,
        source: str,
        source_start: int,
        source_end: int,
        canonical: str | None,
        sentence_start: int,
        sentence_end: int,
        via: int | None = None,
    ) -> Self: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Attribution, /) -> bool: ...
    def __le__(self, other: Attribution, /) -> bool: ...
    def __gt__(self, other: Attribution, /) -> bool: ...
    def __ge__(self, other: Attribution, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...

@final
class Attributor:
    """Extracts attribution records with a cue lexicon and a news-source gazetteer.

    ``sources``: a TSV file (``name<TAB>label<TAB>canonical``) or an iterable of names or
    (name, label, canonical) tuples, added before the built-in gazetteer. ``cues``: a TSV file
    (``cue<TAB>kind<TAB>direction``) or an iterable of (cue, kind[, direction]) tuples.
    """

    def __new__(
        cls,
        *,
        sources: str
        | PathLike[str]
        | Iterable[str | tuple[str, str | None, str | None]]
        | None = None,
        cues: str
        | PathLike[str]
        | Iterable[tuple[str, _AttributionKind] | tuple[str, _AttributionKind, _CueDirection]]
        | None = None,
        builtin_sources: bool = True,
        builtin_cues: bool = True,
        threads: int | None = None,
    ) -> Self: ...
    @property
    def threads(self) -> int | None:
        """The ``threads`` given at construction."""
    def save(self, path: str | PathLike[str]) -> None:
        """Saves the attributor (its options, user cues and sources) to ``path``, atomically."""
    @staticmethod
    def load(path: str | PathLike[str], *, threads: int | None = None) -> Attributor:
        """Loads an attributor saved by ``save``; LoadError names a file that cannot be loaded."""
    def extract(self, text: str) -> list[Attribution]:
        """The attribution records of ``text``, sorted by cue then source."""
    def extract_many(
        self,
        texts: _Texts,
        *,
        column: str | None = None,
        threads: int | None = None,
        progress: bool = False,
    ) -> Results[Attribution]:
        """The records of each text (a list per document, empty for a null row), in parallel
        with the GIL released. Ctrl-C stops it with KeyboardInterrupt."""
    def extract_table(
        self,
        texts: _Texts,
        *,
        column: str | None = None,
        threads: int | None = None,
        offsets: _Offsets = "chars",
        progress: bool = False,
    ) -> Table:
        """The records of every text as one Table: ``doc`` then the fields of Attribution."""
    def highlight(self, text: str) -> Highlight:
        """``text`` with each cue and its source marked and numbered alike."""
    @property
    def sources(self) -> list[tuple[str, str, str]]:
        """The effective gazetteer: (name, label, canonical), user entries first."""
    @property
    def cues(self) -> list[tuple[str, _AttributionKind, _CueDirection]]:
        """The effective cue lexicon: (cue, kind, direction), user entries first."""
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...

@final
class Table:
    """A result table (``find_table``, ``extract_table``, ``asper.scan``): Arrow record
    batches built in Rust, exported through ``__arrow_c_stream__`` (``pyarrow.table(t)``,
    ``polars.DataFrame(t)``, ``duckdb.sql("from t")`` read it without a copy)."""

    def __len__(self) -> int: ...
    @property
    def column_names(self) -> list[str]:
        """The column names."""
    @property
    def stats(self) -> Any:
        """The counters of the scan that made the table (``asper.ScanStats``), else None."""
    def _with_stats(self, stats: object) -> Table: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow C stream of the table (the Arrow PyCapsule interface)."""
    def to_pyarrow(self) -> pyarrow.Table:
        """A pyarrow Table (needs pyarrow only)."""
    def to_arrow(self) -> pyarrow.Table:
        """Alias of ``to_pyarrow``."""
    def to_polars(self) -> polars.DataFrame:
        """A polars DataFrame (needs polars only)."""
    def to_pandas(self) -> pandas.DataFrame:
        """A pandas DataFrame (needs pandas and numpy only)."""
    def to_pydict(self) -> dict[str, list[Any]]:
        """The columns as Python lists."""
    def to_pylist(self) -> list[dict[str, Any]]:
        """The rows as dicts."""
    def row(self, index: int) -> dict[str, Any]:
        """One row as a dict."""
    def _repr_html_(self) -> str: ...

@final
class Results(Generic[_T]):
    """One list of matches (or attribution records) per document, in input order: a
    read-only sequence, equal to the equivalent list of lists, whose lists are made on
    access (no objects for Python's garbage collector to rescan)."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> list[_T]: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[list[_T]]: ...
    def __iter__(self) -> ResultsIterator[_T]: ...
    @property
    def total_count(self) -> int:
        """The number of matches (or records) over all documents."""
    def to_list(self) -> list[list[_T]]:
        """The results as a plain list of lists."""
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[list[list[_T]]]]: ...

@final
class ResultsIterator(Generic[_T]):
    """An iterator over a ``Results``: each document's list, made when reached."""

    def __iter__(self) -> Self: ...
    def __next__(self) -> list[_T]: ...
    def __length_hint__(self) -> int: ...

@final
class _Column:
    def __len__(self) -> int: ...
    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

def _core_baseline(
    matcher: Matcher,
    texts: _Texts,
    *,
    what: Literal["find", "count"] = "find",
    threads: int | None = None,
) -> int:
    """The core's own work on ``texts`` (the baseline of the benchmarks)."""

def _polars_count(matcher: Matcher, texts: _Texts, *, threads: int | None = None) -> _Column: ...
def _polars_contains(matcher: Matcher, texts: _Texts, *, threads: int | None = None) -> _Column: ...
def _polars_extract(
    matcher: Matcher,
    texts: _Texts,
    *,
    what: Literal["pattern", "label"] = "pattern",
    threads: int | None = None,
) -> _Column: ...
def _polars_attributions(
    attributor: Attributor, texts: _Texts, *, threads: int | None = None
) -> _Column: ...
def _scan(
    paths: list[str],
    engine: Matcher | Attributor,
    *,
    text_field: str = "text",
    id_field: str = "id",
    output: str | None = None,
    threads: int | None = None,
    offsets: _Offsets = "chars",
    strict: bool = False,
    max_errors: int | None = None,
    window_mb: int = 64,
    count: bool = False,
    groups: list[int] | None = None,
    on_progress: Callable[[dict[str, Any]], object] | None = None,
    on_record: Callable[[str, bool], object] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """The corpus pipeline behind ``asper.scan`` and the command line."""
