"""``manifest.jsonl``: one record per input, appended the moment that input is done.

The manifest is what makes ``--resume`` safe after ``kill -9`` or a power cut: a record is
appended only after the input's outputs are in place, as one complete line, flushed and synced.
A crash can therefore leave at most a torn last line, which :func:`load_manifest` ignores and
:func:`drop_torn_tail` cuts off before new records are appended.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from viplan_ocr.batch.names import visible_json
from viplan_ocr.errors import OutputAccessError


@dataclass(frozen=True, slots=True)
class FileResult:
    """One input's record in ``manifest.jsonl``.

    ``timings`` holds seconds: ``ocr`` (extraction, summed over the input's pages, in workers),
    ``clean``, ``parse`` and ``wall`` (from the input's start to its record, queueing included).
    ``status`` is ``ok``, ``failed`` (``error`` says why) or ``skipped``: deliberately left alone,
    a symbolic link or an unsafe archive member (``reason`` says why); ``outputs`` are the files
    written for the input, relative to OUT, under the names actually used (a long name is
    shortened); ``notes`` the formats asked for that cannot show this input, each with why
    (``pdf: a Word file has no page images ...``).
    """

    input: str
    status: str  # "ok", "failed" or "skipped"
    sha256: str
    pages: int = 0
    text_sources: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None
    corrections: int = 0
    targets: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    reason: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the input was converted."""
        return self.status == "ok"

    @property
    def skipped(self) -> bool:
        """Whether the input was deliberately left alone (never counted as a failure)."""
        return self.status == "skipped"

    def to_line(self) -> str:
        """The record as one line of JSON: Vietnamese names unescaped, bytes that were not UTF-8 as ``\\xNN``."""
        return visible_json(json.dumps(asdict(self), ensure_ascii=False)) + "\n"

    @classmethod
    def from_dict(cls, record: dict) -> FileResult:
        """A record read back; keys a later version may add are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in known})


def load_manifest(path: Path) -> list[FileResult]:
    """Every complete record of a manifest, in order; a torn or damaged line is skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    results = []
    for line in raw.split(b"\n")[:-1]:  # the part after the last newline is a torn record
        try:
            record = json.loads(line)
            results.append(FileResult.from_dict(record))
        except (ValueError, TypeError):
            continue
    return results


def drop_torn_tail(path: Path) -> None:
    """Cut a manifest back to its last complete line, so that the next record starts a line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    end = raw.rfind(b"\n") + 1
    if end != len(raw):
        os.truncate(path, end)


class ManifestWriter:
    """Appends records to ``manifest.jsonl``, each one whole and on disk before the next.

    Each record is one ``write`` on a file opened for appending, with no buffer in between: a
    failed write (a full disk) raises at once and leaves nothing behind to be flushed, and so to
    fail again, when the file is closed (that second error used to replace the first one with a
    traceback). A record cut short by the failure is cut off, so the manifest stays whole lines.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._fd: int | None = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputAccessError(f"cannot write ({exc.strerror})", path=path) from exc

    def append(self, result: FileResult) -> None:
        """Write one record as a single line, then fsync it."""
        assert self._fd is not None, "the manifest is closed"
        raw = result.to_line().encode("utf-8")
        start = os.fstat(self._fd).st_size
        try:
            written = 0
            while written < len(raw):
                written += os.write(self._fd, raw[written:])
            os.fsync(self._fd)
        except OSError as exc:  # a full disk: without its record, no input counts as done
            self._cut(start)
            raise OutputAccessError(f"cannot write ({exc.strerror})", path=self.path) from exc

    def _cut(self, size: int) -> None:
        """Cut off a record the disk could only partly take."""
        try:
            os.ftruncate(self._fd, size)  # type: ignore[arg-type]
        except OSError:
            pass  # a torn line is still ignored on reading and cut off by the next --resume

    def close(self) -> None:
        """Close the file; never raises, as every record was already synced."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> ManifestWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
