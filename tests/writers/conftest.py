"""Inputs for the review page's tests, made here: a text plan the cleaner is unsure of, and a scan.

The text is an accent-stripped plan: the restorer puts the accents back, and is unsure of a few
words (``Hang``, ``khoi``: which accents?), so the page has changes to review. The scan is a small
printed page (fast to OCR) whose accent-less words the engine reads sure of itself, so the cleaner
only suggests accents there, and across which a pen scribbled: OCR reads the scribble as junk with
low confidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageDraw

from viplan_ocr.extract.synthetic import draw_page, image_pdf

PLAN_TEXT = """KE HOACH
Thuc hien nhiem vu nam hoc 2021-2022
Hang nam to chuc ky thi cho hoc sinh, bai kiem tra dinh ky duoc cham cong khai.
Giao vien khoi 5 phoi hop voi phu huynh de hoc sinh tien bo.
"""
SCAN_LINES = [
    "KẾ HOẠCH",
    "Thực hiện nhiệm vụ năm học 2021-2022",
    "Hang nam tổ chức kỳ thi cho học sinh.",
    "Giáo viên khoi 5 phối hợp với phụ huynh.",
    "",
    "",
]
SCAN_DPI = 200
PAGE_INCHES = (6.2, 4.4)


def write_scribbled_scan(path: Path) -> Path:
    """A one-page image-only PDF of :data:`SCAN_LINES`, a pen scribble under the last line."""
    page = draw_page(SCAN_LINES, font_size=11, dpi=SCAN_DPI, page_inches=PAGE_INCHES, margin=0.5)
    draw = ImageDraw.Draw(page)
    top = round(0.5 * SCAN_DPI + 4.6 * 11 * 1.5 * SCAN_DPI / 72)  # under the fourth line
    for k in range(6):
        left = 150 + 40 * k
        draw.line([(left, top), (left + 40, top + 35)], fill=0, width=4)
        draw.line([(left + 40, top), (left, top + 35)], fill=60, width=3)
    return image_pdf([page], path, dpi=SCAN_DPI, quality=85)


@pytest.fixture(scope="session")
def review_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``plan.txt`` (:data:`PLAN_TEXT`) and ``scan.pdf`` (:func:`write_scribbled_scan`)."""
    folder = tmp_path_factory.mktemp("review-inputs")
    (folder / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    write_scribbled_scan(folder / "scan.pdf")
    return folder
