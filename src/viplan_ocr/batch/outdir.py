"""The output folder: kept apart from the inputs, claimed by one run at a time, and only ours to delete.

A batch deletes and replaces files in OUT, so before it touches anything it makes sure that
doing so can never cost the user a file:

- inputs and outputs never overlap (:func:`check_apart`): OUT may not be IN, nor hold IN (as
  ``batch DIR/x.txt DIR`` did, overwriting ``x.txt`` with its cleaned text). OUT inside IN is
  allowed: the walk leaves it out, and every output lies inside it, so no output can land on an
  input;
- OUT is new, empty, or a folder an earlier run wrote (:func:`check_ours`): it holds the lock file
  or a ``manifest.jsonl``. Any other folder is refused, so outputs never replace a user's files
  that happen to share their names (an OUT inside IN that already held documents lost them so);
- one run at a time (:class:`OutputLock`): a second ``--resume`` on the same OUT converted
  everything twice and doubled the manifest's records;
- the work folder ``OUT/.work`` carries a marker file (:class:`WorkFolder`); one without it is
  someone else's and is never deleted, and from ours only what a run puts there is removed.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from viplan_ocr.errors import OutputAccessError, OutputBusyError, UsageError

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not locked there
    fcntl = None  # type: ignore[assignment]

#: The lock file: held (``flock``) while a run writes OUT; it also marks OUT as a batch's output.
LOCK_FILE = ".viplan-ocr.lock"
#: Files whose presence shows that viplan-ocr wrote a folder (the manifest, for older versions).
OWN_MARKS = (LOCK_FILE, "manifest.jsonl")
#: Where archive members are copied and workers keep temporary files; hidden, so never read as input.
WORK_DIR = ".work"
#: The file that shows the work folder is ours.
WORK_MARK = ".viplan-ocr-work"
#: Prefix of the copies of archive members in the work folder.
MEMBER_PREFIX = "member-"
#: The workers' temporary folder inside the work folder (Tesseract's page images, LibreOffice profiles).
TEMP_DIR = "tmp"


def check_apart(in_path: Path, out_dir: Path) -> None:
    """Refuse an output folder that is the input or holds it: outputs could overwrite inputs.

    Compared by the folders' identity on disk (device and inode), not by their names, so that a
    link, a bind mount or a case-insensitive file system cannot hide that they are the same.
    """
    if not in_path.exists() or not out_dir.exists():
        return
    target = os.stat(out_dir)
    for folder in (in_path.resolve(), *in_path.resolve().parents):
        here = os.stat(folder)
        if (here.st_dev, here.st_ino) == (target.st_dev, target.st_ino):
            what = "is the input itself" if folder == in_path.resolve() else f"holds the input {in_path}"
            raise UsageError(
                f"the output folder {out_dir} {what}: outputs would overwrite inputs; "
                "choose an output folder outside the input"
            )


def check_ours(out_dir: Path) -> None:
    """Refuse an existing, non-empty output folder no batch wrote: its files are not ours to replace."""
    if not out_dir.is_dir() or any((out_dir / mark).is_file() for mark in OWN_MARKS):
        return
    try:
        entries = sorted(entry.name for entry in os.scandir(out_dir))
    except OSError as exc:
        raise OutputAccessError(f"cannot read the output folder ({exc.strerror})", path=out_dir) from exc
    if entries:
        raise UsageError(
            f"the output folder {out_dir} already holds files viplan-ocr did not write ({entries[0]}, ...); "
            "choose a new or empty folder"
        )


class OutputLock:
    """An exclusive ``flock`` on ``OUT/.viplan-ocr.lock`` for the length of a run.

    The kernel releases it when the process ends, however it ends (``kill -9`` too), so a lock
    is never left stale. While held, the file holds the owner's pid, for the message a second run
    prints; it is emptied on release.
    Opening it is also the first write into OUT, so a read-only OUT is reported here.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / LOCK_FILE
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            raise OutputAccessError(f"cannot write in the output folder ({exc.strerror})", path=self.out_dir) from exc
        try:
            self._claim(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def _claim(self, fd: int) -> None:
        """Take the lock and write our pid; OutputBusyError naming the holder when it is taken."""
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise OutputBusyError(
                    f"{self.out_dir} is busy (another viplan-ocr batch is writing it, pid {_holder(fd)})"
                ) from exc
            except OSError as exc:  # a file system without locks (ENOLCK): run unlocked, as before
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP):
                    raise OutputAccessError(f"cannot lock ({exc.strerror})", path=self.path) from exc
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            raise OutputAccessError(f"cannot write ({exc.strerror})", path=self.path) from exc

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.ftruncate(fd, 0)  # no pid once nobody holds it; the file stays, as the folder's mark
            except OSError:
                pass
            os.close(fd)  # releases the flock


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote, or "unknown" when it has not written it yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


class WorkFolder:
    """``OUT/.work``: archive members being converted and the workers' temporary files.

    Made with a marker file; a ``.work`` without one was not made by us and stops the run
    instead of being deleted (it was once removed with everything in it, without a word).
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / WORK_DIR

    @property
    def temp(self) -> Path:
        """The workers' temporary folder (``tempfile.tempdir`` while they run a unit of work)."""
        return self.path / TEMP_DIR

    def open(self) -> WorkFolder:
        """Clear what a killed run left, then make the folder with its marker."""
        if self.path.is_symlink() or (self.path.exists() and not (self.path / WORK_MARK).is_file()):
            raise UsageError(
                f"{self.path} exists but viplan-ocr did not make it (it has no {WORK_MARK}); nothing was deleted: "
                "move it away, or choose another output folder"
            )
        self.clear()
        try:
            self.temp.mkdir(parents=True, exist_ok=True)
            (self.path / WORK_MARK).write_text("made by viplan-ocr batch; removed when the run ends\n")
        except OSError as exc:
            raise OutputAccessError(f"cannot write ({exc.strerror})", path=self.path) from exc
        return self

    def clear(self) -> None:
        """Remove what runs put here: member copies, the temporary folder, the marker, then the folder.

        Anything else found inside is left, and so is the folder holding it.
        """
        if not (self.path / WORK_MARK).is_file():
            return
        shutil.rmtree(self.temp, ignore_errors=True)
        try:
            for entry in self.path.glob(f"{MEMBER_PREFIX}*"):
                if entry.is_file() and not entry.is_symlink():
                    entry.unlink(missing_ok=True)
            if {entry.name for entry in self.path.iterdir()} == {WORK_MARK}:
                (self.path / WORK_MARK).unlink(missing_ok=True)
                self.path.rmdir()
        except OSError:  # clearing is tidying: the next run tries again, and it must not hide a real error
            pass


__all__ = ["LOCK_FILE", "WORK_DIR", "OutputLock", "WorkFolder", "check_apart", "check_ours"]
