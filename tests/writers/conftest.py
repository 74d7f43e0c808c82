"""Inputs for the writers' tests, made here and converted by the real pipeline.

For the formats that place cleaned words on their boxes (hOCR, ALTO, searchable PDF): inputs made
from the seed plan's text with :mod:`viplan_ocr.extract.synthetic` (printed with DejaVu,
"scanned": blur, noise, a slight skew) and converted once per session (Tesseract ``vie``).

For the review page: a text plan the cleaner is unsure of, and a scan. The text is an
accent-stripped plan: the restorer puts the accents back, and is unsure of a few words (``Hang``,
``khoi``: which accents?), so the page has changes to review. The scan is a small printed page
(fast to OCR) whose accent-less words the engine reads sure of itself, so the cleaner only
suggests accents there, and across which a pen scribbled: OCR reads the scribble as junk with
low confidence.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import ImageDraw

from viplan_ocr.extract import synthetic
from viplan_ocr.extract.synthetic import draw_page, image_pdf
from viplan_ocr.pipeline import Converted, convert
from viplan_ocr.vietnamese.syllables import strip_accents

if TYPE_CHECKING:
    import pikepdf
#: The e-signature stamp typed over the second of the hard pages (as e-office systems print it).
SIGNATURE = "Ký bởi: Trường THCS Bình Cang\nThời gian ký: 15.04.2021 09:12:33 +07:00"


@dataclass(frozen=True)
class Passages:
    """Short passages of the seed plan, each small enough for one quick scanned page."""

    plan: str  # the title block and the opening paragraphs
    short: list[str]  # five different two-paragraph passages


@pytest.fixture(scope="session")
def passages(seeds) -> Passages:
    paragraphs = synthetic.paragraphs(seeds["clean"].read_text(encoding="utf-8"))
    short = ["\n".join(paragraphs[i : i + 2]) for i in (6, 9, 12, 15, 18)]
    return Passages(plan="\n".join(paragraphs[:6]), short=short)


def scan(text: str, seed: int = 0):
    """One scanned page of ``text`` (a PIL image at 300 dpi)."""
    pages = synthetic.scan_pages(text, synthetic.Damage(), seed=seed)
    assert len(pages) == 1, "passage longer than a page"
    return pages[0]


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory, passages: Passages) -> Path:
    """A folder of inputs: a scanned PDF, a text-layer PDF, an image of unaccented text (with an
    alpha channel, as screenshots have), and a plain text file."""
    folder = tmp_path_factory.mktemp("inputs")
    synthetic.image_pdf([scan(passages.plan, seed=1)], folder / "scan.pdf")
    synthetic.text_pdf(passages.plan, folder / "text.pdf")
    scan(strip_accents(passages.short[0]), seed=2).convert("RGBA").save(folder / "unaccented.png", dpi=(300, 300))
    (folder / "plan.txt").write_text(strip_accents(passages.short[1]), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def scanned(inputs: Path) -> Converted:
    """The scanned PDF, converted (OCR, cleaning, parsing)."""
    return convert(inputs / "scan.pdf")


@pytest.fixture(scope="session")
def unaccented(inputs: Path) -> Converted:
    """The image of unaccented text, converted: cleaning restores its accents, so many cleaned
    words differ from what the engine read."""
    return convert(inputs / "unaccented.png")


@pytest.fixture(scope="session")
def hard_pages(tmp_path_factory: pytest.TempPathFactory, passages: Passages) -> Path:
    """A five-page PDF of the pages a searchable PDF must get right, each a scan of its own passage:

    1. under an invisible text layer of the same text without diacritics (a scanner's English
       OCR): extraction reads it as junk and OCRs the page;
    2. e-signed: a visible signature stamp typed over the scan, which extraction keeps;
    3. under visible text in a font without a Unicode map (``(cid:N)`` codes);
    4. turned: the scan stored sideways, with ``/Rotate 90`` to show it upright;
    5. sideways: the scan stored sideways and shown so, which OCR reads turned (OSD).
    """
    import img2pdf
    import pikepdf
    from fpdf.enums import TextMode

    folder = tmp_path_factory.mktemp("hard")
    images = [scan(text, seed=10 + i) for i, text in enumerate(passages.short)]
    pdf = synthetic.new_text_pdf()
    synthetic.place_image(pdf, images[0])
    pdf.text_mode = TextMode.INVISIBLE
    pdf.set_xy(65, 65)
    synthetic.write_paragraphs(pdf, strip_accents(passages.short[0]))
    pdf.text_mode = TextMode.FILL
    synthetic.place_image(pdf, images[1])
    pdf.set_font_size(9)
    pdf.set_xy(330, 720)
    pdf.multi_cell(200, 12, SIGNATURE)
    synthetic.place_image(pdf, images[2])
    first = folder / "first.pdf"
    pdf.output(str(first))

    sideways = io.BytesIO()
    images[3].rotate(90, expand=True).save(sideways, "PNG", dpi=(300, 300))
    turned = img2pdf.convert(sideways.getvalue(), rotation=img2pdf.Rotation["90"])
    lying = io.BytesIO()
    images[4].rotate(90, expand=True).save(lying, "PNG", dpi=(300, 300))
    with (
        pikepdf.open(first) as document,
        pikepdf.open(io.BytesIO(turned)) as extra,
        pikepdf.open(io.BytesIO(img2pdf.convert(lying.getvalue()))) as last,
    ):
        _add_unmapped_text(document, document.pages[2])
        document.pages.extend([extra.pages[0], last.pages[0]])
        document.save(folder / "hard.pdf")
    return folder / "hard.pdf"


def _add_unmapped_text(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Visible text at the foot of the page in a CID font with no Unicode map, as some PDF printers
    write: it extracts as ``(cid:N)`` codes."""
    import pikepdf

    name = pikepdf.Name
    descendant = pikepdf.Dictionary(
        Type=name.Font,
        Subtype=name.CIDFontType2,
        BaseFont=name("/ScannerFont"),
        DW=500,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
    )
    font = pikepdf.Dictionary(
        Type=name.Font,
        Subtype=name.Type0,
        BaseFont=name("/ScannerFont"),
        Encoding=name("/Identity-H"),
        DescendantFonts=[pdf.make_indirect(descendant)],
    )
    if "/Font" not in page.Resources:
        page.Resources.Font = pikepdf.Dictionary()
    page.Resources.Font["/FX"] = pdf.make_indirect(font)
    codes = "".join(f"{18 + i % 40:04X}" for i in range(60))
    page.contents_add(pdf.make_stream(f"BT /FX 10 Tf 60 30 Td <{codes}> Tj 0 12 Td <{codes}> Tj ET".encode()))


@pytest.fixture(scope="session")
def hard(hard_pages: Path) -> Converted:
    return convert(hard_pages)


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
