"""Property test at the noisy boundary: whatever extraction produces, no built-in rule crashes
(a crash would surface as RULE_FAILED) and every issue names a reason code."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from schemas.document import FIELD_NAMES, TABLE_COLUMNS, DocType, ExtractedDocument, FieldValue
from schemas.reasons import ReasonCode
from validators.engine import validate
from validators.history import InMemoryHistory
from validators.master_data import Employee, MasterData, PoLine, Vendor

TABLES = {DocType.INVOICE: "line_items", DocType.RECEIPT: "line_items", DocType.CLAIM: "service_lines",
          DocType.PAYSTUB: "earnings", DocType.W2: None}
noisy = st.one_of(
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e999999", "-0", "0.000", "12,50", "NaN", "Infinity", "2024-02-30", "2024-03-09",
                     "XXX-XX-1234", "12-3456789", "1234567893", "AB", "A,Z", "99213", "E11.9", " "]),
    st.dates().map(lambda d: d.isoformat()),
)
value = st.one_of(noisy, st.lists(noisy, max_size=3))
field = st.builds(lambda v, c, r: FieldValue(value=v, confidence=c, needs_review=r),
                  value, st.floats(0, 1), st.booleans())


@st.composite
def documents(draw):
    doc_type = draw(st.sampled_from([t for t in DocType if t is not DocType.UNKNOWN]))
    names = draw(st.lists(st.sampled_from(FIELD_NAMES[doc_type]), unique=True, max_size=12))
    tables = {}
    table = TABLES[doc_type]
    if table:
        cols = TABLE_COLUMNS[table]
        tables[table] = draw(st.lists(st.dictionaries(st.sampled_from(cols), field, max_size=len(cols)), max_size=3))
    return ExtractedDocument(source="x", sha256="x", doc_type=doc_type,
                             fields={n: draw(field) for n in names}, tables=tables)


MASTER = MasterData(
    vendors=(Vendor("ACME Tools, Inc.", "12-3456789"),),
    purchase_orders={"PO-1": (PoLine("PO-1", "ACME Tools, Inc.", __import__("decimal").Decimal("2"),
                                     __import__("decimal").Decimal("30.00"), "W-A"),)},
    employees=(Employee("E-1", "Ana Ruiz"),), payers=("AETNA",), providers={"1234567893": "Clinic"},
    kinds=frozenset({"vendors", "purchase_orders", "goods_receipts", "employees", "payers", "providers"}),
)


HUGE = ExtractedDocument(source="x", sha256="y", doc_type=DocType.PAYSTUB, fields={
    n: FieldValue(value="1e999999", confidence=1.0, needs_review=False) for n in FIELD_NAMES[DocType.PAYSTUB]})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=documents(), earlier=documents())
@example(doc=HUGE, earlier=HUGE)
def test_no_rule_crashes_on_noisy_extraction(h, doc, earlier):
    client = h.client(rules={"po_match": {"mode": "three_way"}, "approval_limit": "100",
                             "allowed_currencies": ["USD"]}, thresholds={"*": 0.5})
    history = InMemoryHistory()
    history.add(earlier)
    issues = validate(doc, h.ctx(client, history=history, master=MASTER))
    assert [i for i in issues if i.code == ReasonCode.RULE_FAILED] == []
    assert all(isinstance(i.code, ReasonCode) and i.rule_id for i in issues)
