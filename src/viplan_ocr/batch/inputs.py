"""A batch's inputs: the files under a folder, and the members of ``.zip`` archives among them.

Archives of scanned plans usually arrive as ``.zip`` files, so a member is an input like any
other: its name is ``archive.zip/inner/path.pdf`` and its outputs mirror that path. Extractors
read files, so a member is written to a work folder (:func:`materialize`) only while it is being
converted.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from viplan_ocr.errors import CorruptFileError, EncryptedFileError, FileMissingError
from viplan_ocr.extract import readers
from viplan_ocr.limits import DEFAULT_LIMITS, Limits, megabytes

_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input of a batch.

    ``name`` is the relative POSIX path the outputs mirror (``khgd/2021.pdf``, or
    ``archive.zip/khgd/2021.pdf`` for a member); ``path`` is the file on disk, the archive itself
    for a member; ``problem`` says why an input is not even opened (a damaged archive, a member
    too large to unpack).
    """

    name: str
    path: Path
    member: str | None = None
    problem: str | None = None

    @property
    def suffix(self) -> str:
        """The lower-case extension that decides how the input is read."""
        return PurePosixPath(self.name).suffix.lower()

    def open(self) -> BinaryIO:
        """The input's bytes, from the file or from inside its archive."""
        if self.member is None:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        try:
            return archive.open(self.member)  # type: ignore[return-value]
        finally:
            archive.close()  # the member's stream keeps its own handle on the file

    def sha256(self) -> str:
        """The hex SHA-256 of the input's bytes: what ``--resume`` recognises a done input by."""
        digest = hashlib.sha256()
        with _reading(self), self.open() as handle:
            for block in iter(lambda: handle.read(_BLOCK), b""):
                digest.update(block)
        return digest.hexdigest()


@contextmanager
def _reading(item: InputFile) -> Iterator[None]:
    """Turn the ways reading an input can fail into the extractor's errors, which name the input.

    A member can be encrypted (zipfile raises RuntimeError), or damaged in ways the archive's
    directory did not show (a bad CRC, a truncated deflate stream).
    """
    try:
        yield
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        hint = "extract the archive with its password, then convert the folder"
        raise EncryptedFileError("the archive member is encrypted", path=item.name, hint=hint) from exc
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise CorruptFileError(f"cannot be read ({exc})", path=item.name) from exc


def find_inputs(root: Path, *, exclude: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """Every input under ``root`` (a folder, a single file or a ``.zip``), in a stable order.

    Hidden files and folders are skipped, and so is ``exclude`` (the output folder, when it lies
    inside the input folder), so that a second run never reads the first run's outputs. An
    archive member over the ``limits`` is an input with a ``problem`` (:func:`_over_limits`).
    """
    if root.is_file():  # named by the user: an input whatever its suffix, so that it gets a record
        return _expand(root, root.name, limits) if root.suffix.lower() == ".zip" else [InputFile(root.name, root)]
    if not root.is_dir():
        raise FileMissingError("no such file or folder", path=root)
    skip = exclude.resolve() if exclude is not None else None
    found: list[InputFile] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if skip is not None and path.resolve().is_relative_to(skip):
            continue
        found.extend(_expand(path, relative.as_posix(), limits))
    return found


def _expand(path: Path, name: str, limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """A file as inputs: itself, or each readable member of an archive.

    What a batch picks up is what some reader takes (:func:`viplan_ocr.extract.readers.suffixes`),
    including the Office files a reader recognises only to refuse with a hint (convert them to
    PDF), so that they get a failed record instead of being skipped without a word.
    """
    suffix = path.suffix.lower()
    accepted = readers.suffixes()
    if suffix != ".zip":
        return [InputFile(name=name, path=path)] if suffix in accepted else []
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted((info for info in archive.infolist() if not info.is_dir()), key=lambda i: i.filename)
    except (zipfile.BadZipFile, OSError) as exc:
        return [InputFile(name=name, path=path, problem=f"not a readable .zip archive ({exc})")]
    wanted = [i for i in members if _safe_member(i.filename) and PurePosixPath(i.filename).suffix.lower() in accepted]
    problems = _over_limits(wanted, limits)
    return [
        InputFile(name=f"{name}/{info.filename}", path=path, member=info.filename, problem=problem)
        for info, problem in zip(wanted, problems, strict=True)
    ]


def _over_limits(members: list[zipfile.ZipInfo], limits: Limits) -> list[str | None]:
    """Why each member is refused before it is unpacked (None: it is not), from the archive's directory.

    A "zip bomb" of a megabyte unpacks to a gigabyte of text, which would fill the work folder
    and a worker's memory for hours. Three limits, each its own reason: a member's unpacked
    size, its compression ratio (judged only on members over ``limits.ratio_floor_bytes``, as
    small text compresses well), and the archive's total, which refuses the members after it
    is reached. The sizes the directory declares bound what is unpacked: :mod:`zipfile` stops
    a member's stream at its declared size.
    """
    problems: list[str | None] = []
    total = 0
    for info in members:
        problem = _too_large(info, limits)
        if problem is None:
            total += info.file_size
            if total > limits.max_archive_bytes:
                limit = megabytes(limits.max_archive_bytes)
                problem = f"the archive unpacks to over {limit} with this member, over its {limit} limit"
        problems.append(problem)
    return problems


def _too_large(info: zipfile.ZipInfo, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why one member is refused by its own size or compression ratio, if it is."""
    size = info.file_size
    if size > limits.max_member_bytes:
        return f"unpacks to {megabytes(size)}, over the {megabytes(limits.max_member_bytes)} member limit"
    ratio = size / max(info.compress_size, 1)
    if size > limits.ratio_floor_bytes and ratio > limits.max_compression_ratio:
        return (
            f"unpacks {ratio:,.0f} times its packed size ({megabytes(size)}), over the compression ratio "
            f"limit of {limits.max_compression_ratio} (a zip bomb?)"
        )
    return None


def _safe_member(member: str) -> bool:
    """Whether a member's name can be mirrored under the output folder.

    An archive may hold ``../../x.pdf`` or ``/etc/x.pdf`` ("zip slip"): mirroring such a name
    would write outside the output folder, so those members are left out, as are hidden ones
    (``__MACOSX/._plan.pdf`` resource forks).

    >>> _safe_member("khgd/kế-hoạch-2021.pdf"), _safe_member("../kế-hoạch.pdf"), _safe_member("__MACOSX/._a.pdf")
    (True, False, False)
    """
    parts = PurePosixPath(member).parts
    return (
        bool(parts)
        and not member.startswith("/")
        and ".." not in parts
        and not any(part.startswith((".", "__MACOSX")) for part in parts)
    )


def materialize(item: InputFile, work_dir: Path) -> Path:
    """A path an extractor can open: the file itself, or the member copied into ``work_dir``.

    Each copy gets a name of its own, as an archive may hold the same file twice.
    """
    if item.member is None:
        return item.path
    work_dir.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=item.suffix, dir=work_dir)
    with _reading(item), item.open() as source, os.fdopen(handle, "wb") as sink:
        for block in iter(lambda: source.read(_BLOCK), b""):
            sink.write(block)
    return Path(name)


def count_pages(item: InputFile) -> int:
    """How many pages an input has, cheaply, to size the progress bar before any OCR.

    Its reader counts them. Only an estimate: an input no reader knows, or that cannot be opened,
    counts as one page, and fails later with its real reason.
    """
    if item.problem is not None:  # refused before unpacking: never read it, even to count
        return 1
    try:
        with item.open() as handle:
            reader = readers.sniff(item.name, handle.read(readers.HEAD_BYTES))
            if item.member is None:
                return max(reader.count_pages(item.path), 1)
            handle.seek(0)
            return max(reader.count_pages(io.BytesIO(handle.read())), 1)
    except Exception:  # an unknown format, any damage: the extractor will name it
        return 1
