"""A batch's outputs: where each input's files go, writing them atomically, and ``targets.csv``.

Outputs mirror the input tree (``in/khgd/2021.pdf`` gives ``out/khgd/2021.txt`` and
``out/khgd/2021.json``). Each file is written to a temporary name and renamed over the target,
so a reader, or a run killed half-way, never sees a truncated file; temporaries a killed run left
behind carry :data:`TEMP_MARK` and are removed by the next run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from viplan_ocr.errors import OutputAccessError
from viplan_ocr.export import rows_to_csv, target_rows

#: The formats ``--formats`` accepts: per-input ``.txt`` and ``.json``, and the run's ``targets.csv``.
FORMATS = ("txt", "json", "csv")
TARGETS_CSV = "targets.csv"
EXPLAIN_SUFFIX = ".explain.txt"
#: Part of every temporary file's name, so that leftovers of a killed run can be found.
TEMP_MARK = ".viplan-tmp"


def write_atomic(path: Path, data: str) -> None:
    """Write a file whole or not at all: a synced temporary file renamed over the target."""
    tmp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        if tmp.is_file():
            tmp.unlink()
        raise OutputAccessError(f"cannot write ({exc.strerror})", path=path) from exc


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
    their full name (``2021.pdf.txt``).

    >>> output_stems(["khgd/kế-hoạch.pdf", "khgd/kế-hoạch.png", "a.zip/b.txt"])
    {'khgd/kế-hoạch.pdf': 'khgd/kế-hoạch.pdf', 'khgd/kế-hoạch.png': 'khgd/kế-hoạch.png', 'a.zip/b.txt': 'a.zip/b'}
    """
    names = list(names)
    short = {name: str(PurePosixPath(name).with_suffix("")) for name in names}
    taken = Counter(short.values())
    return {name: stem if taken[stem] == 1 else name for name, stem in short.items()}


def write_outputs(
    out_dir: Path, stem: str, *, text: str, plan: dict, report: str | None, formats: Iterable[str]
) -> list[str]:
    """Write one input's files; return their paths relative to ``out_dir``."""
    formats = set(formats)
    files = {}
    if "txt" in formats:
        files[f"{stem}.txt"] = text if text.endswith("\n") else text + "\n"
    if "json" in formats:
        files[f"{stem}.json"] = json.dumps(plan, ensure_ascii=False, indent=2) + "\n"
    if report is not None:
        files[f"{stem}{EXPLAIN_SUFFIX}"] = report + "\n"
    for name, data in files.items():
        write_atomic(out_dir / name, data)
    return list(files)


def write_targets_csv(out_dir: Path, documents: Iterable[tuple[str, str]]) -> None:
    """Rebuild ``targets.csv`` from the ``.json`` files of the converted inputs.

    ``documents`` pairs each input's name with its JSON output (relative to ``out_dir``). Reading
    the files back, instead of collecting rows in memory, gives the same table after a run was
    killed and resumed as after one clean run. The BOM lets Excel open the file as UTF-8.
    """
    rows: list[dict] = []
    for name, json_path in documents:
        plan = json.loads((out_dir / json_path).read_text(encoding="utf-8"))
        rows.extend(target_rows(plan, name))
    write_atomic(out_dir / TARGETS_CSV, "\ufeff" + rows_to_csv(rows))
