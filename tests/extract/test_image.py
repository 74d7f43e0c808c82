"""Images: PNG, JPEG, multi-page TIFF, sideways pages and low-resolution scans, OCR'd right."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from viplan_ocr.document import PageSource
from viplan_ocr.extract import JobKind, extract, plan_pages, synthetic
from viplan_ocr.extract.preprocess import Preprocess, prepare, skew_angle, x_height

SHORT = (
    "KẾ HOẠCH\n"
    "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021 - 2030\n"
    "Bảo đảm thực hiện các quyền trẻ em, phát triển toàn diện trẻ em, học sinh nhằm đáp ứng yêu cầu "
    "xây dựng nguồn nhân lực có chất lượng cho phát triển kinh tế - xã hội."
)


@pytest.fixture(scope="module")
def page() -> Image.Image:
    full = synthetic.scan_pages(SHORT, synthetic.Damage(), seed=7)[0]
    return full.crop((0, 0, full.width, full.height // 3))  # the text sits at the top: OCR less paper


@pytest.mark.slow
@pytest.mark.parametrize(("suffix", "options"), [(".png", {}), (".jpg", {"quality": 70})])
def test_png_and_jpeg(tmp_path, page, cer, suffix, options):
    path = tmp_path / f"scan{suffix}"
    page.save(path, dpi=(300, 300), **options)
    document = extract(path)
    assert document.text_sources == ["ocr"]
    assert document.pages[0].dpi == 300
    assert cer(SHORT, document.text) < 0.03


@pytest.mark.slow
def test_multipage_tiff_gives_one_page_per_frame(tmp_path, page, cer):
    path = tmp_path / "scan.tif"
    second = page.rotate(180)  # the second sheet was fed upside down
    page.save(path, save_all=True, append_images=[second], compression="tiff_deflate")
    jobs = plan_pages(path)
    assert [(job.number, job.kind) for job in jobs] == [(1, JobKind.IMAGE), (2, JobKind.IMAGE)]
    document = extract(path, jobs=2)
    assert [p.source for p in document.pages] == [PageSource.OCR, PageSource.OCR]
    for p in document.pages:
        assert cer(SHORT, p.text) < 0.03
    assert "rotate 180" in document.pages[1].routing


@pytest.mark.slow
def test_sideways_page_is_turned_upright(tmp_path, page, cer):
    path = tmp_path / "sideways.png"
    page.rotate(90, expand=True).save(path)
    result = extract(path).pages[0]
    assert "rotate" in result.routing
    assert cer(SHORT, result.text) < 0.03


@pytest.mark.slow
def test_low_resolution_scan_is_upscaled(tmp_path, cer):
    low = synthetic.scan_pages(SHORT, synthetic.Damage(dpi=100, blur=0.8), seed=3)[0]
    low = low.crop((0, 0, low.width, low.height // 3))
    path = tmp_path / "fax.png"
    low.save(path)
    result = extract(path).pages[0]
    assert "upscale" in result.routing and "deskew" in result.routing
    assert cer(SHORT, result.text) < 0.05
    # boxes are mapped back through the upscaling and the deskew onto the file's own pixels
    pixels = np.asarray(low)
    for word in (w for line in result.lines for w in line.words):
        left, top, width, height = word.box
        assert 0 <= left and left + width <= low.width and 0 <= top and top + height <= low.height
        assert (pixels[top : top + height, left : left + width] < 128).mean() > 0.1, word


def test_skew_is_measured(page):
    straight = synthetic.scan_pages(SHORT, synthetic.Damage(skew=0, noise=0, blur=0), seed=1)[0]
    for angle in (-2.5, 1.2):
        tilted = straight.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        assert skew_angle(tilted) == pytest.approx(-angle, abs=0.25)


def test_x_height_follows_resolution(seeds):
    text = seeds["clean"].read_text(encoding="utf-8")[:1500]
    heights = []
    for dpi in (300, 150):
        image = synthetic.scan_pages(text, synthetic.Damage(dpi=dpi, noise=0, skew=0), seed=1)[0]
        heights.append(x_height(np.asarray(image)))
    assert 22 <= heights[0] <= 32  # 12 pt DejaVu Serif at 300 dpi: x-height about 26 px
    assert heights[1] < 0.65 * heights[0]


def test_prepare_binarises_and_records_its_steps(page):
    prepared = prepare(page, Preprocess(binarize="sauvola"))
    assert set(np.unique(np.asarray(prepared.image)).tolist()) <= {0, 255}
    assert prepared.steps[0] == "grayscale" and prepared.steps[-1] == "sauvola"


def test_lighting_and_dust_are_fixed_only_where_present(seeds):
    """Flattening and despeckling cost accuracy on clean small print, so they run only when needed."""
    lines = synthetic.layout(seeds["clean"].read_text(encoding="utf-8"))[0]
    clean = synthetic.degrade(synthetic.draw_page(lines), synthetic.Damage(dpi=150), seed=1)
    copied = synthetic.degrade(
        synthetic.draw_page(lines), synthetic.Damage(dpi=150, fade=0.3, shading=0.35, speckle=0.002), seed=1
    )
    assert not any(step.startswith(("flatten", "despeckle")) for step in prepare(clean).steps)
    steps = prepare(copied).steps
    assert any(step.startswith("flatten") for step in steps) and any(step.startswith("despeckle") for step in steps)
    paper = np.asarray(prepare(copied).image)
    assert np.percentile(paper, 60) > 230  # the shadowed corner is white paper again


def test_content_decides_over_the_suffix(tmp_path, page):
    path = tmp_path / "actually-a-png.pdf"
    page.save(path, format="PNG")
    assert [job.kind for job in plan_pages(path)] == [JobKind.IMAGE]


def test_a_black_and_white_page_has_its_x_height_measured_and_small_print_enlarged():
    """A fax's two levels: Otsu's level is the ink itself, so ink is what is at or under it (with
    ``<`` a black-and-white page measured no ink, and its small print was never enlarged)."""
    gray = synthetic.scan_pages(SHORT, synthetic.Damage(dpi=100, noise=0, skew=0), seed=2)[0]
    bilevel = gray.point(lambda value: 255 if value > 160 else 0).convert("1")
    measured = x_height(np.asarray(bilevel.convert("L")))
    assert measured is not None and measured == pytest.approx(x_height(np.asarray(gray)), abs=2)
    assert any(step.startswith("upscale") for step in prepare(bilevel).steps)


def test_a_piece_of_a_page_is_enlarged_as_the_page_was():
    """A signature block under a seal measures no x-height of its own (the ring's strokes count as
    letters); given the page's enlargement, the piece takes it, and 1 leaves it as it is."""
    from PIL import ImageDraw

    piece = Image.new("L", (300, 120), 255)
    draw = ImageDraw.Draw(piece)
    draw.ellipse((100, 5, 210, 115), outline=0, width=3)  # a seal's ring
    draw.text((120, 50), "Chân", fill=0)
    ready = prepare(piece, skew=0.0, scale=1.5)
    assert ready.image.size == (450, 180) and "upscale x1.50 (as the page)" in ready.steps
    assert prepare(piece, skew=0.0, scale=1.0).image.size == piece.size
