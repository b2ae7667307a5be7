"""The README's Spark recipe (``mapInArrow``) on a local SparkSession bound to 127.0.0.1: over
several partitions and Arrow batches, with null and non-ASCII texts, it gives the rows of the
single-process find_table / extract_table, with the input's ``id`` in place of ``doc``. The
recipe is executed from README.md itself, so the two cannot drift apart. Needs pyspark (the
`spark` extra, not installed by CI: it is large) and Java; skipped without them."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import asper

pytest.importorskip("pyarrow")
pytest.importorskip(
    "pyspark",
    reason="pyspark is not installed (pip install 'asper[spark]'; not in CI: a 456 MB download)",
)
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (no java on PATH, JAVA_HOME unset)", allow_module_level=True)
SparkSession = pytest.importorskip("pyspark.sql").SparkSession

# pyspark warns about pandas 3 on import of its pandas helpers; nothing the recipe uses is touched.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")

README = Path(__file__).resolve().parents[2] / "README.md"

TEXTS: list[str | None] = [
    "MOSCOW (Reuters) - Prices rose, according to the Interfax news agency.",
    None,
    "Zürich-based Nestlé said on Monday, Reuters reported.",
    "",
    "İSTANBUL (AP) — Turkish officials said, according to AP.",
    "👍 Reuters in Zürich; Москва (AP) — nothing else",
    "北京 (Reuters) - “It is done,” the ministry said, according to Xinhua.",
] * 6


def readme_recipe() -> Callable[..., Any]:
    """``spark_table`` from the first Python block after the README's Spark paragraph."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"\*\*Spark\*\*.*?```python\n(.*?)```", text, re.DOTALL)
    assert found, "README.md has no Spark recipe"
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), f"{README}:spark recipe", "exec"), namespace)
    fn: Callable[..., Any] = namespace["spark_table"]
    return fn


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        # The Python workers run this interpreter, where asper is installed.
        mp.setenv("PYSPARK_PYTHON", sys.executable)
        mp.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("asper-test")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            # Several Arrow batches per partition.
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "5")
            .getOrCreate()
        )
        try:
            yield session
        finally:
            session.stop()


@pytest.mark.parametrize("engine", ["matcher", "attributor"])
def test_readme_recipe_equals_the_single_process_table(spark: Any, engine: str) -> None:
    spark_table = readme_recipe()
    if engine == "matcher":
        m = asper.Matcher(
            {"Reuters": "NEWS_ORG", "AP": "NEWS_ORG", "Zürich": "PLACE", "Москва": "PLACE"},
            ignore_case=True,
        )
        table = m.find_table(TEXTS)
        e: asper.Matcher | asper.Attributor = m
    else:
        a = asper.Attributor()
        table = a.extract_table(TEXTS)
        e = a
    ids = [7 * i + 3 for i in range(len(TEXTS))]  # labels, not positions
    want = [{"id": ids[r.pop("doc")], **r} for r in table.to_pylist()]
    assert len({r["id"] for r in want}) > 10, "the fixture has results in many rows"

    df = spark.createDataFrame(list(zip(ids, TEXTS, strict=True)), "id long, text string")
    df = df.repartition(3)
    hits = spark_table(e, df)
    assert hits.columns == ["id"] + [c for c in table.column_names if c != "doc"]
    got = [r.asDict() for r in hits.collect()]
    assert sorted(got, key=repr) == sorted(want, key=repr)
