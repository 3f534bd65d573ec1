"""Personal data (SSNs, member/insured IDs, federal tax IDs, birth dates) masked for display.

Everything the review app shows, returns or logs goes through `mask_value`; only the audited
reveal action returns the stored value. Only the last four characters that carry
information stay visible, and the separators keep their places: `123-45-6789` → `***-**-6789`.
"""
from __future__ import annotations

from schemas.document import PERSONAL_FIELDS

VISIBLE = 4


def is_personal(field: str) -> bool:
    """`field` may be a plain name or a table cell label like `service_lines[0].insured_id`."""
    return field.rsplit(".", 1)[-1] in PERSONAL_FIELDS


def mask_text(value: str) -> str:
    """Mask every letter and digit except the last four; separators stay."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep = set(positions[-VISIBLE:]) if len(positions) > VISIBLE else set()
    return "".join(ch if (not ch.isalnum() or i in keep) else "*" for i, ch in enumerate(value))


def mask_value(field: str, value: str | list[str] | None, *, enabled: bool = True) -> str | list[str] | None:
    """The value as the UI, the API and logs show it."""
    if value is None or not enabled or not is_personal(field):
        return value
    if isinstance(value, list):
        return [mask_text(str(v)) for v in value]
    return mask_text(str(value))
