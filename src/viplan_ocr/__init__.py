"""viplan-ocr: legacy Vietnamese planning documents to clean accented text and structured data.

Three lines::

    import viplan_ocr
    doc = viplan_ocr.extract("plan.pdf")          # pages, each with its text source
    plan = viplan_ocr.parse(viplan_ocr.clean(doc))   # the cleaned Document keeps the source
    plan.to_dict()                                 # JSON contract viplan-ocr/plan/1

A whole archive: ``viplan_ocr.run_batch("archive/", "out/", viplan_ocr.BatchOptions(jobs=2))``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from viplan_ocr.batch import BatchOptions, BatchReport, run_batch
from viplan_ocr.document import Change, Cleaned, Document, Line, Page, PageSource, Word, replay
from viplan_ocr.errors import ExitCode, ExtractError, ViplanError
from viplan_ocr.extract import ExtractConfig, extract
from viplan_ocr.normalize import CleanConfig, clean
from viplan_ocr.parse import Plan, parse
from viplan_ocr.pipeline import Converted, convert

try:
    __version__ = version("viplan-ocr")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0+unknown"

__all__ = [
    "BatchOptions",
    "BatchReport",
    "Change",
    "CleanConfig",
    "Cleaned",
    "Converted",
    "Document",
    "ExitCode",
    "ExtractConfig",
    "ExtractError",
    "Line",
    "Page",
    "PageSource",
    "Plan",
    "ViplanError",
    "Word",
    "__version__",
    "clean",
    "convert",
    "extract",
    "parse",
    "replay",
    "run_batch",
]
