"""Tesseract's own English word list, as evidence that a name OCR read is a word it knows.

A hyphenated company name ('Green-Hunt') is one word to Tesseract, outside its dictionary,
so it rates it no higher than 0.92 however cleanly it reads, and a misread one rates the
same: 'Rich-Oison' for 'Rich-Olson' read 0.91 like the right ones (0.89-0.92). What sets the
misreads apart is their parts: 'Oison', 'Kach' (for 'Koch') are in no word list, where
both parts of every right compound read on the generated pay stubs of seeds 11, 41, 43,
47, 53 and 67 are words of the list Tesseract's English model ships with (its word DAWG,
338,080 words with common surnames). A misread can still make another known word
('Gowan' for 'Cowan'), so the list only confirms a compound already read at the level of
the right ones; it never lifts a reading on its own.

The list is unpacked with Tesseract's own tools (`combine_tessdata`, `dawg2wordlist`) once
per machine and model, then read from the user's cache folder; without the tools it is
empty and confirms nothing.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path


def _tessdata_dir() -> Path | None:
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [Path(prefix)] if prefix else []
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             timeout=20).stdout
        m = re.search(r'"([^"]+)"', out)
        if m:
            candidates.append(Path(m.group(1)))
    except (OSError, subprocess.SubprocessError):
        pass
    for d in candidates:
        if (d / "eng.traineddata").is_file():
            return d
    return None


@lru_cache(maxsize=1)
def tesseract_words() -> frozenset[str]:
    """The words of Tesseract's English model's word list; empty when it cannot be read.
    Unpacking takes ~0.5 s, reading the unpacked list back ~0.06 s: the list is kept in the
    user's cache folder (`$XDG_CACHE_HOME/ledgerline`, else ~/.cache/ledgerline), named for
    the model file's size and time, so another model unpacks its own."""
    tessdata = _tessdata_dir()
    if tessdata is None:
        return frozenset()
    model = tessdata / "eng.traineddata"
    stat = model.stat()
    kept = _cache_folder() / f"tesseract-eng-words-{stat.st_size}-{stat.st_mtime_ns}.txt"
    try:
        return frozenset(kept.read_text(encoding="utf-8").split())
    except OSError:
        pass
    text = _unpack_words(model)
    if text:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(kept)
        except OSError:
            pass  # a read-only home: unpacked again next time
    return frozenset(text.split())


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "ledgerline"


def _unpack_words(model: Path) -> str:
    """The model's word list as text, one word a line ('' without tesseract's tools)."""
    if not (shutil.which("combine_tessdata") and shutil.which("dawg2wordlist")):
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "eng."
        try:
            subprocess.run(["combine_tessdata", "-u", str(model), str(base)],
                           capture_output=True, timeout=60, check=True)
            out = Path(tmp) / "words.txt"
            subprocess.run(["dawg2wordlist", f"{base}lstm-unicharset", f"{base}lstm-word-dawg",
                            str(out)], capture_output=True, timeout=60, check=True)
            return out.read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.SubprocessError):
            return ""


def known_parts(compound: str) -> bool:
    """Every part of a hyphenated name is a word of Tesseract's list."""
    words = tesseract_words()
    parts = compound.split("-")
    return bool(words) and len(parts) >= 2 and all(p in words for p in parts)
