"""Files for the extraction tests, generated at test time from the seed plan's text.

Each PDF is a kind of page the router must recognise: a real text layer, an image-only scan, a
mix of both, an e-signed scan (image body plus a signature stamp as text), a scan under a junk
invisible OCR layer, a font without a Unicode map (``(cid:N)``), a TCVN3 font; and the broken
files a user may hand us. Scans are drawn with :mod:`viplan_ocr.extract.synthetic`, so the
truth is known exactly.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from viplan_ocr.extract import synthetic


def char_error_rate(truth: str, found: str) -> float:
    """Character error rate, whitespace runs counted as one space."""
    truth, found = " ".join(truth.split()), " ".join(found.split())
    return Levenshtein.distance(truth, found) / max(1, len(truth))


@pytest.fixture(scope="session")
def cer():
    """The character error rate function (test modules cannot import conftest)."""
    return char_error_rate


@dataclass(frozen=True)
class Texts:
    """Short passages of the seed plan: one scanned page each, so OCR stays quick."""

    first: str
    second: str
    signature: str = "Ký bởi: Trường THCS Bình Cang\nThời gian ký: 15.04.2021 09:12:33 +07:00"


@pytest.fixture(scope="session")
def texts(seeds) -> Texts:
    paragraphs = synthetic.paragraphs(seeds["clean"].read_text(encoding="utf-8"))
    return Texts(first="\n".join(paragraphs[:5]), second="\n".join(paragraphs[8:12]))


PASTED_INTRO = "Phụ lục: bản chụp Kế hoạch của nhà trường\nKèm theo Báo cáo số 12/BC-PGDĐT ngày 20/5/2021"


def scan(text: str, seed: int = 0, damage: synthetic.Damage | None = None) -> object:
    """One scanned page of ``text`` (it must fit on a page)."""
    pages = synthetic.scan_pages(text, damage or synthetic.Damage(), seed=seed)
    assert len(pages) == 1, "test passage longer than a page"
    return pages[0]


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def cid_garbage_pdf(image: object, path: Path) -> Path:
    """A scanned page under an invisible text layer whose font has no Unicode map: ``(cid:N)``."""
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=70)  # type: ignore[attr-defined]
    width, height = image.size  # type: ignore[attr-defined]
    codes = "".join(f"{18 + i % 40:04X}" for i in range(60))
    text = f"BT 3 Tr /F1 11 Tf 72 760 Td <{codes}> Tj 0 -14 Td <{codes}> Tj ET".encode()
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q " + text
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        stream(zlib.compress(content), "/Filter /FlateDecode "),
        stream(
            jpeg.getvalue(),
            f"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
            "/BitsPerComponent 8 /Filter /DCTDecode ",
        ),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ScannerFont /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ScannerFont /DW 500 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
    ]
    path.write_bytes(raw_pdf(objects))
    return path


@dataclass(frozen=True)
class Pdfs:
    """Paths of the generated test PDFs."""

    text: Path
    scanned: Path
    mixed: Path
    esigned: Path
    junk: Path
    pasted: Path
    ocr_layer: Path
    cid: Path
    tcvn3: Path
    vni: Path
    encrypted: Path
    zero: Path
    truncated: Path
    corrupt: Path


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory, texts: Texts) -> Pdfs:
    from fpdf.enums import TextMode

    folder = tmp_path_factory.mktemp("pdfs")
    first_scan, second_scan = scan(texts.first, seed=1), scan(texts.second, seed=2)

    text = synthetic.text_pdf(texts.first, folder / "text.pdf")
    scanned = synthetic.image_pdf([first_scan], folder / "scanned.pdf", dpi=300)

    pdf = synthetic.new_text_pdf()
    pdf.add_page()
    synthetic.write_paragraphs(pdf, texts.first)
    synthetic.place_image(pdf, second_scan)
    pdf.output(str(folder / "mixed.pdf"))

    pdf = synthetic.new_text_pdf()
    synthetic.place_image(pdf, first_scan)
    pdf.set_font_size(9)
    pdf.set_xy(330, 720)
    pdf.multi_cell(200, 12, texts.signature)
    pdf.output(str(folder / "esigned.pdf"))

    pdf = synthetic.new_text_pdf()
    pdf.add_page()
    synthetic.write_paragraphs(pdf, PASTED_INTRO)
    pasted = first_scan.crop((0, 0, first_scan.width, first_scan.height * 6 // 10))
    buffer = io.BytesIO()
    pasted.save(buffer, "JPEG", quality=60)
    pdf.image(buffer, x=0, y=200, w=pdf.w, h=pdf.h * 0.6)
    pdf.output(str(folder / "pasted.pdf"))

    for name, layer in (("junk", strip_diacritics(texts.first)), ("ocr_layer", texts.first)):
        pdf = synthetic.new_text_pdf()
        synthetic.place_image(pdf, first_scan)
        pdf.text_mode = TextMode.INVISIBLE
        pdf.set_xy(65, 65)
        synthetic.write_paragraphs(pdf, layer)
        pdf.output(str(folder / f"{name}.pdf"))

    synthetic.legacy_pdf(texts.second, folder / "tcvn3.pdf", "tcvn3")
    synthetic.legacy_pdf(texts.second, folder / "vni.pdf", "vni")

    pdf = synthetic.new_text_pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    synthetic.write_paragraphs(pdf, texts.first)
    pdf.output(str(folder / "encrypted.pdf"))

    zero = folder / "zero.pdf"
    zero.write_bytes(raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(text.read_bytes()[: text.stat().st_size // 2])
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    return Pdfs(
        text=text,
        scanned=scanned,
        mixed=folder / "mixed.pdf",
        esigned=folder / "esigned.pdf",
        junk=folder / "junk.pdf",
        pasted=folder / "pasted.pdf",
        ocr_layer=folder / "ocr_layer.pdf",
        cid=cid_garbage_pdf(first_scan, folder / "cid.pdf"),
        tcvn3=folder / "tcvn3.pdf",
        vni=folder / "vni.pdf",
        encrypted=folder / "encrypted.pdf",
        zero=zero,
        truncated=truncated,
        corrupt=corrupt,
    )


def strip_diacritics(text: str) -> str:
    """What an English OCR engine makes of Vietnamese: the letters without their diacritics."""
    import unicodedata

    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in stripped if not unicodedata.combining(c))


@pytest.fixture(scope="session")
def extracted(pdfs: Pdfs):
    """Each test PDF extracted once per session (OCR is the slow part)."""
    from viplan_ocr.extract import extract

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extract(getattr(pdfs, name))
        return cache[name]

    return get
