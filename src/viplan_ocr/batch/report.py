"""What a batch run did: its records, and the summary table the command prints at the end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viplan_ocr.batch.manifest import FileResult

#: Up to this many inputs, the summary lists each one; beyond, only totals and failures.
SUMMARY_ROWS = 20


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run did: one record per input, in input order."""

    results: list[FileResult]
    out_dir: Path
    #: Inputs ``--resume`` found already converted; their records come from the earlier run.
    skipped: frozenset[str] = frozenset()
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        """The inputs that could not be converted."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def left_alone(self) -> list[FileResult]:
        """The inputs deliberately not read (symbolic links, unsafe archive members): never a failure."""
        return [r for r in self.results if r.skipped]

    @property
    def converted(self) -> list[FileResult]:
        """The inputs converted by this run."""
        return [r for r in self.results if r.ok and r.input not in self.skipped]

    @property
    def pages_per_minute(self) -> float:
        """Pages converted by this run per minute of wall time."""
        pages = sum(r.pages for r in self.converted)
        return 60 * pages / self.seconds if self.seconds else 0.0

    def _notes(self) -> list[str]:
        """One line per format an input could not be shown in and why, however many inputs: a
        folder of Word files asked for ``--formats pdf`` gives one line, not one per file."""
        inputs: dict[str, list[str]] = {}
        for r in self.converted:
            for note in r.notes:
                inputs.setdefault(note, []).append(r.input)
        return [
            f"not written: {note} ({names[0] if len(names) == 1 else f'{len(names)} inputs: {names[0]}, ...'})"
            for note, names in inputs.items()
        ]

    def summary(self) -> str:
        """A short table: each input (for small runs), totals by status, then the failures."""
        lines = []
        if len(self.results) <= SUMMARY_ROWS:
            lines.append(f"{'status':<8} {'pages':>5} {'targets':>7} {'fixes':>6} {'secs':>6}  input")
            for r in self.results:
                status = "skipped" if r.input in self.skipped else r.status
                wall = r.timings.get("wall", 0.0)
                lines.append(f"{status:<8} {r.pages:>5} {r.targets:>7} {r.corrections:>6} {wall:>6.1f}  {r.input}")
        else:
            lines.append(f"{'status':<8} {'inputs':>6} {'pages':>6} {'targets':>7} {'fixes':>6}")
            groups = (("ok", self.converted), ("skipped", [r for r in self.results if r.input in self.skipped]))
            for status, group in (*groups, ("failed", self.failed), ("not read", self.left_alone)):
                pages, targets = sum(r.pages for r in group), sum(r.targets for r in group)
                fixes = sum(r.corrections for r in group)
                lines.append(f"{status:<8} {len(group):>6} {pages:>6} {targets:>7} {fixes:>6}")
        lines.extend(f"failed: {r.error}" for r in self.failed)
        lines.extend(f"skipped: {r.input}: {r.reason}" for r in self.left_alone)
        lines.extend(self._notes())
        pages = sum(r.pages for r in self.converted)
        lines.append(f"{pages} pages in {self.seconds:.1f} s ({self.pages_per_minute:.1f} pages/min)")
        skipped = f", {len(self.skipped)} skipped (already converted)" if self.skipped else ""
        if self.left_alone:
            skipped += f", {len(self.left_alone)} skipped (not read: links, unsafe names)"
        lines.append(f"{len(self.converted)} converted, {len(self.failed)} failed{skipped}; outputs in {self.out_dir}")
        return "\n".join(lines)
