"""The example notebook runs top to bottom, and shows what it promises."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the notebook extra is not installed")
pytest.importorskip("matplotlib", reason="the notebook extra is not installed")
pytest.importorskip("ipykernel", reason="the notebook extra is not installed")

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "news_attribution.ipynb"


def test_notebook_runs(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert errors == []
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The highlighted article (marks and the attribution table) and a plotted chart.
    assert any("asper-highlight" in h and "<mark" in h for h in html)
    assert any("image/png" in o.get("data", {}) for o in outputs)
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "Interfax" in text and "Reuters" in text
