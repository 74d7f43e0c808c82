"""A batch's inputs: the files under a folder, and the members of ``.zip`` archives among them.

Archives of scanned plans usually arrive as ``.zip`` files, so a member is an input like any
other: its name is ``archive.zip/inner/path.pdf`` and its outputs mirror that path. Extractors
read files, so a member is written to a work folder (:func:`materialize`) only while it is being
converted.

Inputs never leave the input folder: a symbolic link is never followed (``ln -s /etc/passwd
IN/leak.txt`` once put the password file into OUT), and an archive member named ``../x.pdf`` or
``/etc/x.pdf`` is never unpacked. Each of those, and every other candidate left out for a reason
a user would want to know (a dangling link, a nested archive, a device file, a folder that cannot
be listed), becomes an input with a ``skip`` or a ``problem``, so that it gets a manifest record
instead of vanishing. Only hidden files and files no reader takes are passed over without one.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from viplan_ocr.batch.names import visible
from viplan_ocr.errors import CorruptFileError, EncryptedFileError, FileMissingError, UnreadableFileError
from viplan_ocr.extract import readers
from viplan_ocr.limits import DEFAULT_LIMITS, Limits, megabytes

_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input of a batch.

    ``name`` is the relative POSIX path the outputs mirror (``khgd/2021.pdf``, or
    ``archive.zip/khgd/2021.pdf`` for a member), with bytes that are not UTF-8 spelled ``\\xNN``
    (:func:`~viplan_ocr.batch.names.visible`); ``path`` is the file on disk, the archive itself
    for a member; ``problem`` says why an input is not even opened (a damaged archive, a member
    too large to unpack: a failed record); ``skip`` why it is deliberately left alone (a symbolic
    link, an unsafe member name: a skipped record).
    """

    name: str
    path: Path
    member: str | None = None
    problem: str | None = None
    skip: str | None = None

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
    except PermissionError as exc:
        raise UnreadableFileError("permission denied", path=item.name) from exc
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        hint = "extract the archive with its password, then convert the folder"
        raise EncryptedFileError("the archive member is encrypted", path=item.name, hint=hint) from exc
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise CorruptFileError(f"cannot be read ({exc})", path=item.name) from exc


def find_inputs(root: Path, *, exclude: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """Every input under ``root`` (a folder, a single file or a ``.zip``), in a stable order.

    Hidden files and folders are skipped, and so is ``exclude`` (the output folder, when it lies
    inside the input folder), so that a second run never reads the first run's outputs. A file
    named by the user is read even through a symbolic link: the user chose it. An archive member
    over the ``limits`` is an input with a ``problem`` (:func:`_over_limits`).
    """
    if root.is_file():  # named by the user: an input whatever its suffix, so that it gets a record
        name = visible(root.name)
        return _expand(root, name, limits) if root.suffix.lower() == ".zip" else [InputFile(name, root)]
    if not root.is_dir():
        raise FileMissingError("no such file or folder", path=root)
    skip = exclude.resolve() if exclude is not None else None
    found = [
        item for path, relative, error in _walk(root, skip) for item in _candidate(root, path, relative, error, limits)
    ]
    return sorted(found, key=lambda item: PurePosixPath(item.name).parts)


def _walk(root: Path, exclude: Path | None) -> Iterator[tuple[Path, str, str | None]]:
    """Every entry under ``root`` that is not hidden, with its relative POSIX path.

    Folders are entered only when they are real folders (``os.walk`` never follows a link); a
    linked folder is yielded like a file, to be recorded. A folder that cannot be listed is
    yielded too, with the error, for :func:`_candidate` to record.
    """
    unlisted: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unlisted.append):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_excluded(here / d, exclude))
        for name in [*dirs, *files]:
            path = here / name
            if name.startswith(".") or (path.is_dir() and not path.is_symlink()):
                continue
            yield path, path.relative_to(root).as_posix(), None
    for error in unlisted:
        path = Path(error.filename)
        if path != root:
            yield path, path.relative_to(root).as_posix(), error.strerror
        else:
            raise FileMissingError(f"cannot list the folder ({error.strerror})", path=root)


def _is_excluded(folder: Path, exclude: Path | None) -> bool:
    """Whether ``folder`` is the output folder (never a link: a link is not entered anyway)."""
    return exclude is not None and not folder.is_symlink() and folder.resolve() == exclude


def _candidate(root: Path, path: Path, relative: str, error: str | None, limits: Limits) -> list[InputFile]:
    """What one entry of the walk is: inputs, a skipped link or special file, or none."""
    name = visible(relative)
    if error is not None:
        return [InputFile(name, path, problem=f"cannot list the folder ({error}; check its permissions)")]
    if path.is_symlink():
        return [InputFile(name, path, skip=_link_reason(root, path))]
    if not path.is_file():
        return [InputFile(name, path, skip="not a regular file (a pipe, socket or device): not read")]
    return _expand(path, name, limits)


def _link_reason(root: Path, link: Path) -> str:
    """Why a symbolic link is not followed, saying where it points.

    No link is followed, wherever it points: one to outside the input folder would let a folder
    someone else prepared put any file the user can read into the outputs, and one inside points
    at something the walk converts under its own name anyway.
    """
    target = Path(os.path.realpath(link))
    if not target.exists():
        return f"a dangling symbolic link (to {os.readlink(link)}): not followed"
    if not target.is_relative_to(root.resolve()):
        return f"a symbolic link to {target}, outside the input folder: not followed"
    return "a symbolic link within the input folder: not followed (its target is converted under its own name)"


def _expand(path: Path, name: str, limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """A file as inputs: itself, or each member of an archive.

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
    except PermissionError:
        return [InputFile(name=name, path=path, problem="cannot be read (permission denied; check its permissions)")]
    except (zipfile.BadZipFile, OSError) as exc:
        return [InputFile(name=name, path=path, problem=f"not a readable .zip archive ({exc})")]
    items: list[tuple[InputFile, zipfile.ZipInfo]] = []
    seen: Counter[str] = Counter()
    for info in members:
        seen[info.filename] += 1
        item = _member(path, name, info, accepted, seen[info.filename])
        if item is not None:
            items.append((item, info))
    # The members to unpack, judged by size in order (the archive's total refuses the later ones).
    problems = iter(_over_limits([info for item, info in items if item.member is not None], limits))
    return [replace(item, problem=next(problems)) if item.member is not None else item for item, _ in items]


def _member(path: Path, name: str, info: zipfile.ZipInfo, accepted: frozenset[str], copy: int) -> InputFile | None:
    """One archive member as an input, a skipped one with the reason, or None for one passed over.

    Hidden members (``__MACOSX/._plan.pdf`` resource forks) and suffixes no reader takes are
    passed over, as in folders; everything else left out gets a record. ``copy`` counts the
    members of this name so far: an archive can hold one name twice, and only one can be read
    (zipfile opens the last), so the later ones are recorded under ``name (copy 2)``.
    """
    member = info.filename
    label = visible(f"{name}/{member}")
    if copy > 1:
        return InputFile(f"{label} (copy {copy})", path, skip="another member of the archive has the same name")
    if _unsafe_member(member):
        return InputFile(label, path, skip="an unsafe name in the archive (an absolute path or '..'): not unpacked")
    if _hidden_member(member):
        return None
    suffix = PurePosixPath(member).suffix.lower()
    if stat.S_ISLNK(info.external_attr >> 16):
        return InputFile(label, path, skip="a symbolic link inside the archive: not followed")
    if suffix == ".zip":
        return InputFile(label, path, skip="an archive inside an archive is not opened: extract it, then convert it")
    if suffix not in accepted:
        return None
    return InputFile(name=label, path=path, member=member)


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


def _unsafe_member(member: str) -> bool:
    """Whether a member's name would lead outside the output folder if mirrored ("zip slip").

    An archive may hold ``../../x.pdf`` or ``/etc/x.pdf``; archives made on Windows may spell
    them with backslashes or a drive letter.

    >>> _unsafe_member("khgd/kế-hoạch-2021.pdf"), _unsafe_member("../kế-hoạch.pdf"), _unsafe_member("C:/x.pdf")
    (False, True, True)
    """
    unified = member.replace("\\", "/")
    parts = PurePosixPath(unified).parts
    return not parts or unified.startswith("/") or ".." in parts or re.match(r"[A-Za-z]:", unified) is not None


def _hidden_member(member: str) -> bool:
    """Whether a member is hidden, like the ``__MACOSX/._plan.pdf`` resource forks macOS adds.

    >>> _hidden_member("khgd/kế-hoạch-2021.pdf"), _hidden_member("__MACOSX/._a.pdf"), _hidden_member("a/.DS_Store")
    (False, True, True)
    """
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(member).parts)


def materialize(item: InputFile, work_dir: Path) -> Path:
    """A path an extractor can open: the file itself, or the member copied into ``work_dir``.

    Each copy gets a name of its own, as an archive may hold the same file twice.
    """
    if item.member is None:
        return item.path
    work_dir.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="member-", suffix=item.suffix, dir=work_dir)  # outdir.MEMBER_PREFIX
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
