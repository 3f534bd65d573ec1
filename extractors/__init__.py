"""Extraction: documents in, `ExtractedDocument`s out (shared/spec/extraction-contract.md).

A short tour, in the order a document travels:

- `pipeline.extract_document(path)` / `extract_paths(paths)`: hash, load, classify, extract
  through the `EXTRACTORS` registry; bad input becomes `error=...`, never an exception.
- `loader.load_pages(path)`: content sniffing, size limits; `pdf_text` (the only pdfplumber
  user) for text layers, `render` (pypdfium2) + `ocr` (the only pytesseract user) for
  scans, pages OCR'd in parallel processes.
- `page_model`: Word / Line / Page, the one shape every field extractor reads.
- `classify.classify(pages)`: invoice / receipt / claim / paystub / w2 / unknown.
- `invoice_fields.extract_invoice(pages, doc_type)`: labels (`invoice_labels`) found word
  by word and paired with values by geometry (`layout`), candidates ranked and scored
  (`candidates`, `confidence`), amounts chosen together (`invoice_amounts`), vendor and
  customer blocks (`invoice_parties`), line items (`line_items`).
- `normalize`: dates, amounts (Decimal, never float) and currencies.
- `nlp`: rule-based value shapes on spaCy's blank English pipeline (optional signal).
"""
