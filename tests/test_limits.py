"""Resource limits: small inputs that ask for huge work fail (or shrink) before the work starts.

Every input is generated here, a few hundred bytes each; each case was found by a tester to
cost gigabytes or never end before the limits (see :mod:`viplan_ocr.limits`).
"""

from __future__ import annotations

import os
import time
import zipfile

import pytest
from PIL import Image

from viplan_ocr.batch import BatchOptions, run_batch
from viplan_ocr.errors import ExitCode, LimitExceededError, UsageError
from viplan_ocr.extract import ExtractConfig, JobKind, plan_pages
from viplan_ocr.extract.image import fit_pixels
from viplan_ocr.limits import Limits


def blank_pdf(path, *, inches: float, pages: int = 1):
    """A PDF of blank pages ``inches`` square, a few hundred bytes whatever its page size."""
    side = round(inches * 72)
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side} {side}] >>".encode() for _ in range(pages)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def test_a_huge_pdf_page_is_rendered_at_a_dpi_that_fits_with_a_warning(tmp_path):
    [job] = plan_pages(blank_pdf(tmp_path / "poster.pdf", inches=50), dpi=300)
    assert job.kind is JobKind.PDF_PAGE and job.dpi == 126  # 50 in x 126 dpi = 6,300 px a side: 39.7 MP
    warning = "page is 50 x 50 inches: rendered at 126 dpi instead of 300 to stay under the 40 MP page limit"
    assert job.warnings == (warning,)


def test_an_a4_page_keeps_its_dpi(tmp_path):
    [job] = plan_pages(blank_pdf(tmp_path / "a4.pdf", inches=9), dpi=600)
    assert job.dpi == 600 and job.warnings == ()


def test_a_page_too_large_even_at_the_lowest_dpi_fails_the_file_with_exit_3(run_cli, tmp_path):
    started = time.perf_counter()
    result = run_cli("extract", blank_pdf(tmp_path / "bang-ron.pdf", inches=200))
    assert result.code == ExitCode.INPUT_FILE
    assert "bang-ron.pdf: page 1 is 200 x 200 inches, over the 40 MP page limit even at 72 dpi" in result.err
    assert time.perf_counter() - started < 5  # refused from its declared size: nothing rendered


def test_too_many_pages_fail_before_any_page_is_read(tmp_path):
    with pytest.raises(LimitExceededError, match="the file has 5 pages, over the limit of 4") as raised:
        plan_pages(blank_pdf(tmp_path / "dai.pdf", inches=8, pages=5), limits=Limits(max_pages=4))
    assert raised.value.exit_code == ExitCode.INPUT_FILE


def test_a_gif_of_thousands_of_frames_fails_at_once(run_cli, tmp_path):
    frames = [Image.new("L", (16, 16), i % 256) for i in range(600)]
    frames[0].save(tmp_path / "hoat-hinh.gif", save_all=True, append_images=frames[1:])
    started = time.perf_counter()
    result = run_cli("extract", tmp_path / "hoat-hinh.gif")
    assert result.code == ExitCode.INPUT_FILE
    assert result.err.strip().startswith("viplan-ocr: error:")
    assert "hoat-hinh.gif: the file has 600 frames, over the limit of 500" in result.err
    assert time.perf_counter() - started < 5


def test_an_image_over_the_pixel_limit_is_downscaled_with_a_warning(tmp_path):
    Image.new("L", (3000, 2000), 255).save(tmp_path / "scan.png")
    [job] = plan_pages(tmp_path / "scan.png", limits=Limits(max_page_pixels=1_500_000))
    assert job.max_pixels == 1_500_000 and "downscaled to the 2 MP page limit" in job.warnings[0]
    image, dpi = fit_pixels(Image.new("L", (3000, 2000)), 300, job.max_pixels)
    assert image.width * image.height <= 1_500_000 and dpi == 150


def test_a_text_file_over_the_text_limit_fails_before_it_is_read(tmp_path):
    (tmp_path / "dai.txt").write_text("Kế hoạch năm học\n" * 1000, encoding="utf-8")
    with pytest.raises(LimitExceededError, match="the text file is 0 MB, over the 0 MB text limit"):
        plan_pages(tmp_path / "dai.txt", limits=Limits(max_text_bytes=10_000))


def test_limits_are_checked_when_made():
    with pytest.raises(UsageError, match="limit max_frames must be a positive whole number, not -1"):
        Limits(max_frames=-1)
    with pytest.raises(UsageError, match=r"limits must be a viplan_ocr\.limits\.Limits"):
        ExtractConfig(limits={"max_pages": 3})


def bomb_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_archive_limits_fail_their_members_while_the_batch_goes_on(tmp_path):
    text = "Kế hoạch thực hiện nhiệm vụ năm học 2021 - 2022.\n".encode()
    (tmp_path / "in").mkdir()
    archive = bomb_zip(
        tmp_path / "in" / "luu-tru.zip",
        {"a-that.txt": text, "b-bom.txt": b"0" * 200_000, "c-to.txt": os.urandom(310_000), "d-that.txt": text},
    )
    limits = Limits(ratio_floor_bytes=1000, max_member_bytes=300_000)
    report = run_batch(archive, tmp_path / "out", BatchOptions(quiet=True, extract=ExtractConfig(limits=limits)))
    by_name = {r.input.rsplit("/", 1)[1]: r for r in report.results}
    assert by_name["a-that.txt"].ok
    assert "over the compression ratio limit of 100 (a zip bomb?)" in by_name["b-bom.txt"].error
    assert "over the 0 MB member limit" in by_name["c-to.txt"].error
    assert by_name["d-that.txt"].ok
    assert not (tmp_path / "out/.work").exists()


def test_the_archive_total_refuses_the_members_after_it(tmp_path):
    from viplan_ocr.batch.inputs import find_inputs

    (tmp_path / "in").mkdir()
    archive = bomb_zip(tmp_path / "in/a.zip", {f"{n}.txt": bytes([65 + n]) * 400 for n in range(4)})
    problems = [item.problem for item in find_inputs(archive, limits=Limits(max_archive_bytes=1000))]
    assert problems[:2] == [None, None]
    assert all("the archive unpacks to over 0 MB with this member" in p for p in problems[2:])
