"""Personal data masked in log records: SSNs, birth dates after a DOB label, member IDs.

`PersonalDataFilter` rewrites a record's message (message and args merged, then masked) so
no handler ever sees the raw value; values keep their last four characters like the review
screen shows them (`123-45-6789` → `***-**-6789`). `install_log_masking()` — called by
`ledgerline.cli.main()` and by `review.app.create_app()` — puts the filter on the root
logger and its handlers and wraps the log-record factory, because a filter on a logger does
not see records propagated from child loggers, nor those of loggers that do not propagate
(uvicorn's). It is idempotent.
"""
from __future__ import annotations

import logging
import re

from review.masking import mask_text

_SEP = r"[^\w\n]{0,5}"  # ": ", "=", "': '", " #"
_LABEL_START = r"(?<![A-Za-z])"  # "employee_ssn" and "SSN" match, "lessn" does not
SSN_SHAPED = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
SSN_LABELLED = re.compile(_LABEL_START + r"(?:ssn|social[ _]security(?:[ _](?:number|no\.?))?)" + _SEP
                          + r"(\d{3}[ -]?\d{2}[ -]?\d{4})(?!\d)", re.IGNORECASE)
_DATE = "|".join((r"\d{4}-\d{1,2}-\d{1,2}", r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", r"\d{8}",  # ISO, 04/12/1980, 19800412
                  r"[A-Za-z]{3,9}\.? \d{1,2},? \d{4}", r"\d{1,2} [A-Za-z]{3,9}\.? \d{4}"))  # March 3, 1980; 3 March 1980
DOB_LABELLED = re.compile(_LABEL_START + r"(?:dob|d\.o\.b\.?|date[ _]of[ _]birth|birth[ _]?date|born)" + _SEP
                          + r"(" + _DATE + r")", re.IGNORECASE)
MEMBER_ID_LABELLED = re.compile(
    _LABEL_START + r"(?:member|insured|subscriber|beneficiary)[ _]?(?:id|no\.?|number|#)" + _SEP
    + r"(?=[A-Za-z0-9-]*\d)([A-Za-z0-9][A-Za-z0-9-]{3,})", re.IGNORECASE)  # an ID has a digit
LABELLED = (SSN_LABELLED, DOB_LABELLED, MEMBER_ID_LABELLED)


def _mask_group(match: re.Match[str]) -> str:
    start, end = match.span(1)
    whole = match.group(0)
    offset = match.start(0)
    return whole[:start - offset] + mask_text(match.group(1)) + whole[end - offset:]


def mask_personal_text(text: str) -> str:
    """`text` with every SSN-shaped value and every labelled SSN, birth date or member ID masked."""
    for pattern in LABELLED:
        text = pattern.sub(_mask_group, text)
    return SSN_SHAPED.sub(lambda m: mask_text(m.group(0)), text)


class PersonalDataFilter(logging.Filter):
    """Masks personal values in the record's message and args; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_ledgerline_masked", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        masked = mask_personal_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_text(record.stack_info)
        record._ledgerline_masked = True
        return True


_filter = PersonalDataFilter()


def install_log_masking() -> PersonalDataFilter:
    """Mask personal data in every log record of this process (root logger, its handlers, and
    records of any logger through the record factory)."""
    root = logging.getLogger()
    if _filter not in root.filters:
        root.addFilter(_filter)
    for handler in root.handlers:
        if _filter not in handler.filters:
            handler.addFilter(_filter)
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "_ledgerline_masking", False):
        def masking_factory(*args, **kwargs) -> logging.LogRecord:  # type: ignore[no-untyped-def]
            record = factory(*args, **kwargs)
            _filter.filter(record)
            return record

        masking_factory._ledgerline_masking = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(masking_factory)
    return _filter
