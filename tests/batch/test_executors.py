"""Executors: workers that leave the environment alone, and Dask giving the local outputs."""

from __future__ import annotations

import concurrent.futures as cf
import os

import pytest

from viplan_ocr.batch import BatchOptions, load_manifest, run_batch
from viplan_ocr.batch.executors import ProcessExecutor
from viplan_ocr.errors import ExitCode


def _comparable(records):
    return sorted(
        (r.input, r.status, r.sha256, r.pages, tuple(r.text_sources), r.corrections, tuple(r.outputs)) for r in records
    )


def test_worker_processes_keep_the_callers_environment(monkeypatch):
    """Tesseract's thread limit goes to the tesseract process only (tests/extract/test_engine.py)."""
    monkeypatch.setenv("OMP_THREAD_LIMIT", "8")  # what the user's shell may say
    executor = ProcessExecutor(2)
    try:
        assert executor.submit(os.getenv, "OMP_THREAD_LIMIT").result() == "8"
    finally:
        executor.close()


def test_a_broken_pool_reports_new_work_as_failed_then_restarts():
    executor = ProcessExecutor(1)
    try:
        dying = executor.submit(os._exit, 70)  # a worker killed, as by the OOM killer
        executor.wait([dying])
        assert isinstance(dying.exception(), cf.BrokenExecutor)
        refused = executor.submit(os.getpid)
        assert isinstance(refused.exception(), cf.BrokenExecutor)  # not raised at the caller
        executor.restart()
        assert executor.submit(os.getpid).result() > 0
    finally:
        executor.close()


@pytest.mark.slow
def test_dask_cluster_at_an_address_gives_the_local_outputs(tmp_path, inputs_folder, reference_run, read_outputs):
    distributed = pytest.importorskip("distributed")
    _, reference = reference_run
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        options = BatchOptions(jobs=2, quiet=True, executor="dask", scheduler=cluster.scheduler_address)
        report = run_batch(inputs_folder, out, options)
    assert not report.failed
    assert read_outputs(out) == read_outputs(reference)
    assert _comparable(load_manifest(out / "manifest.jsonl")) == _comparable(
        load_manifest(reference / "manifest.jsonl")
    )


@pytest.mark.slow
def test_dask_without_an_address_starts_a_local_cluster(run_cli, tmp_path, seeds):
    pytest.importorskip("distributed")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, seed in seeds.items():
        (folder / f"{name}.txt").write_bytes(seed.read_bytes())
    result = run_cli("batch", folder, tmp_path / "dask", "--executor", "dask", "--jobs", "1")
    assert result.code == ExitCode.OK, result.err
    local = run_cli("batch", folder, tmp_path / "local", "--jobs", "1")
    assert local.code == ExitCode.OK
    for name in ["clean.txt", "clean.json", "ocr.txt", "ocr.json", "targets.csv"]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
