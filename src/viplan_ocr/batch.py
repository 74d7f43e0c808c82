"""Batch conversion: every plan under a folder to clean text, JSON and one targets.csv.

First version: serial, one file after another. One bad file never stops the run; it gets a
``failed`` record in ``manifest.jsonl`` with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from viplan_ocr.errors import FileMissingError, OutputAccessError, ViplanError
from viplan_ocr.export import rows_to_csv, target_rows
from viplan_ocr.extract import IMAGE_SUFFIXES, TEXT_SUFFIXES

INPUT_SUFFIXES = TEXT_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".doc", ".docx"}


@dataclass(slots=True)
class FileResult:
    """One input's record in ``manifest.jsonl``."""

    input: str
    status: str  # "ok" or "failed"
    sha256: str
    pages: int = 0
    text_sources: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None
    corrections: int = 0
    targets: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(slots=True)
class BatchReport:
    """What a batch run did."""

    results: list[FileResult]
    out_dir: Path

    @property
    def failed(self) -> list[FileResult]:
        """The inputs that could not be converted."""
        return [r for r in self.results if r.status != "ok"]

    def summary(self) -> str:
        """A short table: one line per input, then the totals."""
        lines = [f"{'status':<7} {'pages':>5} {'targets':>7} {'fixes':>6} {'secs':>6}  input"]
        for r in self.results:
            lines.append(f"{r.status:<7} {r.pages:>5} {r.targets:>7} {r.corrections:>6} {r.seconds:>6.1f}  {r.input}")
            if r.error:
                lines.append(f"{'':<7} {r.error}")
        ok = len(self.results) - len(self.failed)
        lines.append(f"{ok} converted, {len(self.failed)} failed; outputs in {self.out_dir}")
        return "\n".join(lines)


def find_inputs(root: Path) -> list[Path]:
    """Every file under ``root`` we may be able to read, in a stable order."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileMissingError("no such file or folder", path=root)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)


def write_atomic(path: Path, data: str) -> None:
    """Write a file whole or not at all: a temporary file renamed over the target."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_text(data, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise OutputAccessError(f"cannot write ({exc.strerror})", path=path) from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_batch(in_path: str | Path, out_dir: str | Path, *, quiet: bool | None = None) -> BatchReport:
    """Convert every input under ``in_path`` into ``out_dir``.

    Writes ``<name>.txt`` and ``<name>.json`` per input (mirroring the input tree),
    ``targets.csv`` for all inputs and ``manifest.jsonl`` with one record per input.
    """
    from viplan_ocr.pipeline import convert

    in_path, out_dir = Path(in_path), Path(out_dir)
    inputs = find_inputs(in_path)
    base = in_path if in_path.is_dir() else in_path.parent
    if quiet is None:
        quiet = not sys.stderr.isatty()
    results: list[FileResult] = []
    rows: list[dict] = []
    for path in tqdm(inputs, desc="converting", unit="file", disable=quiet):
        started = time.perf_counter()
        relative = path.relative_to(base)
        result = FileResult(input=str(relative), status="ok", sha256=_sha256(path))
        try:
            converted = convert(path)
            plan = converted.plan.to_dict()
            stem = out_dir / relative.with_suffix("")
            write_atomic(stem.with_suffix(".txt"), converted.cleaned.text)
            write_atomic(stem.with_suffix(".json"), json.dumps(plan, ensure_ascii=False, indent=2) + "\n")
            rows.extend(target_rows(plan, str(relative)))
            pages = converted.document.pages
            confidences = [p.confidence for p in pages if p.confidence is not None]
            result.pages = len(pages)
            result.text_sources = converted.document.text_sources
            result.ocr_confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
            result.corrections = sum(1 for c in converted.cleaned.changes if c.applied)
            result.targets = len(plan["targets"])
            result.outputs = [str(stem.with_suffix(s).relative_to(out_dir)) for s in (".txt", ".json")]
        except ViplanError as exc:
            result.status, result.error = "failed", exc.message
        result.seconds = round(time.perf_counter() - started, 2)
        results.append(result)
    write_atomic(out_dir / "targets.csv", "\ufeff" + rows_to_csv(rows))
    write_atomic(out_dir / "manifest.jsonl", "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in results))
    return BatchReport(results=results, out_dir=out_dir)
