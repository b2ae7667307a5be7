"""Shared fixtures of the Python test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    """``$ASPER_SHARED_DATA`` if set, else ``<repo>/../shared/data``."""
    env = os.environ.get("ASPER_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared evaluation data directory; skips the test when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(
            f"shared data not found at {path} (set ASPER_SHARED_DATA to the shared/data "
            "directory to run this test)"
        )
    return path
