"""A rule failure is data: an Issue with a reason code, the fields it concerns and a message."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from schemas.reasons import ReasonCode, Severity


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: ReasonCode
    fields: tuple[str, ...] = ()
    message: str
    severity: Severity = Severity.ERROR
    rule_id: str

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR
