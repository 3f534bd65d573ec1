"""`ledgerline calibrate`: review thresholds from an evaluation of a calibration set.

For every (document type, field, reading mode) the threshold is the lowest confidence at
which the fields at or above it were right at least `precision` of the time in the
calibration run (99.8% by default, against the 99.5% the product promises); within the gap
that leaves the calibration result unchanged it sits as low as the evidence allows: at the
family's floor, or `margin` above the most confident wrong value it leaves out. No threshold goes below its document family's floor: 0.9 (the hand-set default) for
invoices, receipts and pay stubs, whose layouts vary without end — a generated set has a
handful, and the extractors cap a value they doubt (an OCR'd name, a guessed date) just under
0.9; on the real fixtures, thresholds down to 0.8 let 4 of 125 accepted fields through wrong
(3.2%), all of them such capped values — and 0.8 for the printed government forms (CMS-1500,
W-2), whose boxes are the same on every copy. A group with
fewer than `min_support` examples gets no entry: the hand-set
threshold in extractors/confidence.py applies to it. Run it on a generated set other than
the one the figures are reported on (seed 11 for calibration, seed 7 for docs/quality.md),
so that the figures measure thresholds that never saw those documents.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

NEVER = 1.01  # above any confidence: the field is always reviewed


@dataclass(frozen=True)
class Group:
    key: str  # doc_type/field/mode
    threshold: float
    examples: int
    accepted: int  # at or above the threshold, in the calibration run
    wrong_accepted: int


def observations(documents: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[float, bool]]]:
    """(confidence, correct) per doc_type/field/mode from an eval JSON's `documents`."""
    out: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for doc in documents:
        if doc.get("error") or doc.get("extracted_type") != doc.get("expected_type"):
            continue
        mode = "ocr" if doc.get("mode") == "ocr" else "text"
        for name, f in doc.get("fields", {}).items():
            if f.get("extracted") is None or f.get("confidence") is None:
                continue
            out[f"{doc['expected_type']}/{name}/{mode}"].append((float(f["confidence"]), bool(f["correct"])))
    return out


def threshold_for(points: list[tuple[float, bool]], *, precision: float, margin: float,
                  floor: float) -> tuple[float, int, int]:
    """(threshold, accepted, wrong among accepted) for one group's points."""
    ranked = sorted(points, key=lambda p: -p[0])
    best = (NEVER, 0, 0)
    wrong = 0
    for i, (conf, correct) in enumerate(ranked, start=1):
        wrong += not correct
        if conf < floor:
            break
        if i < len(ranked) and ranked[i][0] == conf:
            continue  # a threshold cannot split equal confidences
        allowed = math.floor((1.0 - precision) * i + 1e-9)
        if wrong <= allowed:
            best = (conf, i, wrong)
    if best[0] >= NEVER:
        return best
    # Any threshold between the next value down and best[0] accepts the same calibration
    # fields; take the lowest the evidence allows: the floor, or `margin` clear of the most
    # confident wrong value left below (which may lift it above best[0]). Not best[0] itself:
    # when the lowest accepted value happened to be 0.9229, held-out values at 0.91 would be
    # reviewed with nothing against them.
    below = [c for c, ok in ranked[best[1]:] if not ok]
    threshold = min(NEVER, round(max(floor, (max(below) + margin) if below else floor), 4))
    kept = [ok for c, ok in ranked if c >= threshold]
    return (threshold, len(kept), kept.count(False))


FLOORS = {"claim": 0.8, "w2": 0.8}  # fixed printed forms; every other family: DEFAULT_FLOOR
DEFAULT_FLOOR = 0.9


def floor_for(doc_type: str, floors: Mapping[str, float] | None = None) -> float:
    return (FLOORS if floors is None else floors).get(doc_type, DEFAULT_FLOOR)


def calibrate(documents: Iterable[Mapping[str, Any]], *, precision: float = 0.998,
              margin: float = 0.01, min_support: int = 30,
              floors: Mapping[str, float] | None = None) -> list[Group]:
    groups = []
    for key, points in sorted(observations(documents).items()):
        if len(points) < min_support:
            continue
        floor = floor_for(key.split("/")[0], floors)
        threshold, accepted, wrong = threshold_for(points, precision=precision, margin=margin, floor=floor)
        groups.append(Group(key, threshold, len(points), accepted, wrong))
    return groups


def write_thresholds(groups: list[Group], path: Path, *, source: str) -> None:
    data = {
        "about": "Review thresholds per doc_type/field/mode, written by `ledgerline calibrate` "
                 "(evaluation/calibrate.py); read by extractors/confidence.py. Do not edit by hand.",
        "source": source,
        "written": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "thresholds": {g.key: g.threshold for g in groups},
        "support": {g.key: {"examples": g.examples, "accepted": g.accepted, "wrong_accepted": g.wrong_accepted}
                    for g in groups},
    }
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")


@dataclass
class Projection:
    """What a set of thresholds would do on a held-out evaluation, per doc_type/mode."""
    key: str  # doc_type/mode
    documents: int = 0
    straight_through: int = 0
    fields: int = 0
    accepted: int = 0
    wrong_accepted: int = 0


def project(groups: Iterable[Group], documents: Iterable[Mapping[str, Any]],
            fallback: Mapping[str, float]) -> list[Projection]:
    """Apply calibrated thresholds to another eval's documents without writing them anywhere.

    A field is accepted when present with confidence at or above its group's threshold (or the
    hand-set `fallback[field]` / `fallback["default"]` for groups the calibration lacked); a
    document goes straight through when every scored field is accepted, as in `ledgerline eval`.
    """
    table = {g.key: g.threshold for g in groups}
    out: dict[str, Projection] = {}
    for doc in documents:
        if doc.get("error"):
            continue
        mode = "ocr" if doc.get("mode") == "ocr" else "text"
        doc_type = str(doc.get("extracted_type"))
        p = out.setdefault(f"{doc.get('expected_type')}/{mode}", Projection(f"{doc.get('expected_type')}/{mode}"))
        p.documents += 1
        all_accepted = bool(doc.get("fields"))
        for name, f in doc.get("fields", {}).items():
            limit = table.get(f"{doc_type}/{name}/{mode}", fallback.get(name, fallback["default"]))
            ok = f.get("extracted") is not None and f.get("confidence") is not None \
                and float(f["confidence"]) >= limit
            p.fields += 1
            p.accepted += ok
            p.wrong_accepted += ok and not f.get("correct")
            all_accepted &= ok
        p.straight_through += all_accepted
    return [out[k] for k in sorted(out)]
