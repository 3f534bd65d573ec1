"""Client rule packs load from YAML; bad files fail naming file, key and line."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ledgerline.errors import ConfigError
from schemas.document import DocType
from validators.client_loader import load_all_clients, load_client

REPO_CLIENTS = Path(__file__).resolve().parents[2] / "clients"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def test_default_client_loads_permissive():
    client = load_client("default", REPO_CLIENTS)
    assert client.name == "default"
    assert set(client.doc_types) == {DocType.INVOICE, DocType.RECEIPT, DocType.CLAIM, DocType.PAYSTUB, DocType.W2}
    assert client.rules.tolerance == Decimal("0.01") and isinstance(client.rules.tolerance, Decimal)
    assert not any(getattr(client.master_data, k) for k in type(client.master_data).model_fields)
    assert len(client.pack_version) == 12


def test_every_repo_client_loads():
    clients = load_all_clients(REPO_CLIENTS)
    assert "default" in clients
    assert all(len(c.pack_version) == 12 for c in clients.values())


def test_bad_decimal_names_file_key_and_line(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nrules:\n  max_age_days: 30\n  tolerance: abc\n")
    with pytest.raises(ConfigError) as err:
        load_client("acme", tmp_path)
    msg = str(err.value)
    assert "acme.yaml" in msg and "line 5" in msg and "rules.tolerance" in msg
    assert "valid decimal" in msg and "allowed: a number like 0.01" in msg


def test_unknown_key_is_an_error_with_allowed_keys(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nrules:\n  tolerence: 0.02\n")
    with pytest.raises(ConfigError) as err:
        load_client("acme", tmp_path)
    msg = str(err.value)
    assert "line 4" in msg and "rules.tolerence" in msg and "tolerance" in msg.split("allowed:")[1]


def test_unknown_top_level_key(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nautomaton: {}\n")
    with pytest.raises(ConfigError, match=r"line 3, automaton: Extra inputs"):
        load_client("acme", tmp_path)


def test_bad_automation_value_lists_choices(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nautomation:\n  invoice: sometimes\n")
    with pytest.raises(ConfigError) as err:
        load_client("acme", tmp_path)
    msg = str(err.value)
    assert "line 4" in msg and "automation.invoice" in msg and "'confident'" in msg


def test_bad_doc_type_key(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nsla_hours:\n  invoice: 4\n  bill: 8\n")
    with pytest.raises(ConfigError) as err:
        load_client("acme", tmp_path)
    assert "line 5" in str(err.value) and "sla_hours.bill" in str(err.value)


def test_missing_required_key(tmp_path):
    write(tmp_path, "acme", "name: acme\n")
    with pytest.raises(ConfigError, match=r"display_name: Field required \(allowed: this key is required\)"):
        load_client("acme", tmp_path)


def test_duplicate_key_is_an_error(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nrules:\n  tolerance: 0.01\n  tolerance: 0.02\n")
    with pytest.raises(ConfigError, match=r"line 5, rules.tolerance: key given twice"):
        load_client("acme", tmp_path)


def test_name_must_match_file(tmp_path):
    write(tmp_path, "acme", "name: other\ndisplay_name: Acme\n")
    with pytest.raises(ConfigError, match=r"line 1, name: 'other' must match the file name"):
        load_client("acme", tmp_path)


def test_yaml_syntax_error_has_line(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: [Acme\nrules: {}\n")
    with pytest.raises(ConfigError, match=r"acme.yaml: line \d+, not valid YAML"):
        load_client("acme", tmp_path)


def test_unknown_client_lists_known(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\n")
    write(tmp_path, "zed", "name: zed\ndisplay_name: Zed\n")
    with pytest.raises(ConfigError, match=r"unknown client 'nope'.*known clients: acme, zed"):
        load_client("nope", tmp_path)


def test_unknown_disabled_rule(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nrules:\n  disabled:\n    - invoice.total\n    - invoice.nope\n")
    with pytest.raises(ConfigError, match=r"line 6, rules.disabled.1: unknown rule 'invoice.nope'"):
        load_client("acme", tmp_path)


def test_missing_master_data_file(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nmaster_data:\n  vendors: data/vendors.csv\n")
    with pytest.raises(ConfigError, match=r"line 4, master_data.vendors: file .*vendors.csv not found"):
        load_client("acme", tmp_path)


def test_master_data_csv_missing_column(tmp_path):
    (tmp_path / "vendors.csv").write_text("vendor,tax_id\nAcme,1\n")
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nmaster_data:\n  vendors: vendors.csv\n")
    with pytest.raises(ConfigError, match=r"vendors.csv: line 1, missing column\(s\) name"):
        load_client("acme", tmp_path)


def test_yaml_numbers_are_decimals_not_floats(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nrules:\n  tolerance: 0.1\n  approval_limit: 5000.10\n")
    client = load_client("acme", tmp_path)
    assert client.rules.tolerance == Decimal("0.1")
    assert client.rules.approval_limit == Decimal("5000.10")


def test_pack_version_follows_rules_and_master_data(tmp_path):
    (tmp_path / "vendors.csv").write_text("name,tax_id\nAcme,12-3456789\n")
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nmaster_data:\n  vendors: vendors.csv\n")
    first = load_client("acme", tmp_path).pack_version
    assert load_client("acme", tmp_path).pack_version == first  # deterministic
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme Renamed\nmaster_data:\n  vendors: vendors.csv\n")
    assert load_client("acme", tmp_path).pack_version == first  # display name does not judge
    (tmp_path / "vendors.csv").write_text("name,tax_id\nAcme,12-3456789\nBeta,98-7654321\n")
    second = load_client("acme", tmp_path).pack_version
    assert second != first
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nrules:\n  tolerance: 0.05\n"
          "master_data:\n  vendors: vendors.csv\n")
    assert load_client("acme", tmp_path).pack_version not in (first, second)


def test_sla_and_automation_defaults(h):
    client = h.client(sla_hours={"claim": 8}, automation={"w2": "never"})
    assert client.sla_for(DocType.CLAIM) == 8 and client.sla_for(DocType.INVOICE) == 24
    assert client.automation_for(DocType.W2) == "never" and client.automation_for(DocType.CLAIM) == "confident"


def test_unknown_threshold_field_is_an_error(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nthresholds:\n  total: 0.9\n  totl: 0.9\n")
    with pytest.raises(ConfigError, match=r"line 3, thresholds: unknown field\(s\) totl"):
        load_client("acme", tmp_path)


def test_threshold_must_be_a_confidence(tmp_path):
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nthresholds:\n  total: 90\n")
    with pytest.raises(ConfigError, match=r"line 3, thresholds: thresholds are confidences between 0 and 1"):
        load_client("acme", tmp_path)


def test_ss_wage_base_years_add_to_the_table(h):
    client = h.client(rules={"ss_wage_base": {2027: "190800"}})
    assert client.rules.ss_wage_base[2027] == Decimal("190800")
    assert client.rules.ss_wage_base[2024] == Decimal("168600")


def test_master_data_bad_number_names_csv_line(tmp_path):
    (tmp_path / "po.csv").write_text("po_number,vendor_name,quantity,unit_price\nPO-1,Acme,2,30.00\nPO-2,Acme,two,1.00\n")
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nmaster_data:\n  purchase_orders: po.csv\n")
    with pytest.raises(ConfigError, match=r"acme.yaml: .*po.csv: line 3, column quantity: 'two' is not a number"):
        load_client("acme", tmp_path)


def test_ocr_languages_default_to_english_and_keep_their_order(tmp_path):
    assert load_client("default", REPO_CLIENTS).ocr_languages == ["eng"]
    write(tmp_path, "acme", "name: acme\ndisplay_name: Acme\nocr_languages: [eng, eng]\n")
    assert load_client("acme", tmp_path).ocr_languages == ["eng"]


def test_ocr_language_without_a_model_names_line_and_package(tmp_path):
    from extractors.ocr import installed_languages

    absent = next(code for code in ("ita", "por", "pol", "tur", "swe") if code not in installed_languages())
    write(tmp_path, "acme", f"name: acme\ndisplay_name: Acme\nocr_languages:\n  - eng\n  - {absent}\n")
    with pytest.raises(ConfigError) as err:
        load_client("acme", tmp_path)
    msg = err.value.message
    assert "acme.yaml: line 3, ocr_languages:" in msg and f"tesseract-ocr-{absent}" in msg


@pytest.mark.parametrize("value", ["[]", "[english]", "[eng, '']"])
def test_ocr_languages_must_be_tesseract_codes(tmp_path, value):
    write(tmp_path, "acme", f"name: acme\ndisplay_name: Acme\nocr_languages: {value}\n")
    with pytest.raises(ConfigError) as err:
        load_client("acme", tmp_path)
    assert "ocr_languages" in err.value.message
