"""Which files in an inbox are documents."""
from __future__ import annotations

from pathlib import Path

DOCUMENT_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
IGNORED_NAMES = frozenset({"PROVENANCE.md", "README.md"})


def is_document_candidate(path: Path) -> bool:
    """Everything except ground-truth files, notes and hidden files is a candidate; files of
    an unsupported type are still candidates so that they are reported, not silently skipped."""
    name = path.name
    if name.startswith(".") or name in IGNORED_NAMES:
        return False
    return not (name.endswith(".expected.json") or name.endswith(".expected.txt"))


def list_inbox(paths: list[Path]) -> list[Path]:
    """Files named directly, and every candidate below each folder, sorted by path."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_document_candidate(p)))
        else:
            found.append(path)
    return found
