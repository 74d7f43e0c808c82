"""The ``csv`` writer: ``viplan-ocr targets FILE... --csv`` and targets.csv, one row per metric."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from viplan_ocr.writers.csv import CSV_COLUMNS, rows_to_csv, target_rows

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# (phase, target_id, value, unit, comparator, year) of every row, as the CSV writes them.
BINH_CANG_ROWS = [
    ("2021-2030", "I.2/18", "99", "%", ">", ""),
    ("2021-2030", "I.2/18", "0.8", "%", "<", "2025"),
    ("2021-2030", "I.2/18", "0.65", "%", "<", "2030"),
    ("2021-2030", "I.2/20", "55", "%", ">=", "2025"),
    ("2021-2030", "I.2/20", "60", "%", ">=", "2030"),
]
LONG_BIEN_ROWS = [
    ("2022-2025", "I.2.1/1", "100", "%", "=", ""),
    ("2022-2025", "I.2.1/2", "55", "%", ">=", ""),
    ("2022-2025", "I.2.1/2", "100", "%", ">=", ""),
    ("2022-2025", "I.2.1/3", "100", "%", ">=", ""),
    ("2022-2025", "I.2.1/4", "100", "%", ">=", ""),
    ("2022-2025", "I.2.1/5", "99", "%", "=", ""),
    ("2022-2025", "I.2.1/5", "0.05", "%", "<", ""),
    ("2022-2025", "I.2.1/6", "100", "%", ">=", ""),
    ("2022-2025", "I.2.1/7", "100", "%", ">=", ""),
    ("2022-2025", "I.2.1/7", "80", "%", ">=", ""),
    ("2025-2030", "I.2.2/1", "100", "%", "=", ""),
    ("2025-2030", "I.2.2/2", "65", "%", ">=", ""),
    ("2025-2030", "I.2.2/2", "100", "%", ">=", ""),
    ("2025-2030", "I.2.2/3", "100", "%", ">=", ""),
    ("2025-2030", "I.2.2/4", "100", "%", ">=", ""),
    ("2025-2030", "I.2.2/5", "99.5", "%", "=", ""),
    ("2025-2030", "I.2.2/5", "0.03", "%", "<", ""),
    ("2025-2030", "I.2.2/6", "100", "%", ">=", ""),
    ("2025-2030", "I.2.2/7", "100", "%", ">=", ""),
    ("2025-2030", "I.2.2/7", "82", "%", ">=", ""),
]


def numeric_columns(rows: list[dict], document: str) -> list[tuple]:
    keys = ("phase", "target_id", "value", "unit", "comparator", "year")
    return [tuple(row[k] for k in keys) for row in rows if row["document"] == document]


def test_targets_csv_has_one_row_per_metric(run_cli):
    binh_cang = SAMPLES / "plan-binh-cang-2021-2030.txt"
    long_bien = SAMPLES / "ocr-damaged-plan-long-bien-2022-2030.txt"
    result = run_cli("targets", binh_cang, long_bien, "--csv")
    assert result.code == 0, result.err
    assert result.out.startswith("\ufeff")  # the BOM Excel needs, on standard output too
    reader = csv.DictReader(io.StringIO(result.out.removeprefix("\ufeff")))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    rows = list(reader)
    assert numeric_columns(rows, str(binh_cang)) == BINH_CANG_ROWS
    assert numeric_columns(rows, str(long_bien)) == LONG_BIEN_ROWS
    assert len(rows) == 25
    first = rows[0]
    assert first["metric_text"] == "trên 99%"
    assert [row["flags"] for row in rows if row["target_id"] == "I.2/20"] == ["", "shared-qualifier"]
    assert first["target_text"].startswith("Chỉ tiêu 18: Tỷ lệ học sinh tốt nghiệp")


def test_targets_json_keeps_numbers_as_numbers(run_cli):
    result = run_cli("targets", SAMPLES / "plan-binh-cang-2021-2030.txt")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [(r["value"], r["year"]) for r in rows] == [
        (99.0, ""),
        (0.8, 2025),
        (0.65, 2030),
        (55.0, 2025),
        (60.0, 2030),
    ]


def test_csv_quotes_commas_and_writes_plain_values():
    plan = {
        "targets": [
            {
                "id": "I.2.2/5",
                "phase": {"start": 2025, "end": 2030},
                "text": "Chỉ tiêu số 5: ... 99,5%, phấn đấu ...",
                "metrics": [
                    {"value": 99.5, "unit": "%", "comparator": "=", "year": None, "text": "99,5%", "flags": ["range"]}
                ],
            },
            {"id": "I.2/19", "phase": None, "text": "Chỉ tiêu 19", "metrics": []},
        ]
    }
    text = rows_to_csv(target_rows(plan, "long-bien.txt"))
    assert text.splitlines() == [
        ",".join(CSV_COLUMNS),
        'long-bien.txt,2025-2030,I.2.2/5,99.5,%,=,,"99,5%","Chỉ tiêu số 5: ... 99,5%, phấn đấu ...",range',
    ]


def test_targets_of_the_text_layer_pdf_match_the_text_sample(run_cli):
    """The same plan through a PDF text layer (lines broken by the page width) gives the same rows."""
    pdf = SAMPLES / "text-layer-plan-binh-cang.pdf"
    result = run_cli("targets", pdf, "--csv")
    assert result.code == 0, result.err
    rows = csv.DictReader(io.StringIO(result.out.removeprefix("\ufeff")))
    assert numeric_columns(list(rows), str(pdf)) == BINH_CANG_ROWS
