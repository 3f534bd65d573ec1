from __future__ import annotations

import os
from pathlib import Path

import pytest

from intake.inbox import list_inbox
from intake.store import sha256_of, store_original
from ledgerline.errors import UnreadableDocument


def test_same_bytes_are_stored_once_and_read_only(tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    b = tmp_path / "copy-of-a.PDF"
    a.write_bytes(b"%PDF-1.4 hello")
    b.write_bytes(b"%PDF-1.4 hello")
    one = store_original(a, tmp_path / "store", max_bytes=1000)
    two = store_original(b, tmp_path / "store", max_bytes=1000)
    assert one.sha256 == two.sha256 == sha256_of(a)
    assert one.path == two.path
    assert one.path.name == f"{one.sha256}.pdf"
    assert not os.access(one.path, os.W_OK) or os.geteuid() == 0
    assert oct(one.path.stat().st_mode & 0o777) == "0o444"
    assert len(list((tmp_path / "store").rglob("*.pdf"))) == 1


def test_empty_and_huge_files_are_refused_with_the_file_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableDocument, match="empty.pdf: the file is empty") as info:
        store_original(empty, tmp_path / "store", max_bytes=1000)
    assert info.value.code == "EMPTY"
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 2001)
    with pytest.raises(UnreadableDocument, match="big.pdf.*over the") as info:
        store_original(big, tmp_path / "store", max_bytes=2000)
    assert info.value.code == "TOO_LARGE"


def test_inbox_skips_truth_files_but_keeps_unsupported_types(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.pdf", "a.png", "a.expected.json", "sub/c.xlsx", ".hidden.pdf", "PROVENANCE.md"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in list_inbox([tmp_path])] == ["a.png", "b.pdf", "sub/c.xlsx"]
