"""One document in, one ExtractedDocument out; a folder or list of paths in, results out
in input order. `extract_document` never raises for bad input: the error is data.

Steps, in order: hash the bytes, load pages (text layer or OCR), classify, extract the
fields of the document type through `EXTRACTORS`.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache, partial
from pathlib import Path

from extractors.claim_fields import extract_claim
from extractors.classify import classify
from extractors.confidence import reading
from extractors.invoice_fields import extract_invoice
from extractors.loader import load_pages
from extractors.page_model import Page
from extractors.paystub_fields import extract_paystub
from extractors.receipt_fields import extract_receipt
from extractors.w2_fields import extract_w2
from ledgerline.errors import LedgerlineError, UnreadableDocument
from schemas.client_config import DEFAULT_OCR_LANGUAGES
from schemas.document import DocType, ExtractedDocument, ExtractionError, FieldValue

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
                                ".gif", ".webp"})

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]
Extractor = Callable[[list[Page]], tuple[Fields, Tables]]


def _no_fields(pages: list[Page]) -> tuple[Fields, Tables]:
    return {}, {}


EXTRACTORS: dict[DocType, Extractor] = {
    DocType.INVOICE: lambda pages: extract_invoice(pages, DocType.INVOICE),
    DocType.RECEIPT: extract_receipt,
    DocType.CLAIM: extract_claim,
    DocType.PAYSTUB: extract_paystub,
    DocType.W2: extract_w2,
    DocType.UNKNOWN: _no_fields,
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def extract_document(path: Path, *, source: str | None = None, ocr_workers: int = 2,
                     ocr_languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> ExtractedDocument:
    """Extract one document. Bad input gives a result with `error` set, never an exception.
    `ocr_languages`: the tesseract models scanned pages are read with (a client's setting)."""
    path = Path(path)
    source = source if source is not None else str(path)
    sha = sha256_of(path)
    try:
        pages = load_pages(path, ocr_workers=ocr_workers, languages=tuple(ocr_languages))
    except UnreadableDocument as exc:
        return ExtractedDocument(source=source, sha256=sha,
                                 error=ExtractionError(code=exc.code, message=str(exc)))
    except LedgerlineError as exc:
        return ExtractedDocument(source=source, sha256=sha, error=ExtractionError(
            code=getattr(exc, "code", "ERROR"), message=f"{path}: {exc.message}"))
    except Exception as exc:  # a bug or an unforeseen format: still one result per input
        log.exception("%s: unexpected error while loading", path)
        return ExtractedDocument(source=source, sha256=sha, error=ExtractionError(
            code="INTERNAL_ERROR", message=f"{path}: could not be read ({type(exc).__name__}:"
            f" {exc}); please report this file"))
    doc_type, type_conf = classify(pages)
    try:
        with reading(doc_type, any(p.ocr for p in pages)):  # the thresholds for this read
            fields, tables = EXTRACTORS.get(doc_type, _no_fields)(pages)
    except Exception as exc:
        log.exception("%s: field extraction failed", path)
        return ExtractedDocument(source=source, sha256=sha, doc_type=doc_type,
                                 doc_type_confidence=type_conf, pages=len(pages),
                                 ocr=any(p.ocr for p in pages), error=ExtractionError(
                                     code="EXTRACTION_FAILED",
                                     message=f"{path}: field extraction failed "
                                     f"({type(exc).__name__}: {exc}); please report this file"))
    return ExtractedDocument(source=source, sha256=sha, doc_type=doc_type,
                             doc_type_confidence=type_conf, pages=len(pages),
                             ocr=any(p.ocr for p in pages), fields=fields, tables=tables)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders replaced by every supported file below them, sorted."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file()
                          and p.suffix.lower() in SUPPORTED_SUFFIXES
                          and not p.name.endswith(".expected.json"))
        else:
            out.append(path)
    return out


def _extract_one(path: Path, ocr_languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> ExtractedDocument:
    return extract_document(path, ocr_workers=1, ocr_languages=ocr_languages)


@cache
def warm_up() -> None:
    """Pay the one-off costs of extraction once per process: the lazy imports and
    dateparser's language tables (~0.3 s of regex compilation on its first date), the
    ICD-10-CM code list and tesseract's English word list. Called
    before worker processes are forked, so every worker starts warm instead of paying it
    again for each chunk of a batch."""
    from extractors import icd10cm, loader, normalize, paystub_lexicon, pdf_text  # noqa: F401

    icd10cm.billable_codes()
    paystub_lexicon.tesseract_words()  # read once here, not in every worker of every chunk
    for sample in ("3 March 2024", "3. März 2024", "3 mars 2024", "3 de marzo de 2024",
                   "3 maart 2024"):
        normalize.parse_date(sample)


def extract_paths(paths: list[Path], *, workers: int = 2,
                  ocr_languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> Iterator[ExtractedDocument]:
    """Extract every document, in input order, `workers` processes at a time."""
    files = expand_paths(paths)
    ocr_languages = tuple(ocr_languages)
    if workers <= 1 or len(files) <= 1:
        for path in files:
            yield extract_document(path, ocr_languages=ocr_languages)
        return
    warm_up()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(partial(_extract_one, ocr_languages=ocr_languages), files)
