"""A pure-Python reference matcher: DESIGN.md implemented literally, independently of asper.

It shares nothing with the crate: it reads the Unicode data from the files vendored in
``tests/data`` (the version asper's tables are generated from, not Python's older
``unicodedata``): the case folds from ``CaseFolding.txt`` (statuses C and S, plus ``İ`` ->
``i``), word characters from ``DerivedCoreProperties.txt`` (Alphabetic) and ``UnicodeData.txt``
(general categories Nd, Nl, No, Mn, Mc, Me, Pc). White_Space is the explicit code-point list of
DESIGN.md (not ``str.isspace``, which also accepts U+001C..U+001F). It works in code points and
is slow on purpose: every candidate at every position is found by direct comparison.

If DESIGN.md changes, change this file with it (and ``tests/rust/reference.rs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

UCD = Path(__file__).resolve().parents[1] / "data"
CASE_FOLDING = UCD / "CaseFolding.txt"

#: Longest folded pattern accepted, in UTF-8 bytes (DESIGN.md: "longer than 4096 bytes").
MAX_PATTERN_BYTES = 4096

MATCH_KINDS = ("longest", "first", "all")


class Options(NamedTuple):
    """One combination of the matcher options."""

    ignore_case: bool
    whole_words: bool
    normalize: bool
    match_kind: str

    def kwargs(self) -> dict[str, Any]:
        return self._asdict()

    def short(self) -> str:
        """A short name, for test ids: ``ic-ww-norm-longest``, ``cs-any-raw-all``..."""
        return "-".join(
            [
                "ic" if self.ignore_case else "cs",
                "ww" if self.whole_words else "any",
                "norm" if self.normalize else "raw",
                self.match_kind,
            ]
        )


#: Every combination of the four options (2 x 2 x 2 x 3 = 24).
ALL_OPTIONS: tuple[Options, ...] = tuple(
    Options(ic, ww, nz, mk)
    for ic in (False, True)
    for ww in (False, True)
    for nz in (False, True)
    for mk in MATCH_KINDS
)

# DESIGN.md, "Folding": the White_Space property, listed explicitly.
WHITE_SPACE: frozenset[str] = frozenset(
    [chr(c) for c in range(0x09, 0x0E)]
    + ["\u0020", "\u0085", "\u00a0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
)

# DESIGN.md, "Folding": typographic punctuation under normalize.
PUNCT_FOLD: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u2033", '"'),
    **dict.fromkeys([chr(c) for c in range(0x2010, 0x2016)] + ["\u2212"], "-"),
}

_WORD_CATEGORIES = frozenset(["Nd", "Nl", "No", "Mn", "Mc", "Me", "Pc"])


def ucd_property(file: str, prop: str) -> set[int]:
    """The code points with property ``prop`` in a PropList-style UCD file."""
    out: set[int] = set()
    for raw in (UCD / file).read_text(encoding="utf-8").splitlines():
        fields = [f.strip() for f in raw.split("#", 1)[0].split(";")]
        if len(fields) < 2 or fields[1] != prop:
            continue
        lo, _, hi = fields[0].partition("..")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    assert out, f"no {prop} in {file}"
    return out


@cache
def general_categories() -> dict[int, str]:
    """The general category of every assigned code point, from UnicodeData.txt."""
    cats: dict[int, str] = {}
    first = 0
    for raw in (UCD / "UnicodeData.txt").read_text(encoding="utf-8").splitlines():
        fields = raw.split(";")
        cp, name, cat = int(fields[0], 16), fields[1], fields[2]
        if name.endswith(", First>"):
            first = cp
        elif name.endswith(", Last>"):
            cats.update(dict.fromkeys(range(first, cp + 1), cat))
        else:
            cats[cp] = cat
    assert len(cats) > 150_000, "UnicodeData.txt looks truncated"
    return cats


@cache
def word_chars() -> frozenset[int]:
    """DESIGN.md's word characters: Alphabetic, or general category Nd, Nl, No, Mn, Mc, Me, Pc."""
    alpha = ucd_property("DerivedCoreProperties.txt", "Alphabetic")
    return frozenset(
        alpha | {cp for cp, cat in general_categories().items() if cat in _WORD_CATEGORIES}
    )


class ReferencePatternError(ValueError):
    """A pattern is empty after trimming, or too long after folding."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"pattern {index} {reason}")
        self.index = index


class FoldedChar(NamedTuple):
    """One character of the folded view and the original code points it covers."""

    char: str
    start: int
    end: int


@cache
def case_folds() -> dict[str, str]:
    """The simple case folds (statuses C and S) of CaseFolding.txt, plus İ -> i."""
    folds: dict[str, str] = {}
    for raw in CASE_FOLDING.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        code, status, mapping = (f.strip() for f in line.split(";")[:3])
        if status not in ("C", "S"):
            continue
        src, dst = chr(int(code, 16)), chr(int(mapping, 16))
        assert src not in folds, f"two simple folds for {code}"
        folds[src] = dst
    assert len(folds) > 1400, "CaseFolding.txt looks truncated"
    folds["\u0130"] = "i"
    return folds


def is_white_space(ch: str) -> bool:
    return ch in WHITE_SPACE


def is_word_char(ch: str) -> bool:
    """A word character of DESIGN.md (from the vendored UCD)."""
    return ord(ch) in word_chars()


def fold_char(ch: str, *, ignore_case: bool, normalize: bool) -> str:
    """Punctuation folding (under normalize), then case folding (under ignore_case)."""
    if normalize:
        ch = PUNCT_FOLD.get(ch, ch)
    if ignore_case:
        ch = case_folds().get(ch, ch)
    return ch


def fold_text(text: str, *, ignore_case: bool, normalize: bool) -> list[FoldedChar]:
    """The folded view of ``text`` with, for each folded character, its original span."""
    out: list[FoldedChar] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if normalize and is_white_space(ch):
            j = i
            while j < n and is_white_space(text[j]):
                j += 1
            out.append(FoldedChar(" ", i, j))
            i = j
            continue
        out.append(
            FoldedChar(fold_char(ch, ignore_case=ignore_case, normalize=normalize), i, i + 1)
        )
        i += 1
    return out


def fold_string(text: str, *, ignore_case: bool, normalize: bool) -> str:
    """The folded view of ``text`` as a string."""
    return "".join(c.char for c in fold_text(text, ignore_case=ignore_case, normalize=normalize))


def fold_pattern(pattern: str, index: int, *, ignore_case: bool, normalize: bool) -> str:
    """A pattern trimmed (under normalize) and folded; errors name ``index``."""
    if normalize:
        start, end = 0, len(pattern)
        while start < end and is_white_space(pattern[start]):
            start += 1
        while end > start and is_white_space(pattern[end - 1]):
            end -= 1
        pattern = pattern[start:end]
    folded = fold_string(pattern, ignore_case=ignore_case, normalize=normalize)
    if not folded:
        raise ReferencePatternError(index, "is empty")
    size = len(folded.encode("utf-8"))
    if size > MAX_PATTERN_BYTES:
        raise ReferencePatternError(index, f"is {size} bytes long")
    return folded


class Reference:
    """The reference matcher. ``find`` returns ``[(start, end, pattern_id)]`` in code points."""

    def __init__(
        self,
        patterns: Iterable[str],
        *,
        ignore_case: bool = False,
        whole_words: bool = True,
        normalize: bool = True,
        match_kind: str = "longest",
    ) -> None:
        if match_kind not in MATCH_KINDS:
            raise ValueError(f"bad match_kind {match_kind!r}")
        self.ignore_case = ignore_case
        self.whole_words = whole_words
        self.normalize = normalize
        self.match_kind = match_kind
        self.patterns = list(patterns)
        self.folded = [
            fold_pattern(p, i, ignore_case=ignore_case, normalize=normalize)
            for i, p in enumerate(self.patterns)
        ]
        # Only an index to skip patterns that cannot start at a position; every candidate is
        # still confirmed by direct comparison.
        self._by_first: dict[str, list[int]] = {}
        for pid, f in enumerate(self.folded):
            self._by_first.setdefault(f[0], []).append(pid)

    def fold(self, text: str) -> str:
        """``text`` folded as this matcher folds texts."""
        return fold_string(text, ignore_case=self.ignore_case, normalize=self.normalize)

    def _valid(self, view: str, s: int, e: int, pid: int) -> bool:
        if not self.whole_words:
            return True
        pat = self.folded[pid]
        if is_word_char(pat[0]) and s > 0 and is_word_char(view[s - 1]):
            return False
        return not (is_word_char(pat[-1]) and e < len(view) and is_word_char(view[e]))

    def candidates(self, view: str, s: int) -> list[tuple[int, int]]:
        """C(s): the valid candidates ``(end, pattern_id)`` at folded offset ``s``."""
        out = []
        for pid in self._by_first.get(view[s], ()):
            pat = self.folded[pid]
            if view.startswith(pat, s):
                e = s + len(pat)
                if self._valid(view, s, e, pid):
                    out.append((e, pid))
        return out

    def _select(self, view: str) -> list[tuple[int, int, int]]:
        out: list[tuple[int, int, int]] = []
        if self.match_kind == "all":
            for s in range(len(view)):
                out.extend((s, e, pid) for e, pid in self.candidates(view, s))
            out.sort()
            return out
        pos = 0
        while pos < len(view):
            cands = self.candidates(view, pos)
            if not cands:
                pos += 1
                continue
            if self.match_kind == "longest":
                # The longest; among equally long (duplicate) ones the lowest id.
                e, pid = min(cands, key=lambda c: (-c[0], c[1]))
            else:
                e, pid = min(cands, key=lambda c: c[1])
            out.append((pos, e, pid))
            pos = e
        return out

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Matches as ``(start, end, pattern_id)`` in code-point offsets of ``text``."""
        view = fold_text(text, ignore_case=self.ignore_case, normalize=self.normalize)
        matches = self._select("".join(c.char for c in view))
        return [(view[s].start, view[e - 1].end, pid) for s, e, pid in matches]


def reference_find(
    patterns: Sequence[str],
    text: str,
    *,
    ignore_case: bool = False,
    whole_words: bool = True,
    normalize: bool = True,
    match_kind: str = "longest",
) -> list[tuple[int, int, int]]:
    """One-shot :meth:`Reference.find`."""
    ref = Reference(
        patterns,
        ignore_case=ignore_case,
        whole_words=whole_words,
        normalize=normalize,
        match_kind=match_kind,
    )
    return ref.find(text)
