"""Signature fields: the number and day an e-signed PDF draws in them reach the text and the header.

The PDFs are written here by hand, byte by byte: a text layer with the number and the day left
blank, and signature fields (form widgets) whose appearance draws them, as signing software does.
"""

from __future__ import annotations

import pytest

from viplan_ocr import clean, extract, parse
from viplan_ocr.document import PageSource


def signed_pdf(path, fields, text=None, scan=None, cyclic=False, pictures=False):
    """A one-page PDF: a text layer with blanks, and signature fields drawing what fills them.

    ``scan``, a greyscale PIL image, makes the page a scan (the image fills it, no text layer);
    ``cyclic`` gives each field a signature value whose reference names the document's catalog,
    whose form lists the field: a reference cycle, as e-office systems write them. Each field
    writes its text in Helvetica, or with ``pictures`` draws it as an image (no text to extract:
    only OCR can read it).
    """
    import zlib

    objects = []

    def add(body):
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    text = (
        text
        if text is not None
        else (
            b"BT /F1 12 Tf 60 760 Td (UBND TINH QUANG NGAI) Tj ET"
            b" BT /F1 12 Tf 60 700 Td (So:           /KH-UBND) Tj ET"
            b" BT /F1 12 Tf 330 700 Td (Quang Ngai, ngay        thang 4 nam 2026) Tj ET"
            b" BT /F1 14 Tf 250 640 Td (KE HOACH) Tj ET BT /F1 12 Tf 60 600 Td (I. MUC TIEU) Tj ET"
        )
    )
    image = None
    if scan is not None:
        pixels = zlib.compress(scan.convert("L").tobytes())
        image = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % (*scan.size, len(pixels))
            + pixels
            + b"\nendstream"
        )
        text = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    content = add(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    page_id = len(objects) + (3 if pictures else 2) * len(fields) + 2  # after the fields' objects and the page tree
    annots = []
    catalog_id = page_id + 1
    value = b" /V << /Type /Sig /Reference [ << /Data %d 0 R >> ] >>" % catalog_id if cyclic else b""
    for x0, y0, x1, y1, drawn, *slant in fields:
        # A slant shears the drawing as an italic font does: ``1 0 0.3 1`` leans it right.
        ap = b"BT /F1 12 Tf 1 0 %.2f 1 2 4 Tm (%s) Tj ET" % (slant[0] if slant else 0.0, drawn)
        picture = b""
        if pictures:
            image_id = add(_picture(drawn.decode(), x1 - x0, y1 - y0, slant[0] if slant else 0.0))
            picture = b" /XObject << /Pic %d 0 R >>" % image_id
            ap = b"q %d 0 0 %d 0 0 cm /Pic Do Q" % (x1 - x0, y1 - y0)
        xobj = add(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d]"
            b" /Resources << /Font << /F1 %d 0 R >>%s >> /Length %d >>\nstream\n"
            % (x1 - x0, y1 - y0, font, picture, len(ap))
            + ap
            + b"\nendstream"
        )
        annots.append(
            add(
                b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%d) /F 4"
                b" /Rect [%d %d %d %d] /AP << /N %d 0 R >> /P %d 0 R%s >>"
                % (len(annots) + 1, x0, y0, x1, y1, xobj, page_id, value)
            )
        )
    pages = add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page_id)
    refs = b" ".join(b"%d 0 R" % a for a in annots)
    xobjects = b" /XObject << /Im1 %d 0 R >>" % image if image else b""
    assert page_id == add(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >>%s >> /Annots [%s] >>" % (pages, content, font, xobjects, refs)
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R /AcroForm << /Fields [%s] /SigFlags 3 >> >>" % (pages, refs))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path


def _picture(text, width, height, slant):
    """A field's text drawn as a greyscale image XObject (1 pt = 4 px), sheared by ``slant``."""
    import zlib

    from PIL import Image, ImageDraw, ImageFont

    from viplan_ocr.extract.synthetic import font_path

    scale = 4
    image = Image.new("L", (width * scale, height * scale), 255)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), 12 * scale)
    ImageDraw.Draw(image).text((2 * scale, (height - 16) * scale), text, font=font, fill=0)
    if slant:
        image = image.transform(
            image.size, Image.Transform.AFFINE, (1, slant, -slant * image.height, 0, 1, 0), fillcolor=255
        )
    pixels = zlib.compress(image.tobytes())
    return (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (*image.size, len(pixels))
        + pixels
        + b"\nendstream"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pictures", "how"),
    [(False, "written as text"), (True, "read by OCR")],
    ids=["written", "drawn"],
)
def test_the_number_and_day_in_fields_fill_their_blanks(tmp_path, pictures, how):
    """Fields that write their digits as text (as signing software mostly does) are taken as
    written, without the page's own letters under the field (the day's field covers part of
    ``thang``); fields that draw them as pictures are read by OCR."""
    fields = [(80, 694, 160, 716, b"230"), (440, 694, 480, 716, b"13")]
    document = extract(signed_pdf(tmp_path / "signed.pdf", fields, pictures=pictures))
    assert document.text_sources == ["text-layer"]
    assert "So: 230 /KH-UBND" in document.pages[0].text
    assert f"2 signature field(s) {how}" in document.pages[0].routing
    header = parse(clean(document)).header
    assert (header.number, header.date, header.flags) == ("230/KH-UBND", "2026-04-13", ())


@pytest.mark.slow
def test_a_field_on_no_line_becomes_a_line_and_an_empty_one_leaves_the_blank(tmp_path):
    pdf = signed_pdf(
        tmp_path / "stamp.pdf", [(330, 780, 560, 800, b"Ky boi: UBND tinh 15.11.2024"), (80, 694, 160, 716, b"")]
    )
    document = extract(pdf)
    lines = [line.text for line in document.pages[0].lines]
    assert lines[0] == "Ky boi: UBND tinh 15.11.2024"
    assert any(text.split()[:2] == ["So:", "/KH-UBND"] for text in lines)  # the blank stays blank
    header = parse(clean(document)).header
    assert (header.number, header.flags[:1]) == ("/KH-UBND", ("number-blank",))


@pytest.mark.slow
def test_a_batch_waits_for_the_fields_before_it_writes(tmp_path):
    """A text-layer page with fields to read is not finished until they are read."""
    import json

    from viplan_ocr import BatchOptions, run_batch

    inputs = tmp_path / "in"
    inputs.mkdir()
    signed_pdf(inputs / "signed.pdf", [(80, 694, 160, 716, b"230"), (440, 694, 480, 716, b"13")])
    run_batch(inputs, tmp_path / "out", BatchOptions(jobs=1, quiet=True))
    header = json.loads((tmp_path / "out" / "signed.json").read_text(encoding="utf-8"))["header"]
    assert (header["number"], header["date"]) == ("230/KH-UBND", "2026-04-13")


STAMP = (330, 800, 580, 830, b"UBND tinh Quang Ngai 27/12/2021 17:22:11")


@pytest.mark.slow
def test_a_signature_stamp_gives_the_signing_time_and_a_flagged_date(tmp_path):
    pdf = signed_pdf(tmp_path / "stamped.pdf", [STAMP])
    header = parse(clean(extract(pdf))).header
    assert header.esign == {"signer": "UBND tỉnh Quảng Ngãi", "time": "2021-12-27T17:22:11"}  # accents restored
    assert header.date == "2021-12-27"  # the day was left blank in the text
    assert {"day-blank", "date-from-signature"} <= set(header.flags)


@pytest.mark.slow
def test_a_scan_s_signature_stamp_is_read_from_its_field(tmp_path):
    """A page with no text layer (a scan) still carries its stamp in a field, outside the image."""
    pdf = signed_pdf(tmp_path / "scan.pdf", [STAMP], text=b"0 0 1 rg 10 10 5 5 re f")
    document = extract(pdf)
    assert document.text_sources == ["ocr"]
    assert document.pages[0].lines[0].text == "UBND tinh Quang Ngai 27/12/2021 17:22:11"
    assert document.pages[0].lines[0].source is PageSource.TEXT_LAYER  # the field's own text, exact
    assert parse(clean(document)).header.esign["time"] == "2021-12-27T17:22:11"


@pytest.mark.slow
def test_slanted_digits_in_the_day_and_month_fields_are_read(tmp_path):
    """Signing software draws the day and month in italics; read as a page, an italic ``14``
    comes out ``72``. Read as a line of digits, sheared upright, it is the day."""
    text = (
        b"BT /F1 12 Tf 60 760 Td (UBND TINH QUANG NGAI) Tj ET"
        b" BT /F1 12 Tf 60 700 Td (So: 230/KH-UBND) Tj ET"
        b" BT /F1 12 Tf 300 700 Td (Quang Ngai, ngay          thang          nam 2026) Tj ET"
        b" BT /F1 14 Tf 250 640 Td (KE HOACH) Tj ET"
    )
    fields = [(396, 694, 424, 716, b"14", 0.3), (460, 694, 488, 716, b"11", 0.3)]
    document = extract(signed_pdf(tmp_path / "italic.pdf", fields, text=text, pictures=True))
    assert "read by OCR" in document.pages[0].routing
    assert "ngay 14 thang 11 nam 2026" in document.pages[0].text
    assert parse(clean(document)).header.date == "2026-11-14"


@pytest.mark.slow
@pytest.mark.parametrize("pictures", [False, True], ids=["written", "drawn"])
def test_a_field_drawing_no_valid_day_leaves_the_blank(tmp_path, pictures):
    """A day field that writes or draws 47 is no day: the blank stays, flagged."""
    pdf = signed_pdf(tmp_path / "bad.pdf", [(440, 694, 480, 716, b"47")], pictures=pictures)
    document = extract(pdf)
    assert "ngay thang 4" in " ".join(document.pages[0].text.split())
    assert "day-blank" in parse(clean(document)).header.flags


@pytest.mark.slow
def test_a_number_stamped_in_a_field_over_a_scan_fills_its_blank(tmp_path):
    """An e-office system stamps the number over a scan's ``Số:      /BGDĐT`` in a field whose
    appearance refers to itself (pdfplumber recurses on it forever); OCR reads the line, and the
    field's digits go into it after ``Số:``."""
    from PIL import Image, ImageDraw, ImageFont

    from viplan_ocr.extract.synthetic import font_path

    scan = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(scan)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), 30)
    draw.text((120, 150), "BỘ GIÁO DỤC VÀ ĐÀO TẠO", font=font, fill=0)
    draw.text((120, 230), "Số:              /BGDĐT-GDPT", font=font, fill=0)
    draw.text((120, 330), "V/v kiểm tra cơ sở vật chất", font=font, fill=0)
    # "Số:" ends near x = 175 px = 84 pt; the field sits in the blank after it, on that line.
    field = (95, 842 - 130, 150, 842 - 108, b"1849")
    document = extract(signed_pdf(tmp_path / "scan.pdf", [field], scan=scan, cyclic=True))
    assert document.text_sources == ["ocr"]
    assert "Số: 1849 /BGDĐT-GDPT" in document.pages[0].text
    assert parse(clean(document)).header.number == "1849/BGDĐT-GDPT"


@pytest.mark.slow
def test_overlapping_stamps_keep_their_own_text(tmp_path):
    """Two stamps, the publisher's half under the signer's (as e-office systems stack them):
    each field's text stays whole and on its own line, none of it given to the other; side by
    side, the one further left is read first, as ``pdftotext`` reads the original, and the
    signer's stamp is still the one the header takes."""
    signer = (350, 765, 590, 810, b"Ky boi: UBND tinh 15.11.2024 07:25:14")
    publisher = (150, 770, 420, 800, b"TRUNG TAM CONG BAO 15.11.2024 20:06:24")
    document = extract(signed_pdf(tmp_path / "stamps.pdf", [signer, publisher], text=b"0 0 1 rg 10 10 5 5 re f"))
    texts = [line.text for line in document.pages[0].lines]
    assert texts[:2] == [publisher[4].decode(), signer[4].decode()]
    assert "2 signature field(s) written as text" in document.pages[0].routing
    esign = parse(clean(document)).header.esign
    assert esign is not None and (esign["signer"], esign["time"]) == ("UBND tỉnh", "2024-11-15T07:25:14")
