"""The original-document store: content-addressed, write-once, read-only on disk.

An original lives at `<originals>/<sha[:2]>/<sha><suffix>`. Storing the same bytes twice
stores them once. Files are made read-only after writing; nothing ever rewrites them.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ledgerline.errors import UnreadableDocument

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredOriginal:
    sha256: str
    path: Path
    size: int
    source_name: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_original(source: Path, originals_dir: Path, *, max_bytes: int) -> StoredOriginal:
    """Copy `source` into the store (once) and return where it is."""
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(source, "NOT_FOUND", f"cannot read the file ({exc.strerror})") from exc
    if size == 0:
        raise UnreadableDocument(source, "EMPTY", "the file is empty (0 bytes); ask the client to resend it")
    if size > max_bytes:
        raise UnreadableDocument(
            source, "TOO_LARGE",
            f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(LEDGERLINE_MAX_FILE_MB); split it or raise the limit",
        )
    sha = sha256_of(source)
    target = originals_dir / sha[:2] / f"{sha}{source.suffix.lower()}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(tmp, target)  # atomic: a reader never sees half a file
    return StoredOriginal(sha256=sha, path=target, size=size, source_name=source.name)
