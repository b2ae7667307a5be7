"""The type stubs document what they declare."""

from __future__ import annotations

import ast
from pathlib import Path

STUBS = Path(__file__).resolve().parents[2] / "python" / "asper" / "_native.pyi"


def undocumented(tree: ast.Module) -> list[str]:
    """Public classes, functions, methods and properties of the stubs without a docstring
    (dunders, private names and ``@overload`` variants excepted)."""
    missing = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                continue
            if node.name.startswith("_"):
                continue
            decorators = {d.id for d in node.decorator_list if isinstance(d, ast.Name)}
            if "overload" in decorators:
                continue
            if ast.get_docstring(node) is None:
                missing.append(prefix + node.name)
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(tree.body, "")
    return missing


# See: issue 7, "stubs use `Literal` for `match_kind`, `kind`, `offsets`, and have docstrings".
def test_i7_every_public_stub_has_a_docstring() -> None:
    tree = ast.parse(STUBS.read_text(encoding="utf-8"))
    assert undocumented(tree) == []


def test_undocumented_finds_a_bare_property() -> None:
    tree = ast.parse("class A:\n    @property\n    def x(self) -> int: ...\n")
    assert undocumented(tree) == ["A", "A.x"]
