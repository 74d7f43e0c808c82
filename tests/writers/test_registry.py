"""The writer registry: one list of formats that the batch, its options and the CLI all follow.

The last test adds a Markdown writer and a run-level writer the way a new format is added, one
module-level function and one registry entry each, and checks that ``batch --formats`` takes them
with nothing else changed.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
from collections.abc import Iterable
from pathlib import Path

import pytest

from viplan_ocr import convert
from viplan_ocr.batch import BatchOptions, load_manifest
from viplan_ocr.document import Document
from viplan_ocr.errors import ExitCode, UsageError
from viplan_ocr.pipeline import convert_document
from viplan_ocr.writers import (
    DEFAULT_FORMATS,
    WRITERS,
    DocumentWriter,
    RunWriter,
    Unwritten,
    check_formats,
    document_writers,
    render_document,
    run_writers,
)

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLAN = SAMPLES / "plan-binh-cang-2021-2030.txt"


@pytest.fixture(scope="module")
def converted():
    return convert(PLAN)


def test_the_registry_holds_todays_formats_in_output_order():
    assert list(WRITERS) == ["txt", "json", "explain", "md", "hocr", "alto", "pdf", "review", "csv", "xlsx"]
    assert DEFAULT_FORMATS == ("txt", "json", "csv")
    assert [(w.name, w.suffix) for w in document_writers(WRITERS)] == [
        ("txt", ".txt"),
        ("json", ".json"),
        ("explain", ".explain.txt"),
        ("md", ".md"),
        ("hocr", ".hocr"),
        ("alto", ".alto.xml"),
        ("pdf", ".pdf"),
        ("review", ".review.html"),
    ]
    assert [(w.name, w.filename, w.encoding) for w in run_writers(WRITERS)] == [
        ("csv", "targets.csv", "utf-8-sig"),
        ("xlsx", "targets.xlsx", "utf-8"),  # bytes: the encoding is unused
    ]


@pytest.mark.parametrize("writer", [w for w in WRITERS.values() if isinstance(w, DocumentWriter)], ids=str)
def test_every_document_writer_renders_a_real_plan(converted, writer):
    data = writer.render(converted)
    if writer.name in ("hocr", "alto", "pdf"):  # a text file has no layout: nothing to place words on
        assert isinstance(data, Unwritten) and data.reason
        return
    assert isinstance(data, str | bytes) and data
    if isinstance(data, str):
        assert data.endswith("\n") and not data.endswith("\n\n")


def test_the_cli_prints_what_the_batch_writes(run_cli, converted):
    assert run_cli("clean", PLAN).out == WRITERS["txt"].render(converted)
    assert run_cli("parse", PLAN).out == WRITERS["json"].render(converted)
    assert run_cli("clean", "--explain", PLAN).err == WRITERS["explain"].render(converted)
    assert json.loads(WRITERS["json"].render(converted)) == converted.plan.to_dict()


def test_rendering_keeps_registry_order_and_only_what_is_asked(converted):
    files = render_document(converted, ["explain", "txt"])
    assert list(files) == ["txt", "explain"]
    assert files["explain"].startswith("step") and files["txt"] == converted.cleaned.text  # ends with "\n"


def test_txt_ends_with_exactly_one_newline():
    converted = convert_document(Document.from_text("Ke hoach nam hoc"))
    assert WRITERS["txt"].render(converted) == "Kế hoạch năm học\n"


def test_format_choices_come_from_the_registry(run_cli):
    help_text = run_cli("batch", "--help").out
    names = "txt,json,explain,md,hocr,alto,pdf,review,csv,xlsx"
    assert f"{names} (default: txt,json,csv)" in " ".join(help_text.split())
    assert BatchOptions(formats=("txt",), explain=True).formats == ("txt", "explain")
    assert BatchOptions().formats == DEFAULT_FORMATS
    with pytest.raises(UsageError, match=rf"unknown format\(s\) html; choose from {names}"):
        check_formats(["txt", "html"])
    with pytest.raises(UsageError, match=r"targets\.csv is built from the per-input \.json files"):
        check_formats(["txt", "csv"])


@pytest.mark.slow
def test_targets_csv_is_the_cli_csv_with_a_bom(run_cli, tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / PLAN.name).write_bytes(PLAN.read_bytes())
    monkeypatch.chdir(tmp_path / "in")  # so the CLI names the document as the batch does
    printed = run_cli("targets", PLAN.name, "--csv")
    assert run_cli("batch", ".", tmp_path / "out", "--jobs", "1", "--quiet").code == ExitCode.OK
    written = (tmp_path / "out/targets.csv").read_bytes()
    assert written == printed.out.encode()  # the BOM included: standard output is a file too
    assert len(list(csv.DictReader(io.StringIO(printed.out.removeprefix("\ufeff"))))) == 5


# --- a new format: one module-level function and one registry entry each ------------------------


def render_html(converted) -> str:
    """What a ``writers/html.py`` would hold: the clean text under the plan's title."""
    return f"<h1>{converted.plan.header.doc_type}</h1>\n<pre>{converted.cleaned.text}</pre>\n"


def render_target_counts(plans: Iterable[tuple[str, dict]]) -> str:
    """A run-level writer: how many targets each document has."""
    return "".join(f"{name}\t{len(plan['targets'])}\n" for name, plan in plans)


@pytest.mark.slow
@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="a writer added at run time reaches the batch's workers only through fork "
    "(a writer added in writers/ is imported by every worker)",
)
def test_a_new_writer_is_one_function_and_one_registry_entry(run_cli, monkeypatch, tmp_path, seeds, converted):
    monkeypatch.setitem(WRITERS, "html", DocumentWriter("html", ".html", render_html, default=False))
    monkeypatch.setitem(WRITERS, "counts", RunWriter("counts", "counts.tsv", render_target_counts, default=False))
    folder = tmp_path / "in"
    (folder / "khgd").mkdir(parents=True)
    (folder / "khgd" / "binh-cang.txt").write_bytes(PLAN.read_bytes())
    (folder / "seed.txt").write_bytes(seeds["clean"].read_bytes())

    assert "html" in run_cli("batch", "--help").out
    result = run_cli("batch", folder, tmp_path / "out", "--formats", "json,html,counts", "--jobs", "1", "--quiet")
    assert result.code == ExitCode.OK, result.err

    out = tmp_path / "out"
    html = (out / "khgd/binh-cang.html").read_text(encoding="utf-8")
    assert html.startswith("<h1>Kế hoạch</h1>\n") and html == render_html(converted)
    assert (out / "counts.tsv").read_text(encoding="utf-8") == "khgd/binh-cang.txt\t4\nseed.txt\t4\n"
    records = {r.input: r for r in load_manifest(out / "manifest.jsonl")}
    assert records["khgd/binh-cang.txt"].outputs == ["khgd/binh-cang.json", "khgd/binh-cang.html"]
    assert not (out / "targets.csv").exists() and not (out / "khgd/binh-cang.txt").exists()
