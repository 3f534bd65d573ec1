"""Personal data (SSNs, birth dates, member IDs) never reaches a log line unmasked."""
from __future__ import annotations

import io
import logging
import sys

import pytest

from review.log_masking import PersonalDataFilter, install_log_masking, mask_personal_text


@pytest.mark.parametrize(("text", "shown"), [
    ("W-2 for 123-45-6789 read", "W-2 for ***-**-6789 read"),
    ("SSN 123456789 confirmed", "SSN *****6789 confirmed"),
    ("employee_ssn=123 45 6789", "employee_ssn=*** ** 6789"),
    ("{'employee_ssn': '123456789'}", "{'employee_ssn': '*****6789'}"),
    ("Social Security No. 987-65-4321", "Social Security No. ***-**-4321"),
    ("patient DOB: 04/12/1980", "patient DOB: **/**/1980"),
    ("patient_dob=1980-04-12", "patient_dob=****-04-12"),
    ("Date of birth 12 March 1980", "Date of birth ** ***** 1980"),
    ("Member ID: W123456789 on file", "Member ID: ******6789 on file"),
    ("insured_id='XK-55512345'", "insured_id='**-****2345'"),
])
def test_personal_values_are_masked(text: str, shown: str) -> None:
    assert mask_personal_text(text) == shown


@pytest.mark.parametrize("text", [
    "invoice INV-12 dated 2026-11-02, total 110.00 USD",
    "member number unknown", "document 123456789 stored", "claim 2024-03-09 to 2024-03-10",
])
def test_ordinary_values_are_left_alone(text: str) -> None:
    assert mask_personal_text(text) == text


def _handler(logger: logging.Logger) -> io.StringIO:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    return out


def test_a_log_line_with_an_ssn_comes_out_masked(caplog) -> None:
    install_log_masking()
    log = logging.getLogger("ledgerline.extractors.w2")
    with caplog.at_level(logging.INFO):
        log.info("W-2 %s: employee SSN %s, wages %s", "doc-7", "123-45-6789", "50000.00")
        log.warning("claim %(claim)s DOB: %(dob)s member id %(member)s",
                    {"claim": "C-1", "dob": "1980-04-12", "member": "W123456789"})
    assert caplog.messages == ["W-2 doc-7: employee SSN ***-**-6789, wages 50000.00",
                               "claim C-1 DOB: ****-04-12 member id ******6789"]
    assert "123-45-6789" not in caplog.text and "W123456789" not in caplog.text


def test_loggers_that_do_not_propagate_are_masked_too() -> None:
    install_log_masking()
    log = logging.getLogger("test.review.not_propagating")  # like uvicorn's loggers
    log.propagate, log.level = False, logging.INFO
    out = _handler(log)
    try:
        log.info("request for SSN %s", 123456789)
    finally:
        log.handlers.clear()
    assert out.getvalue() == "INFO request for SSN *****6789\n"


def test_tracebacks_are_masked() -> None:
    install_log_masking()
    log = logging.getLogger("test.review.tracebacks")
    log.propagate, log.level = False, logging.INFO
    out = _handler(log)
    try:
        try:
            raise ValueError("bad SSN 123-45-6789")
        except ValueError:
            log.exception("parsing failed")
    finally:
        log.handlers.clear()
    assert "ValueError: bad SSN ***-**-6789" in out.getvalue() and "123-45-6789" not in out.getvalue()


def test_the_filter_alone_masks_message_and_args() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "ssn=%s dob=%s", ("123456789", "1990-01-31"), None)
    assert PersonalDataFilter().filter(record) is True
    assert record.getMessage() == "ssn=*****6789 dob=****-01-31" and record.args == ()


def test_installing_is_idempotent() -> None:
    first = install_log_masking()
    factory = logging.getLogRecordFactory()
    assert install_log_masking() is first and logging.getLogRecordFactory() is factory
    assert logging.getLogger().filters.count(first) == 1


def test_the_cli_entry_point_installs_it(monkeypatch) -> None:
    from ledgerline import cli

    monkeypatch.setattr(sys, "argv", ["ledgerline", "--help"])
    with pytest.raises(SystemExit):
        cli.main()
    assert getattr(logging.getLogRecordFactory(), "_ledgerline_masking", False)


def test_the_web_app_installs_it(settings) -> None:
    from review.app import create_app

    create_app(settings)
    assert getattr(logging.getLogRecordFactory(), "_ledgerline_masking", False)
