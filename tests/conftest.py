"""Test-wide set-up: every test session gets its own data directory and Prefect home, so the
suite never touches ./data and parallel workers never share a database."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_ROOT = Path(tempfile.mkdtemp(prefix="ledgerline-tests-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
os.environ["LEDGERLINE_DATA_DIR"] = str(_ROOT / "data")
os.environ["PREFECT_HOME"] = str(_ROOT / "prefect")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED_REAL = REPO.parent / "shared" / "fixtures" / "real"
SAMPLE_DOCS = REPO / "sample_docs"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def real_fixtures() -> Path:
    if not SHARED_REAL.is_dir():
        pytest.skip(f"{SHARED_REAL} is absent")
    return SHARED_REAL
