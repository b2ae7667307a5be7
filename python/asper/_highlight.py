"""``Matcher.highlight`` and ``Attributor.highlight``: a text with its matches or attributions
marked, shown as HTML in a notebook (``_repr_html_``) and exportable to displaCy's manual
format. Everything from the text is HTML-escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from asper._native import Attribution, Match

# Background colours per label, in order of first appearance (colour-blind friendly pastels).
PALETTE = (
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#dbdb8d",
    "#9edae5",
    "#d9d9d9",
)
CUE_COLOUR = "#fde68a"
SOURCE_COLOUR = "#bfdbfe"


class Span(NamedTuple):
    """A marked span: code-point offsets, its label, a tooltip, and the numbers of the
    attribution records it belongs to (empty for matches)."""

    start: int
    end: int
    label: str
    title: str
    records: tuple[int, ...] = ()


def _pick(spans: list[Span]) -> tuple[list[Span], int]:
    """Merges identical spans, then keeps non-overlapping ones (leftmost, then longest):
    the display cannot nest marks. Returns the kept spans and how many were left out."""
    merged: dict[tuple[int, int, str], Span] = {}
    for s in spans:
        key = (s.start, s.end, s.label)
        if key in merged:
            old = merged[key]
            merged[key] = old._replace(records=old.records + s.records)
        else:
            merged[key] = s
    ordered = sorted(merged.values(), key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    end = -1
    for s in ordered:
        if s.start >= end:
            kept.append(s)
            end = s.end
    return kept, len(ordered) - len(kept)


class Highlight:
    """A text with marked spans: ``_repr_html_`` for notebooks, ``to_displacy()`` for spaCy's
    ``displacy.render(..., manual=True)``, and ``str()`` as plain text with brackets."""

    def __init__(
        self,
        text: str,
        spans: Sequence[Span],
        colours: dict[str, str],
        records: Sequence[Attribution] = (),
    ) -> None:
        self.text = text
        self.spans, self.hidden = _pick(list(spans))
        self.colours = colours
        self.records = list(records)

    def __len__(self) -> int:
        return len(self.spans)

    def to_displacy(self) -> dict[str, Any]:
        """displaCy's manual format: ``{"text", "ents": [{"start", "end", "label"}], "title"}``
        with code-point offsets and non-overlapping, sorted entities."""
        ents = [{"start": s.start, "end": s.end, "label": s.label} for s in self.spans]
        return {"text": self.text, "ents": ents, "title": None}

    def __str__(self) -> str:
        out, pos = [], 0
        for s in self.spans:
            out.append(self.text[pos : s.start])
            out.append(f"[{self.text[s.start : s.end]}]({s.label})")
            pos = s.end
        out.append(self.text[pos:])
        return "".join(out)

    def __repr__(self) -> str:
        shown = ", ".join(f"{self.text[s.start : s.end]!r} {s.label}" for s in self.spans[:5])
        more = ", ..." if len(self.spans) > 5 else ""
        return f"Highlight({len(self.spans)} spans: {shown}{more})"

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [
            '<div class="asper-highlight" style="line-height: 2.4; white-space: pre-wrap; '
            'direction: ltr; font-family: sans-serif;">'
        ]
        pos = 0
        for s in self.spans:
            parts.append(esc(self.text[pos : s.start]))
            colour = self.colours.get(s.label, "#ddd")
            refs = "".join(f"<sup>{n}</sup>" for n in s.records)
            parts.append(
                f'<mark title="{esc(s.title)}" style="background: {colour}; padding: 0.2em '
                '0.4em; margin: 0 0.15em; border-radius: 0.35em;">'
                f"{esc(self.text[s.start : s.end])}"
                '<span style="font-size: 0.7em; font-weight: bold; margin-left: 0.4em; '
                f'text-transform: uppercase;">{esc(s.label)}</span>{refs}</mark>'
            )
            pos = s.end
        parts.append(esc(self.text[pos:]))
        parts.append("</div>")
        legend = " ".join(
            f'<span style="background: {c}; padding: 0.1em 0.5em; border-radius: 0.35em; '
            f'margin-right: 0.3em;">{esc(label)}</span>'
            for label, c in self.colours.items()
        )
        parts.append(f'<div style="margin-top: 0.5em; font-size: 0.85em;">{legend}')
        if self.hidden:
            parts.append(f" <em>({self.hidden} overlapping spans not shown)</em>")
        parts.append("</div>")
        if self.records:
            parts.append(
                '<table style="font-size: 0.85em; margin-top: 0.5em;"><tr><th>#</th>'
                "<th>kind</th><th>cue</th><th>source</th><th>canonical</th></tr>"
            )
            for n, r in enumerate(self.records, 1):
                parts.append(
                    f"<tr><td>{n}</td><td>{esc(r.kind)}</td><td>{esc(r.cue)}</td>"
                    f"<td>{esc(r.source)}</td><td>{esc(r.canonical or '')}</td></tr>"
                )
            parts.append("</table>")
        return "".join(parts)


def from_matches(text: str, matches: Sequence[Match]) -> Highlight:
    """The highlight of a matcher's matches (labels, or the pattern for unlabelled ones)."""
    colours: dict[str, str] = {}
    spans = []
    for m in matches:
        label = m.label if m.label is not None else "MATCH"
        if label not in colours:
            colours[label] = PALETTE[len(colours) % len(PALETTE)]
        spans.append(Span(m.start, m.end, label, f"{m.pattern} ({label})"))
    return Highlight(text, spans, colours)


def from_attributions(text: str, records: Sequence[Attribution]) -> Highlight:
    """The highlight of attribution records: each cue and its source marked, numbered alike."""
    spans = []
    for n, r in enumerate(records, 1):
        who = r.canonical or r.source
        spans.append(Span(r.cue_start, r.cue_end, "cue", f"#{n} {r.kind}: cites {who}", (n,)))
        spans.append(
            Span(r.source_start, r.source_end, "source", f"#{n} source of {r.cue!r}", (n,))
        )
    return Highlight(text, spans, {"cue": CUE_COLOUR, "source": SOURCE_COLOUR}, records)
