"""Scheduled folder inboxes: one Prefect deployment per client, served from this process.

Each run processes `<inbox_dir>/<client>/`; files already processed for that client are
recognised by their sha256 and skipped, so a file left in the inbox is never posted twice.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from prefect.deployments.runner import RunnerDeployment

from flows.process_batch import process_batch


def inbox_deployments(clients: list[str], inbox_dir: Path, *, every_minutes: int) -> list[RunnerDeployment]:
    deployments = []
    for client in clients:
        inbox = inbox_dir / client
        inbox.mkdir(parents=True, exist_ok=True)
        deployments.append(
            process_batch.to_deployment(
                name=f"{client}-inbox",
                interval=timedelta(minutes=every_minutes),
                parameters={"client": client, "inbox": [str(inbox)]},
                description=f"Process the folder inbox {inbox} for client {client}",
                tags=["ledgerline", "inbox", client],
                concurrency_limit=1,  # one batch per client at a time
            )
        )
    return deployments
