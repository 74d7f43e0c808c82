"""The public API: every exported name exists, and the three-line use works on real samples."""

from __future__ import annotations

import pytest

import viplan_ocr
from viplan_ocr.errors import UsageError

from .conftest import SAMPLES


@pytest.mark.parametrize("name", viplan_ocr.__all__)
def test_every_exported_name_exists(name):
    assert getattr(viplan_ocr, name) is not None


def test_three_lines_on_the_clean_seed_sample():
    doc = viplan_ocr.extract(SAMPLES / "plan-binh-cang-2021-2030.txt")
    plan = viplan_ocr.parse(viplan_ocr.clean(doc.text))
    data = plan.to_dict()
    assert data["schema"] == "viplan-ocr/plan/1"
    assert [p.source for p in doc.pages] == [viplan_ocr.PageSource.TEXT]
    assert "Chỉ tiêu 18" in doc.text


def test_clean_with_and_without_explain_gives_the_same_text():
    text = (SAMPLES / "ocr-damaged-plan-long-bien-2022-2030.txt").read_text(encoding="utf-8")[:2000]
    cleaned = viplan_ocr.clean(text, explain=True)
    assert isinstance(cleaned, viplan_ocr.Cleaned)
    assert cleaned.text == viplan_ocr.clean(text)


def test_unknown_clean_option_is_named():
    with pytest.raises(UsageError, match="restor_min"):
        viplan_ocr.clean("tre em", restor_min=0.2)


def test_version_comes_from_the_installed_metadata():
    assert viplan_ocr.__version__ != "0+unknown"
