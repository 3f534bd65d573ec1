"""The yardstick: how right extraction is, how much of it would post unseen, and how fast.

- `matching`  — is an extracted value the expected one (Decimal money, ISO dates, names by
  tokens, identifiers without case or spaces, code sets) and table-row pairing.
- `scoring`   — `evaluate(pairs) -> EvalReport` over (truth, contract dict) pairs.
- `rules`     — labelled corpus defects against `validators.engine.validate` (optional).
- `report`    — rich tables and Markdown from the same rows.
- `dataset`   — find `X.pdf` + `X.expected.json`, extract now or read `extract --json` output.
- `bench`, `bench_run` — the Prefect flow against the raw pdfplumber/tesseract floor.
- `cli`       — `ledgerline eval` and `ledgerline bench` (`register(app)`).
- `quality_doc` — regenerates docs/quality.md.
"""
