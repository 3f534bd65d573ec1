"""The batch flow: register → extract → settle (validate, post or queue), chunk by chunk.

Tasks are coarse (a chunk of documents each): Prefect records every task run, and a task
per document would cost as much as reading a text page (see shared stack notes).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import batch_steps as steps
from ledgerline.settings import get_settings
from validators.client_loader import load_client


@task(name="register documents", cache_policy=NO_CACHE)
def register_task(client: str, inbox: list[str], batch_id: str) -> list[steps.Registered]:
    return steps.register_batch(get_settings(), client, [Path(p) for p in inbox], batch_id)


@task(name="extract chunk", cache_policy=NO_CACHE)
def extract_task(chunk: list[steps.Registered], workers: int, ocr_languages: tuple[str, ...]) -> list[dict]:
    return steps.extract_chunk(chunk, workers, ocr_languages)


@task(name="validate and settle chunk", cache_policy=NO_CACHE)
def settle_task(client: str, chunk: list[steps.Registered], extracted: list[dict], today: date) -> list[steps.DocumentResult]:
    return steps.settle_chunk(load_client(client), chunk, extracted, today)


@flow(name="process-batch", log_prints=False)
def process_batch(client: str, inbox: list[str] | str, today: date | None = None) -> steps.BatchSummary:
    """Process every document under `inbox` (a folder, a file, or a list of them) for `client`."""
    settings = get_settings()
    config = load_client(client)  # a bad client name or config fails here, before any work
    paths = [inbox] if isinstance(inbox, str) else list(inbox)
    batch_id = steps.new_batch_id()
    summary = steps.BatchSummary(client=client, batch_id=batch_id)
    registered = register_task(client, [str(p) for p in paths], batch_id)
    to_process = []
    for reg in registered:
        if reg.error is not None:
            summary.results.append(steps.unreadable_result(reg))
        elif not reg.is_new:
            summary.results.append(steps.skipped_result(reg))
        else:
            to_process.append(reg)
    steps.report_progress("total", len(to_process))
    for chunk in steps.chunked(to_process, settings.chunk_size):
        extracted = extract_task(chunk, settings.workers, tuple(config.ocr_languages))
        summary.results.extend(settle_task(client, chunk, extracted, today or date.today()))
    summary.journal_totals = steps.journal_totals(client)
    return summary
