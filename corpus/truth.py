"""Ground truth records and their `.expected.json` form (shared/spec/extraction-contract.md)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from schemas.reasons import ReasonCode

_SPACES = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Names and addresses as the contract wants them: whitespace collapsed to single spaces."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Defect:
    """A deliberate, labelled fault in a generated document."""

    code: ReasonCode
    fields: tuple[str, ...]
    note: str = ""

    def as_json(self) -> dict:
        return {"code": str(self.code), "fields": list(self.fields)}

    def describe(self) -> str:
        return f"{self.code} ({self.note})" if self.note else str(self.code)


@dataclass
class Truth:
    """What is printed on one document, in contract form."""

    doc_type: str
    fields: dict[str, str | list[str]] = field(default_factory=dict)
    tables: dict[str, list[dict[str, str | list[str]]]] = field(default_factory=dict)
    defects: list[Defect] = field(default_factory=list)
    notes: str = ""

    def as_json(self) -> dict:
        notes = self.notes
        if self.defects:
            notes += " Deliberate defects: " + "; ".join(d.describe() for d in self.defects) + "."
        return {
            "doc_type": self.doc_type,
            "fields": dict(self.fields),
            "tables": {name: [dict(r) for r in rows] for name, rows in self.tables.items()},
            "defects": [d.as_json() for d in self.defects],
            "notes": notes,
        }

    def to_bytes(self) -> bytes:
        text = json.dumps(self.as_json(), indent=1, ensure_ascii=False)
        return (text + "\n").encode("utf-8")


def expected_path(document: Path) -> Path:
    """`inv-0007.pdf` -> `inv-0007.expected.json` (beside the document)."""
    return document.with_name(document.stem + ".expected.json")


def write_truth(document: Path, truth: Truth) -> Path:
    path = expected_path(document)
    path.write_bytes(truth.to_bytes())
    return path
