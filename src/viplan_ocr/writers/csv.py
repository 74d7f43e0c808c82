"""``targets.csv``: every target of every document of a run, one row per metric, for spreadsheets.

A row carries everything a spreadsheet needs without the JSON around it: the document, the
target's phase (``2022-2025``) and id, the figure with its unit, comparator and year, the words
the figure was read from (``metric_text``), the whole target (``target_text``) and the
readings a person should check (``flags``: ``ocr-digits``, ``shared-qualifier``, ``range``).
The file starts with a BOM, so that Excel opens the Vietnamese text as UTF-8; so does what
``viplan-ocr targets --csv`` prints, because ``> targets.csv`` makes a file just the same (without
it, Excel read ``Tỷ lệ`` as ``Tá»· lá»‡``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from viplan_ocr.writers.base import RunWriter

#: Columns of ``targets.csv``; other tools read them by name, so they never change order (new
#: ones go at the end). ``flags`` lists, space-separated, the readings a person should check.
CSV_COLUMNS = (
    "document",
    "phase",
    "target_id",
    "value",
    "unit",
    "comparator",
    "year",
    "metric_text",
    "target_text",
    "flags",
)


def target_rows(plan: dict, document: str) -> list[dict]:
    """One row per metric of every target of a plan's JSON form.

    A target without any figure (``Chỉ tiêu 19: Phấn đấu có dịch vụ hỗ trợ tâm lý ...``) has no
    row: the CSV holds numbers; the JSON keeps every target.

    >>> plan = {"targets": [{"id": "I.2/18", "phase": {"start": 2021, "end": 2030}, "text": "Chỉ tiêu 18: ...",
    ...          "metrics": [{"value": 0.8, "unit": "%", "comparator": "<", "year": 2025, "text": "dưới 0,8%"}]}]}
    >>> row = target_rows(plan, "binh-cang.txt")[0]
    >>> row["phase"], row["target_id"], row["value"], row["comparator"], row["year"]
    ('2021-2030', 'I.2/18', 0.8, '<', 2025)
    """
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
                    "flags": " ".join(metric.get("flags", [])),
                }
            )
    return rows


def format_value(value: float | str) -> str:
    """A figure as a spreadsheet reads it: ``100`` rather than ``100.0``, ``99.5`` with a point.

    >>> format_value(100.0), format_value(99.5), format_value(0.65), format_value(1200.0)
    ('100', '99.5', '0.65', '1200')
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_to_csv(rows: Iterable[dict]) -> str:
    """CSV text with a header row (UTF-8 when written; Excel opens it with the BOM we add on disk)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "value": format_value(row["value"])} for row in rows)
    return buffer.getvalue()


def render(plans: Iterable[tuple[str, dict]]) -> str:
    """The CSV of every metric of every plan, fed as (document name, plan JSON) pairs."""
    return rows_to_csv(row for name, plan in plans for row in target_rows(plan, name))


WRITER = RunWriter("csv", "targets.csv", render, encoding="utf-8-sig")
