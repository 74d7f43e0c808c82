"""A batch's outputs: where each input's files go, and writing them atomically.

What the files hold is the writers' business (:mod:`viplan_ocr.writers`); this module only puts
them in place. Outputs mirror the input tree (``in/khgd/2021.pdf`` gives ``out/khgd/2021.txt``
and ``out/khgd/2021.json``). Each file is written to a temporary name and renamed over the target,
so a reader, or a run killed half-way, never sees a truncated file; temporaries a killed run left
behind carry :data:`TEMP_MARK` and are removed by the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from viplan_ocr.batch.names import NAME_MAX, fit, visible, visible_json
from viplan_ocr.errors import OutputAccessError
from viplan_ocr.writers import WRITERS, run_writers

#: Part of every temporary file's name, so that leftovers of a killed run can be found.
TEMP_MARK = ".viplan-tmp"
#: Bytes left for the last part of an output's stem: the longest writer suffix (``.explain.txt``)
#: and a temporary file's additions (a dot, :data:`TEMP_MARK`, a pid of up to 7 digits) still fit.
STEM_BYTES = NAME_MAX - max(len(getattr(w, "suffix", "").encode()) for w in WRITERS.values()) - len(TEMP_MARK) - 8


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write a file whole or not at all: a synced temporary file renamed over the target.

    Text is encoded in ``encoding`` with its newlines as they are; bytes are written unchanged.
    """
    tmp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    raw = data if isinstance(data, bytes) else _visible(path, data).encode(encoding, errors="replace")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        if tmp.is_file():
            tmp.unlink()
        raise OutputAccessError(f"cannot write ({exc.strerror})", path=path) from exc


def _visible(path: Path, text: str) -> str:
    """Text with any byte that was not UTF-8 (a file name's) spelled ``\\xNN``, JSON-escaped in ``.json``."""
    return visible_json(text) if path.suffix == ".json" else visible(text)


def remove_temporaries(out_dir: Path) -> int:
    """Delete the temporary files a killed run left in ``out_dir``; return how many."""
    stale = [p for p in out_dir.rglob(f".*{TEMP_MARK}*") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def output_stems(names: Iterable[str]) -> dict[str, str]:
    """The path, without extension, under which each input's outputs are written.

    An input's extension is dropped (``2021.pdf`` gives ``2021.txt``) unless two inputs of the
    same folder would then share outputs, as ``2021.pdf`` and ``2021.png`` would: those keep
    their full name (``2021.pdf.txt``). A part too long for the file system once a writer's
    suffix is added is shortened with a hash (:func:`~viplan_ocr.batch.names.fit`).

    >>> output_stems(["khgd/kế-hoạch.pdf", "khgd/kế-hoạch.png", "a.zip/b.txt"])
    {'khgd/kế-hoạch.pdf': 'khgd/kế-hoạch.pdf', 'khgd/kế-hoạch.png': 'khgd/kế-hoạch.png', 'a.zip/b.txt': 'a.zip/b'}
    >>> [len(part.encode()) <= STEM_BYTES for part in output_stems(["ễ" * 80 + ".pdf"])["ễ" * 80 + ".pdf"].split("/")]
    [True]
    """
    names = list(names)
    short = {name: str(PurePosixPath(name).with_suffix("")) for name in names}
    taken = Counter(short.values())
    return _apart({name: fit(stem if taken[stem] == 1 else name, STEM_BYTES) for name, stem in short.items()})


def _apart(stems: dict[str, str]) -> dict[str, str]:
    """Stems whose outputs are no other input's, nor the run's own files: a later one gets a hash.

    ``x.pdf`` writes ``x.explain.txt`` with ``--explain``, and so does ``x.explain.txt`` as its
    text; on a case-insensitive file system ``A.pdf.txt`` is ``a.pdf.txt``. One input's outputs
    must never replace another's, so names are compared case-folded.

    >>> _apart({"x.pdf": "x", "x.explain.txt": "x.explain", "targets.txt": "targets"})["x.explain.txt"]
    'x.explain~f3c28bae7d46'
    """
    claimed = {name.casefold() for name in RUN_FILES}
    apart = {}
    for name, stem in stems.items():
        if _outputs(stem) & claimed:
            digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            stem = f"{fit(stem, STEM_BYTES - len(digest) - 1)}~{digest}"
        claimed |= _outputs(stem)
        apart[name] = stem
    return apart


def _outputs(stem: str) -> set[str]:
    """Every file an input of this stem may write, case-folded."""
    return {f"{stem}{suffix}".casefold() for suffix in _SUFFIXES}


#: The suffixes of every per-input format, whichever a run chose: the outputs must not depend on --formats.
_SUFFIXES = frozenset(suffix for writer in WRITERS.values() if (suffix := getattr(writer, "suffix", "")))
#: The run's own files at the top of OUT, which no input's output may replace.
RUN_FILES = frozenset({*(w.filename for w in WRITERS.values() if getattr(w, "filename", "")), "manifest.jsonl"})


def write_outputs(out_dir: Path, stem: str, files: dict[str, str | bytes]) -> list[str]:
    """Write one input's rendered files, by format name; return their paths relative to ``out_dir``.

    Each goes to ``stem`` plus its writer's suffix (``khgd/2021`` and ``.json``).
    """
    written = []
    for name, data in files.items():
        relative = f"{stem}{WRITERS[name].suffix}"
        write_atomic(out_dir / relative, data)
        written.append(relative)
    return written


def write_run_outputs(out_dir: Path, documents: list[tuple[str, str]], formats: Iterable[str]) -> list[str]:
    """Rebuild the run's own files (``targets.csv``) from the ``.json`` files of the converted inputs.

    ``documents`` pairs each input's name with its JSON output (relative to ``out_dir``), in input
    order. Reading the files back, instead of collecting plans in memory, gives the same files
    after a run was killed and resumed as after one clean run. Returns the files written.
    """

    def plans() -> Iterator[tuple[str, dict]]:
        for name, json_path in documents:
            yield name, json.loads((out_dir / json_path).read_text(encoding="utf-8"))

    written = []
    for writer in run_writers(formats):
        write_atomic(out_dir / writer.filename, writer.render(plans()), encoding=writer.encoding)
        written.append(writer.filename)
    return written
