"""`clients check` and `rules replay` commands."""
from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from validators.cli import clients_app, rules_app

CLIENTS = Path(__file__).resolve().parents[2] / "clients"
runner = CliRunner()
app = typer.Typer()  # mounted as ledgerline/cli.py does
app.add_typer(clients_app, name="clients")
app.add_typer(rules_app, name="rules")


def test_check_repo_clients_ok():
    result = runner.invoke(app, ["clients", "check", "--clients-dir", str(CLIENTS)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert {ln.split()[1] for ln in lines} == {"default", "northside-clinic", "brightmart-retail"}
    assert all(ln.startswith("ok") and "pack " in ln for ln in lines)


def test_check_shows_each_clients_ocr_languages(tmp_path):
    (tmp_path / "plain.yaml").write_text("name: plain\ndisplay_name: Plain\n")
    (tmp_path / "malay.yaml").write_text("name: malay\ndisplay_name: Malay\nocr_languages: [eng, msa]\n")
    result = runner.invoke(app, ["clients", "check", "--clients-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # the console wraps long lines
    malay, plain = text.split("ok plain")
    assert "OCR" not in plain and malay.strip().endswith("OCR eng+msa)")  # English, the default, goes unsaid


def test_check_reports_bad_file_and_exits_1(tmp_path):
    (tmp_path / "good.yaml").write_text("name: good\ndisplay_name: Good\n")
    (tmp_path / "bad.yaml").write_text("name: bad\ndisplay_name: Bad\nrules:\n  tolerance: lots\n")
    result = runner.invoke(app, ["clients", "check", "--clients-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad bad:" in result.output and "line 4" in result.output and "rules.tolerance" in result.output
    assert "ok  good" in result.output


def test_replay_command(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    from ledgerline.settings import get_settings

    get_settings.cache_clear()
    try:
        (tmp_path / "acme.yaml").write_text("name: acme\ndisplay_name: Acme\n")
        (tmp_path / "new.yaml").write_text("name: acme\ndisplay_name: Acme\nautomation: {invoice: never}\n")
        result = runner.invoke(app, ["rules", "replay", "--client", "acme", "--pack", str(tmp_path / "new.yaml"),
                                           "--clients-dir", str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert "0 documents" in result.output
    finally:
        get_settings.cache_clear()
