"""The command line: help, exit codes, and each subcommand on the samples."""

from __future__ import annotations

import json

import pytest

from viplan_ocr.errors import ExitCode

SUBCOMMANDS = ["extract", "clean", "parse", "targets", "batch"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_explains_with_an_example(run_cli, command):
    result = run_cli(command, "--help")
    assert result.code == 0
    assert "examples:" in result.out
    assert f"viplan-ocr {command}" in result.out
    assert "exit codes" in result.out


def test_unknown_option_is_a_usage_error(run_cli):
    result = run_cli("clean", "--no-such-option", "x")
    assert result.code == ExitCode.USAGE
    assert "unrecognized arguments" in result.err


def test_missing_file_names_file_and_reason(run_cli, tmp_path):
    missing = tmp_path / "nope.pdf"
    result = run_cli("extract", missing)
    assert result.code == ExitCode.INPUT_FILE
    assert str(missing) in result.err
    assert "no such file" in result.err
    assert "Traceback" not in result.err


def test_doc_file_is_rejected_with_a_hint(run_cli, tmp_path):
    doc = tmp_path / "ke-hoach.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = run_cli("parse", doc)
    assert result.code == ExitCode.INPUT_FILE
    assert "ke-hoach.doc" in result.err
    assert "libreoffice" in result.err


def test_clean_reads_stdin(cli_subprocess):
    result = cli_subprocess("clean", "-", stdin="Kế hoạch số 342/KH-SGDĐT\n")
    assert result.code == 0
    assert "342/KH-SGDĐT" in result.out


def test_parse_of_text_that_is_no_plan_exits_6_but_still_prints_json(cli_subprocess):
    result = cli_subprocess("parse", "-", stdin="Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ.\n")
    assert result.code == ExitCode.NO_PLAN
    assert '"schema": "viplan-ocr/plan/1"' in result.out
    assert "no plan structure found" in result.err


def test_parse_of_the_clean_seed_exits_0(run_cli, seeds):
    result = run_cli("parse", seeds["clean"])
    assert result.code == 0
    plan = json.loads(result.out)
    assert [t["id"] for t in plan["targets"]] == ["I.2/7", "I.2/18", "I.2/19", "I.2/20"]
