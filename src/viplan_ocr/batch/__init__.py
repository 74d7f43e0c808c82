"""Batch conversion of folders and ``.zip`` archives: parallel over pages, resumable, observable.

``run_batch(IN, OUT, BatchOptions(jobs=4))`` converts every input and returns a
:class:`BatchReport`; ``viplan-ocr batch`` is a thin shell over it. Modules: :mod:`.inputs`
(walking folders and archives), :mod:`.work` (what workers run), :mod:`.executors` (local
processes or Dask), :mod:`.outputs` (where the files :mod:`viplan_ocr.writers` renders go,
written atomically), :mod:`.names` (output names: visible when not UTF-8, short enough to
create), :mod:`.outdir` (the output folder: apart from the inputs, locked, only ours to delete),
:mod:`.manifest` (``manifest.jsonl`` and resuming), :mod:`.report` (the summary), :mod:`.run`
(the driver).
"""

from __future__ import annotations

from viplan_ocr.batch.executors import ExecutorKind
from viplan_ocr.batch.inputs import InputFile, find_inputs
from viplan_ocr.batch.manifest import FileResult, load_manifest
from viplan_ocr.batch.outputs import write_atomic
from viplan_ocr.batch.report import BatchReport
from viplan_ocr.batch.run import BatchOptions, run_batch

__all__ = [
    "BatchOptions",
    "BatchReport",
    "ExecutorKind",
    "FileResult",
    "InputFile",
    "find_inputs",
    "load_manifest",
    "run_batch",
    "write_atomic",
]
