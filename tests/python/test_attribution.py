"""The Python API of asper.Attributor and asper.Attribution (issue 3)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

import asper


@pytest.fixture(scope="module")
def attributor() -> asper.Attributor:
    return asper.Attributor()


def records(a: asper.Attributor, text: str) -> list[tuple[str, str, str, str | None]]:
    """(kind, cue, source, canonical) of each record, checking spans against the text."""
    out: list[tuple[str, str, str, str | None]] = []
    for r in a.extract(text):
        assert text[r.cue_start : r.cue_end] == r.cue
        assert text[r.source_start : r.source_end] == r.source
        assert r.sentence_start <= r.cue_start < r.cue_end <= r.sentence_end
        out.append((r.kind, r.cue, r.source, r.canonical))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prices rose, according to the Interfax news agency.",
            ("according_to", "according to", "the Interfax news agency", "Interfax"),
        ),
        (
            "The plant will close, as per the Interfax news agency.",
            ("according_to", "as per", "the Interfax news agency", "Interfax"),
        ),
        ("Talks stalled, Reuters reported.", ("reported", "reported", "Reuters", "Reuters")),
        (
            "The company denied it, The New York Times reported on Monday.",
            ("reported", "reported", "The New York Times", "The New York Times"),
        ),
        (
            "North Korea fired a missile, South Korean news agency Yonhap said.",
            ("said", "said", "South Korean news agency Yonhap", "Yonhap"),
        ),
    ],
)
def test_finds_source_and_canonical(
    attributor: asper.Attributor, text: str, expected: tuple[str, str, str, str]
) -> None:
    assert expected in records(attributor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The work is going according to plan.",
        "The vote will be held as per the schedule.",
        "Reuters shares rose 3% on Tuesday.",
        "Writers follow the AP Stylebook closely.",
        "The castle is said to be haunted.",
        "Washington imposed sanctions on Friday.",
    ],
)
def test_traps_do_not_fire(attributor: asper.Attributor, text: str) -> None:
    assert records(attributor, text) == []


def test_credit_line(attributor: asper.Attributor) -> None:
    text = "Floods hit the state.\n\n(With PTI inputs)"
    recs = records(attributor, text)
    assert [(k, s) for k, _, s, _ in recs] == [("credit_line", "PTI")]


def test_offsets_are_code_points_after_non_ascii(attributor: asper.Attributor) -> None:
    prefix = "🎉 Москва İİİ — “quoted” text. "
    text = prefix + "Prices rose, according to the Interfax news agency."
    recs = attributor.extract(text)
    assert any(r.canonical == "Interfax" for r in recs)
    for r in recs:
        assert text[r.cue_start : r.cue_end] == r.cue
        assert text[r.source_start : r.source_end] == r.source
        assert r.cue_start > len(prefix) - 1


def test_extract_many_equals_extract(attributor: asper.Attributor) -> None:
    texts = [
        "Prices rose, according to the Interfax news agency.",
        "",
        "Nothing to see here.",
        "“It is bad,” a Kremlin spokesman told reporters.",
    ] * 10
    expected = [attributor.extract(t) for t in texts]
    assert attributor.extract_many(texts) == expected
    assert attributor.extract_many(texts, threads=1) == expected
    assert attributor.extract_many(texts, threads=2) == expected


def test_user_sources_from_iterables() -> None:
    text = "The strike spread, according to Radio Zamaneh."
    plain = asper.Attributor()
    assert all(r.canonical is None for r in plain.extract(text))
    a = asper.Attributor(sources=[("Radio Zamaneh", "NEWS_ORG", "Zamaneh")])
    assert ("according_to", "according to", "Radio Zamaneh", "Zamaneh") in records(a, text)
    b = asper.Attributor(sources=["Radio Zamaneh"])
    assert ("according_to", "according to", "Radio Zamaneh", "Radio Zamaneh") in records(b, text)


def test_user_sources_from_tsv(tmp_path: Path) -> None:
    tsv = tmp_path / "outlets.tsv"
    tsv.write_text("Radio Zamaneh\tNEWS_ORG\tZamaneh\nDaily Blip\tNEWS_ORG\t\n", encoding="utf-8")
    text = "The strike spread, according to Radio Zamaneh."
    for src in (tsv, str(tsv)):
        a = asper.Attributor(sources=src)
        assert ("according_to", "according to", "Radio Zamaneh", "Zamaneh") in records(a, text)
    assert ("Daily Blip", "NEWS_ORG", "Daily Blip") in asper.Attributor(sources=tsv).sources


# See: issue 7, "a pattern file (... Attributor(sources=...), cue TSV) that starts with a UTF-8
# BOM silently never matches its first entry".
def test_i7_tsv_files_with_bom_and_crlf(tmp_path: Path) -> None:
    src = tmp_path / "outlets.tsv"
    src.write_bytes("\ufeffRadio Zamaneh\tNEWS_ORG\tZamaneh\r\n".encode())
    cues = tmp_path / "cues.tsv"
    cues.write_bytes("\ufeffas relayed by\taccording_to\tafter\r\n".encode())
    a = asper.Attributor(sources=src, cues=cues)
    assert a.sources[0] == ("Radio Zamaneh", "NEWS_ORG", "Zamaneh")
    assert a.cues[0] == ("as relayed by", "according_to", "after")
    text = "The strike spread, as relayed by Radio Zamaneh."
    assert records(a, text) == [("according_to", "as relayed by", "Radio Zamaneh", "Zamaneh")]


def test_bad_sources_and_cues(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("Good Name\tORG\n\tORG\tEmpty\n", encoding="utf-8")
    with pytest.raises(asper.PatternError, match=r"bad\.tsv.*line 2") as e:
        asper.Attributor(sources=bad)
    assert (e.value.origin, e.value.line) == (str(bad), 2)
    with pytest.raises(FileNotFoundError, match=r"missing\.tsv"):
        asper.Attributor(sources=tmp_path / "missing.tsv")
    with pytest.raises(TypeError):
        asper.Attributor(sources=123)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source 1"):
        asper.Attributor(sources=["ok", 5])  # type: ignore[list-item]
    with pytest.raises(asper.PatternError, match="cue 0"):
        asper.Attributor(cues=[("stated", "shouted")])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="cue 0"):
        asper.Attributor(cues=["stated"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="text must be str"):
        asper.Attributor().extract(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="document 1"):
        asper.Attributor().extract_many(["ok", 5])  # type: ignore[list-item]
    # None is a row without a document (issue 8).
    assert asper.Attributor().extract_many(["ok", None]) == [[], []]
    with pytest.raises(ValueError, match="document 0"):
        asper.Attributor().extract_many(["\udc80"])


def test_user_cue() -> None:
    text = "Inflation will ease, trumpeted the Interfax news agency."
    assert asper.Attributor().extract(text) == [] or all(
        r.cue != "trumpeted" for r in asper.Attributor().extract(text)
    )
    a = asper.Attributor(cues=[("trumpeted", "said", "either")])
    assert ("said", "trumpeted") in [(k, c) for k, c, _, _ in records(a, text)]


def test_no_builtins() -> None:
    a = asper.Attributor(builtin_sources=False, builtin_cues=False)
    assert a.sources == [] and a.cues == []
    assert a.extract("Prices rose, according to the Interfax news agency.") == []


def test_pickle_and_copy() -> None:
    a = asper.Attributor(sources=[("Radio Zamaneh", "NEWS_ORG", "Zamaneh")], builtin_cues=True)
    text = "The strike spread, according to Radio Zamaneh, and Reuters reported it."
    for b in (pickle.loads(pickle.dumps(a)), copy.deepcopy(a)):
        assert b.extract(text) == a.extract(text)
        assert b.sources == a.sources and b.cues == a.cues
    c = asper.Attributor(builtin_sources=False)
    assert pickle.loads(pickle.dumps(c)).sources == []


def test_attribution_value_semantics(attributor: asper.Attributor) -> None:
    [r] = [
        x for x in attributor.extract("Talks stalled, Reuters reported.") if x.kind == "reported"
    ]
    assert r == pickle.loads(pickle.dumps(r))
    assert hash(r) == hash(pickle.loads(pickle.dumps(r)))
    assert "Attribution(kind=" in repr(r) and "'Reuters'" in repr(r)
    with pytest.raises(AttributeError):
        r.kind = "said"  # type: ignore[misc]
    other = asper.Attribution("said", "said", 0, 4, "he", 5, 7, None, 0, 8)
    assert sorted([r, other]) == [other, r]
    assert r != other
    with pytest.raises(ValueError, match="kind"):
        asper.Attribution("shouted", "x", 0, 1, "y", 2, 3, None, 0, 3)  # type: ignore[arg-type]


def test_chains_and_no_comment(attributor: asper.Attributor) -> None:
    """``via`` is the index of the relaying record; "declined to comment" is kind no_comment."""
    text = (
        "The Interfax news agency, citing a source in the emergency services, reported that "
        "the fire was out. A spokeswoman for the ministry declined to comment."
    )
    recs = attributor.extract(text)
    by_cue = {r.cue: r for r in recs}
    assert by_cue["citing"].via == recs.index(by_cue["reported"])
    assert by_cue["reported"].via is None
    silent = by_cue["declined to comment"]
    assert (silent.kind, silent.source) == ("no_comment", "A spokeswoman for the ministry")
    r = by_cue["citing"]
    assert pickle.loads(pickle.dumps(r)) == r and "via=" in repr(r)
    made = asper.Attribution("said", "said", 0, 4, "he", 5, 7, None, 0, 8, via=0)
    assert made.via == 0 and made != asper.Attribution("said", "said", 0, 4, "he", 5, 7, None, 0, 8)
