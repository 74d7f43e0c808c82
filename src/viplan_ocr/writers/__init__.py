"""Output formats: what a converted document (or a whole run) is written as.

:data:`WRITERS` is the one list of formats. ``viplan-ocr batch --formats`` takes its names and
validates against it, the batch writes what it selects, and ``clean``, ``parse`` and
``targets --csv`` print their output through it, so nothing else lists the formats.

There are two kinds of writer:

- a :class:`DocumentWriter` renders one file per input from the :class:`~viplan_ocr.pipeline.Converted`
  the pipeline made of it (``2021.pdf`` gives ``2021.txt``, ``2021.json``). From
  ``converted.cleaned`` a writer uses only ``.text``, ``.changes`` and ``.report()``.
- a :class:`RunWriter` renders one file for a whole run (``targets.csv``) from every document's
  plan in its JSON form. It reads the plans, not the converted documents, because a resumed
  batch has only the ``.json`` files of the inputs an earlier run converted: reading every plan
  back from there gives the same file after a resume as after one clean run.

Adding a format is one module and one entry in ``_ALL`` below, as ``writers/markdown.py`` (``md``)
was added::

    # writers/markdown.py
    from viplan_ocr.writers.base import DocumentWriter

    def render(converted: Converted) -> str:
        return render_plan(converted.plan)

    WRITER = DocumentWriter("md", ".md", render, default=False)

    # writers/__init__.py
    from viplan_ocr.writers import csv, explain, json, markdown, txt
    _ALL = (txt.WRITER, json.WRITER, explain.WRITER, markdown.WRITER, csv.WRITER)

after which ``viplan-ocr batch IN OUT --formats json,md`` writes ``OUT/<name>.md`` per input:
rendered in the workers, written atomically, listed in the manifest, kept on ``--resume``, and
named in ``--help``. A per-run format is the same with a :class:`RunWriter` whose ``render``
takes the ``(name, plan)`` pairs and returns text or bytes, as ``writers/xlsx.py`` (``xlsx``,
``targets.xlsx`` beside ``targets.csv``) does.
``tests/writers/test_registry.py`` adds both kinds this way and runs a batch with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from viplan_ocr.errors import UsageError
from viplan_ocr.writers import alto, csv, explain, hocr, json, markdown, review, searchable_pdf, txt, xlsx
from viplan_ocr.writers.base import DocumentWriter, RunWriter, Unwritten, Writer

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted

_ALL: tuple[Writer, ...] = (
    txt.WRITER,
    json.WRITER,
    explain.WRITER,
    markdown.WRITER,
    hocr.WRITER,
    alto.WRITER,
    searchable_pdf.WRITER,
    review.WRITER,
    csv.WRITER,
    xlsx.WRITER,
)

#: Every writer by its ``--formats`` name, in the order outputs are written and listed.
WRITERS: dict[str, Writer] = {writer.name: writer for writer in _ALL}
#: What ``--formats`` is when not given.
DEFAULT_FORMATS: tuple[str, ...] = tuple(name for name, writer in WRITERS.items() if writer.default)


def document_writers(formats: Iterable[str]) -> list[DocumentWriter]:
    """The per-input writers among ``formats``, in registry order."""
    chosen = set(formats)
    return [w for w in WRITERS.values() if isinstance(w, DocumentWriter) and w.name in chosen]


def run_writers(formats: Iterable[str]) -> list[RunWriter]:
    """The per-run writers among ``formats``, in registry order."""
    chosen = set(formats)
    return [w for w in WRITERS.values() if isinstance(w, RunWriter) and w.name in chosen]


def render_document(converted: Converted, formats: Iterable[str]) -> dict[str, str | bytes | Unwritten]:
    """One document rendered in each per-input format among ``formats``, by format name
    (:class:`Unwritten`, with its reason, for a format that cannot show this input)."""
    return {writer.name: writer.render(converted) for writer in document_writers(formats)}


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """``formats`` as a tuple when every one is known, else a UsageError naming the choices.

    A run writer reads the plans back from the per-input ``.json`` files, so it needs ``json``.
    """
    formats = tuple(formats)
    unknown = sorted(set(formats) - set(WRITERS))
    if unknown or not formats:
        raise UsageError(f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {','.join(WRITERS)}")
    gathered = [w.filename for w in run_writers(formats)]
    if gathered and "json" not in formats:
        raise UsageError(f"{', '.join(gathered)} is built from the per-input .json files: add json to --formats")
    return formats


__all__ = [
    "DEFAULT_FORMATS",
    "WRITERS",
    "DocumentWriter",
    "RunWriter",
    "Unwritten",
    "Writer",
    "check_formats",
    "document_writers",
    "render_document",
    "run_writers",
]
