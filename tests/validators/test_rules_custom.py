"""Custom rules named in a client's YAML are loaded and run after the built-ins."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ledgerline.errors import ConfigError
from schemas.reasons import ReasonCode
from validators.client_loader import load_client
from validators.engine import rules_for, validate

CLIENTS = Path(__file__).resolve().parents[2] / "clients"


def make_client(tmp_path, module="examples.custom_rules_example", extra=""):
    shutil.copytree(CLIENTS / "examples", tmp_path / "examples")
    (tmp_path / "acme.yaml").write_text(f"name: acme\ndisplay_name: Acme\n{extra}custom_rules: {module}\n")
    return load_client("acme", tmp_path)


def test_example_rules_are_loaded_and_run(tmp_path, h):
    client = make_client(tmp_path)
    ids = [s.rule_id for s in rules_for(client)]
    assert ids[-2:] == ["custom.po_prefix", "custom.round_total"]
    assert validate(h.invoice(), h.ctx(client)) == []
    issues = validate(h.invoice(po_number="77"), h.ctx(client))
    assert [(i.code, i.rule_id) for i in issues] == [(ReasonCode.INVALID_VALUE, "custom.po_prefix")]


def test_custom_rule_can_be_disabled(tmp_path, h):
    client = make_client(tmp_path, extra="rules:\n  disabled: [custom.po_prefix]\n")
    assert validate(h.invoice(po_number="77"), h.ctx(client)) == []


def test_custom_rules_change_the_pack_version(tmp_path):
    with_rules = make_client(tmp_path)
    (tmp_path / "plain.yaml").write_text("name: plain\ndisplay_name: Acme\n")
    assert with_rules.pack_version != load_client("plain", tmp_path).pack_version


def test_missing_custom_module_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"acme.yaml: line 3, custom_rules: module 'nowhere.rules' not found"):
        make_client(tmp_path, module="nowhere.rules")


def test_broken_custom_module_is_a_config_error(tmp_path):
    shutil.copytree(CLIENTS / "examples", tmp_path / "examples")
    (tmp_path / "examples" / "broken.py").write_text("RULES = [42]\n")
    (tmp_path / "acme.yaml").write_text("name: acme\ndisplay_name: Acme\ncustom_rules: examples.broken\n")
    with pytest.raises(ConfigError, match=r"not a RuleSpec or @rule function"):
        load_client("acme", tmp_path)


def test_editing_custom_rules_changes_the_pack_version(tmp_path):
    before = make_client(tmp_path).pack_version
    path = tmp_path / "examples" / "custom_rules_example.py"
    path.write_text(path.read_text().replace('ROUND_AMOUNT = Decimal("1000")', 'ROUND_AMOUNT = Decimal("500")'))
    assert load_client("acme", tmp_path).pack_version != before
