"""Where the package's files are, and how they are read: one place for every data file.

Three kinds of file ship with the package: the built model in ``lexicons/`` (by
``scripts/build_lexicon.py``), small reviewed lists in ``viplan_ocr/data/`` (each line says
where it comes from) and the JSON Schema of the plan. Every reader asks here, so that an
installed wheel and a source checkout find the same files, and a tab-separated file is split
the same way everywhere.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def lexicon_dir() -> Path:
    """Where the built model is: inside the installed package, else the repository's top level."""
    packaged = _PACKAGE / "lexicons"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / "lexicons"


def tsv_rows(path: Path, *, notes: bool = False) -> list[list[str]]:
    """The tab-separated rows of a file, blank lines skipped; with ``notes``, ``#`` lines too
    (a reviewed list explains itself in them; a built table has none, and ``#`` may be data)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [row.split("\t") for row in lines if row and not (notes and row.startswith("#"))]


def lexicon_rows(name: str) -> list[list[str]]:
    """The rows of one of the built model's tables (``surfaces.tsv``, ``channel_words.tsv``, ...)."""
    return tsv_rows(lexicon_dir() / name)


def data_rows(name: str) -> list[list[str]]:
    """The rows of a reviewed list in ``viplan_ocr/data/`` (``abbreviations.tsv``, ...)."""
    return tsv_rows(_PACKAGE / "data" / name, notes=True)


def data_path(name: str) -> Path:
    """A data file shipped in ``viplan_ocr/data/`` (``digits.npz``, the handwritten-digit classifier)."""
    return _PACKAGE / "data" / name


@cache
def package_text(package: str, name: str) -> str:
    """A text file shipped inside a subpackage (a JSON Schema), read once per process."""
    return files(package).joinpath(name).read_text(encoding="utf-8")


def package_json(package: str, name: str) -> dict:
    """A JSON file shipped inside a subpackage (the plan's and the corrections file's JSON
    Schemas), as a fresh dict: a caller may change it without changing the next one's."""
    return json.loads(package_text(package, name))


__all__ = ["data_path", "data_rows", "lexicon_dir", "lexicon_rows", "package_json", "package_text", "tsv_rows"]
