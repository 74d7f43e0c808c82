"""Flat exports of a plan's targets: one row per metric, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

#: Columns of ``targets.csv``; other tools read them by name, so they never change order.
CSV_COLUMNS = ("document", "phase", "target_id", "value", "unit", "comparator", "year", "metric_text", "target_text")


def target_rows(plan: dict, document: str) -> list[dict]:
    """One row per metric of every target of a plan's JSON form."""
    rows = []
    for target in plan.get("targets", []):
        phase = target.get("phase")
        phase_text = f"{phase['start']}-{phase['end']}" if phase else ""
        for metric in target.get("metrics", []):
            rows.append(
                {
                    "document": document,
                    "phase": phase_text,
                    "target_id": target["id"],
                    "value": metric["value"],
                    "unit": metric["unit"] or "",
                    "comparator": metric["comparator"],
                    "year": metric["year"] if metric["year"] is not None else "",
                    "metric_text": metric["text"],
                    "target_text": target["text"],
                }
            )
    return rows


def rows_to_csv(rows: Iterable[dict]) -> str:
    """CSV text with a header row (UTF-8 when written; Excel opens it with the BOM we add on disk)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
