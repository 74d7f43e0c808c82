"""One validated ExtractConfig for the API, the batch runner and every command that extracts."""

from __future__ import annotations

import dataclasses
import json

import pytest

from viplan_ocr import BatchOptions, run_batch
from viplan_ocr.errors import ExitCode, UsageError
from viplan_ocr.extract import ExtractConfig, extract, plan_pages
from viplan_ocr.extract.pdf import render
from viplan_ocr.extract.preprocess import Preprocess


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dpi", -3),
        ("dpi", "x"),
        ("dpi", 300.0),
        ("dpi", True),
        ("dpi", 5000),
        ("lang", ""),
        ("lang", "vie eng"),
        ("lang", "vie+"),
        ("lang", None),
        ("engine", "abbyy"),
        ("engine", ""),
        ("preprocess", "yes"),
    ],
)
def test_a_bad_value_is_a_usage_error_naming_the_field(field, value):
    with pytest.raises(UsageError, match=rf"^{field}\b") as raised:
        ExtractConfig(**{field: value})
    assert raised.value.exit_code == ExitCode.USAGE
    with pytest.raises(UsageError, match=rf"^{field}\b"):
        dataclasses.replace(ExtractConfig(), **{field: value})  # a copy is checked too


def test_good_values_are_kept_and_the_config_is_frozen():
    config = ExtractConfig(lang="vie+eng", dpi=200, preprocess=Preprocess(deskew=False), engine="tesseract")
    assert (config.lang, config.dpi, config.preprocess.deskew) == ("vie+eng", 200, False)
    assert ExtractConfig(preprocess=None).preprocess is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.dpi = 100  # type: ignore[misc]


def test_extract_takes_a_config_and_keywords_override_its_fields(pdfs, fake_engine):
    config = ExtractConfig(dpi=200, engine="fake")
    assert extract(pdfs.scanned, config).pages[0].dpi == 200  # the 300 dpi scan, rendered at 200
    assert extract(pdfs.scanned, config, dpi=150).pages[0].dpi == 150
    assert extract(pdfs.scanned, engine="fake", dpi=160).pages[0].dpi == 160  # keywords alone, as before
    with pytest.raises(UsageError, match=r"^dpi"):
        extract(pdfs.scanned, config, dpi=-3)
    assert plan_pages(pdfs.scanned, dpi=180)[0].dpi == 180


def test_no_preprocessing_gives_the_engine_the_page_as_rendered(pdfs, fake_engine):
    extract(pdfs.scanned, ExtractConfig(dpi=100, engine="fake", preprocess=None))
    extract(pdfs.scanned, ExtractConfig(dpi=100, engine="fake"))
    raw, prepared = (size for size, _, _ in fake_engine.seen)
    assert raw == render(pdfs.scanned, 1, 100).size  # untouched
    assert prepared != raw  # preprocessing enlarges a low-resolution page


def test_a_batch_extracts_with_its_options_config(tmp_path, pdfs, fake_engine):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(pdfs.scanned.read_bytes())
    options = BatchOptions(jobs=1, quiet=True, formats=("txt",), extract=ExtractConfig(dpi=150, engine="fake"))
    report = run_batch(folder, tmp_path / "out", options)
    assert [r.input for r in report.converted] == ["scan.pdf"]
    assert "12/KH-UBND" in (tmp_path / "out/scan.txt").read_text(encoding="utf-8")
    assert [dpi for _, _, dpi in fake_engine.seen] == [150]


def test_batch_options_refuse_a_config_that_is_not_one():
    with pytest.raises(UsageError, match="ExtractConfig"):
        BatchOptions(extract={"dpi": 150})  # type: ignore[arg-type]


EXTRACT_OPTIONS = ["--lang", "vie", "--dpi", "200", "--no-preprocess", "--engine", "tesseract"]


def _command(name, source, tmp_path):
    return {
        "extract": ["extract", source],
        "clean": ["clean", source],
        "parse": ["parse", source],
        "targets": ["targets", source],
        "batch": ["batch", source, tmp_path / "out", "--jobs", "1"],
    }[name]


@pytest.mark.parametrize("command", ["extract", "clean", "parse", "targets", "batch"])
def test_every_extracting_command_takes_the_extract_options(run_cli, tmp_path, seeds, command):
    result = run_cli(*_command(command, seeds["clean"], tmp_path), *EXTRACT_OPTIONS)
    assert result.code == ExitCode.OK, result.err
    help_text = run_cli(command, "--help").out
    for option in ("--lang", "--dpi", "--no-preprocess", "--engine"):
        assert option in help_text


@pytest.mark.parametrize("command", ["extract", "clean", "parse", "targets", "batch"])
@pytest.mark.parametrize(("option", "value", "says"), [("--dpi", "-3", "dpi"), ("--lang", "", "lang")])
def test_every_extracting_command_refuses_a_bad_value(run_cli, tmp_path, seeds, command, option, value, says):
    result = run_cli(*_command(command, seeds["clean"], tmp_path), option, value)
    assert result.code == ExitCode.USAGE
    assert says in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()  # refused before any work


def test_an_unknown_engine_is_refused_by_the_command_line(run_cli, seeds):
    result = run_cli("extract", seeds["clean"], "--engine", "abbyy")
    assert result.code == ExitCode.USAGE and "invalid choice" in result.err


def test_the_options_reach_the_engine(run_cli, pdfs, fake_engine):
    result = run_cli("extract", pdfs.scanned, "--engine", "fake", "--dpi", "150", "--no-preprocess", "--json")
    assert result.code == ExitCode.OK, result.err
    [page] = json.loads(result.out)["pages"]
    assert page["source"] == "ocr" and fake_engine.text in page["text"]
    assert fake_engine.seen == [(render(pdfs.scanned, 1, 150).size, "vie", 150)]  # as rendered, untouched
