"""OCR languages: a client whose scans are not English names its tesseract models; pages are
read with them (real tesseract), missing models fail naming the package to install."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr_cache
from extractors.ocr import OcrLanguageMissing, check_languages, installed_languages, ocr_image, parse_languages
from extractors.pipeline import extract_paths

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
GERMAN = ["Rechnung für Größe und Maß", "Königstraße 12, 50667 Köln"]

needs_deu = pytest.mark.skipif("deu" not in installed_languages(), reason="tesseract-ocr-deu not installed (make installs it)")


def draw_lines(path: Path, lines: list[str], size: int = 42) -> Path:
    font = ImageFont.truetype(FONT, size)
    img = Image.new("L", (2400, 140 + 110 * len(lines)), 255)
    pen = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        pen.text((100, 80 + i * 110), text, font=font, fill=0)
    img.save(path, dpi=(300, 300))
    return path


def words(path: Path, languages: tuple[str, ...]) -> str:
    with Image.open(path) as im:
        return " ".join(w.text for w in ocr_image(im.convert("L"), 300, languages=languages).words)


@needs_deu
def test_german_model_reads_umlauts_and_sharp_s_english_loses(tmp_path):
    page = draw_lines(tmp_path / "de.png", GERMAN)
    english, german = words(page, ("eng",)), words(page, ("deu", "eng"))
    assert "Größe" not in english and "Köln" not in english  # the English model has no ö or ß
    for word in ("für", "Größe", "Maß", "Königstraße", "Köln"):
        assert word in german


@needs_deu
def test_extract_paths_reads_scans_with_the_languages_asked_for(tmp_path):
    page = draw_lines(tmp_path / "de.png", ["Müller Bürobedarf GmbH", "Rechnung Nr. R-1001",
                                            "Datum: 03.03.2026", "Gesamtbetrag 119,00 EUR"])
    [english] = extract_paths([page], workers=1)
    [german] = extract_paths([page], workers=1, ocr_languages=("deu", "eng"))
    assert english.error is None and german.error is None
    assert "Müller Bürobedarf" not in english.fields["vendor_name"].value
    assert german.fields["vendor_name"].value == "Müller Bürobedarf GmbH"


def test_missing_model_names_the_package_to_install():
    absent = next(code for code in ("ita", "por", "pol", "tur", "swe") if code not in installed_languages())
    with pytest.raises(OcrLanguageMissing) as err:
        check_languages(["eng", absent])
    assert f"no tesseract model for {absent}" in err.value.message
    assert f"apt-get install tesseract-ocr-{absent}" in err.value.message


@pytest.mark.parametrize("text", ["", "+", "english", "eng+12"])
def test_malformed_language_lists_are_refused(text):
    with pytest.raises(OcrLanguageMissing):
        parse_languages(text)


def test_language_list_forms():
    assert parse_languages("eng") == ("eng",)
    assert parse_languages("msa+eng") == ("msa", "eng")  # tesseract's own form; order kept
    assert parse_languages(" eng , msa, eng") == ("eng", "msa")


def test_ocr_cache_keys_pages_by_language(tmp_path, monkeypatch):
    monkeypatch.setenv(ocr_cache.ENV, str(tmp_path / "cache"))
    page = draw_lines(tmp_path / "p.png", ["Total 10.00"])
    list(extract_paths([page], workers=1))
    stored = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(stored) == 1 and "-eng-" in stored[0]
    cached = ocr_cache.load(str(page), "image", 0, ("eng",))
    assert cached is not None
    assert ocr_cache.load(str(page), "image", 0, ("deu", "eng")) is None
