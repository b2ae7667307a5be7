"""A soak test (issue 12, section 3): a generated multi-GB corpus streamed through the command
line, with every record accounted for and flat memory.

Marked ``slow`` (``pytest -m "not slow"`` leaves it out) but run by ``make test`` and CI at a
bounded size: ``ASPER_SOAK_BYTES`` (default 2 GiB: under a minute on 2 cores). The corpus
is never written to disk: a writer thread generates it into the command's standard input, and
the resident memory of the command (``VmRSS`` in ``/proc/PID/status``) is sampled as it runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

SOAK_BYTES = int(os.environ.get("ASPER_SOAK_BYTES", 2 << 30))

#: Every 1000th record is bad (its text a number): an error, reported and counted.
BAD_EVERY = 1000


def _rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(m.group(1)) if m else None


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_soak_streams_a_large_corpus_with_flat_memory(tmp_path: Path) -> None:
    text = "Prices rose in Zürich, the Interfax news agency said; Reuters and AP confirmed. " * 12
    good = [json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) for i in range(999)]
    bad = json.dumps({"id": "bad", "text": 12345})
    block = ("\n".join([*good, bad]) + "\n").encode()
    blocks = max(1, SOAK_BYTES // len(block))
    records, errors = blocks * 1000, blocks
    per_doc = 3 * 12  # Zürich, Reuters, AP in each repetition

    pf = tmp_path / "p.tsv"
    pf.write_text("Zürich\tPLACE\nReuters\tWIRE\nAP\tWIRE\n", "utf-8")
    cmd = [sys.executable, "-m", "asper", "count", "-", "--patterns", str(pf)]
    out_f = (tmp_path / "stdout").open("w+b")
    err_f = (tmp_path / "stderr").open("w+b")
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out_f, stderr=err_f)
    assert proc.stdin is not None
    written = [0]

    def feed() -> None:
        assert proc.stdin is not None
        try:
            for _ in range(blocks):
                proc.stdin.write(block)
                written[0] += 1
        finally:
            proc.stdin.close()

    samples: list[tuple[int, int]] = []  # (blocks written, RSS KiB)

    def sample() -> None:
        while proc.poll() is None:
            rss = _rss_kib(proc.pid)
            if rss is not None:
                samples.append((written[0], rss))
            time.sleep(0.2)

    writer = threading.Thread(target=feed)
    sampler = threading.Thread(target=sample)
    started = time.monotonic()
    writer.start()
    sampler.start()
    writer.join()
    proc.wait(timeout=600)
    sampler.join()
    took = time.monotonic() - started
    out_f.seek(0)
    err_f.seek(0)
    out, err_text = out_f.read(), err_f.read().decode()
    out_f.close()
    err_f.close()

    assert proc.returncode == 0, err_text
    summary = re.search(r"asper: ([\d,]+) documents, ([\d,]+) matches, ([\d,]+) errors", err_text)
    assert summary, err_text
    docs, matches, n_errors = (int(g.replace(",", "")) for g in summary.groups())
    assert (docs, n_errors) == (records - errors, errors), err_text
    assert matches == (records - errors) * per_doc
    rows = {r.split()[0]: r.split()[1:] for r in out.decode().splitlines()[1:]}
    n_good = f"{records - errors:,}"
    assert rows == {
        p: [f"{(records - errors) * 12:,}", n_good] for p in ("Zürich", "Reuters", "AP")
    }

    # Flat memory: after the first quarter of the input, the resident size grows by less than
    # 64 MiB however much more is streamed (the window is 64 MiB of raw input).
    later = [rss for n, rss in samples if n >= blocks // 4]
    assert len(later) >= 3, (samples, took)
    assert max(later) - min(later) < 64 << 10, samples
    assert max(rss for _, rss in samples) < 1 << 20, samples  # under 1 GiB resident
