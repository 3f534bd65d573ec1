"""Prefect's environment, set before Prefect is imported: local mode, state under data_dir,
quiet and private. Values already in the environment win."""
from __future__ import annotations

import os

from ledgerline.settings import Settings


def configure_prefect(settings: Settings) -> None:
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(settings.prefect_home),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "OMP_THREAD_LIMIT": "1",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
