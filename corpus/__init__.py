"""Realistic synthetic documents with ground truth (invoices, receipts, claims, pay stubs, W-2s).

Run it:

    python -m corpus.cli generate --out build/corpus --n 200 --seed 7
    python -m corpus.cli master-data --out build/master --seed 7   # that corpus's client master data
    # or, mounted in the main CLI:  ledgerline samples generate --out ... --n ... --seed ...

Tour, in the order a document travels:

- `world`          the client's world (vendors, purchase orders + goods receipts, employees,
                   providers, payers) that documents mostly come from; `purchasing` bills a known
                   vendor's invoice against one of its POs; `master_data_export` writes the world
                   as the CSVs validators/master_data.py reads (`samples master-data`)
- `plan`           which documents to make: type mix, layout/locale variant, defect, scan format,
                   and which come from strangers (parties not in the world)
- `*_model`        what a document says (invoice_model, claim_model, payroll_model), with
                   `apply_*_defect` functions that break exactly one rule on purpose
- layouts          how it is drawn: invoice_layouts + invoice_render + invoice_table (8 layouts),
                   receipt_layout, claim_form (CMS-1500), superbill, payroll_layouts (3), w2_form
- `*_truth`        the `.expected.json` content: exactly what was printed (truth.py holds the record)
- `scan_effects`   the "scanned" rendering: rasterise, skew, noise, blur, JPEG, fax
- `generate`       the linear orchestration; `cli` the typer app; `regenerate_samples` the
                   committed sample_docs/ set and its PROVENANCE.md

Money is `Decimal` throughout (`money.cents` is the one constructor); all randomness comes from
the seed, and dates from `plan.REFERENCE_DATE`, never from the wall clock.
"""
