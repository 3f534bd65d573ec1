from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flows.schedule import inbox_deployments


def test_one_deployment_per_client_with_its_own_inbox(tmp_path: Path) -> None:
    deps = inbox_deployments(["northside-clinic", "brightmart-retail"], tmp_path, every_minutes=10)
    assert [d.name for d in deps] == ["northside-clinic-inbox", "brightmart-retail-inbox"]
    for dep, client in zip(deps, ["northside-clinic", "brightmart-retail"], strict=True):
        assert dep.parameters == {"client": client, "inbox": [str(tmp_path / client)]}
        assert (tmp_path / client).is_dir()
        assert dep.schedules[0].schedule.interval == timedelta(minutes=10)
        assert dep.entrypoint.endswith("process_batch.py:process_batch")
