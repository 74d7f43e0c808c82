"""Word 97-2003 ``.doc`` files, converted to ``.docx`` by LibreOffice running headless.

The old binary format is read through LibreOffice rather than a text dumper (antiword, catdoc)
because the font of every run must survive: a ``.VnTime`` run holds TCVN3 bytes, and only its
font says so. LibreOffice keeps fonts, tables and list numbering in the ``.docx`` it writes, which
:mod:`.docxfile` then reads like any other.

Each conversion gets its own LibreOffice profile in a temporary folder: two LibreOffice processes
sharing one profile (batch workers) block or fail, and a user's desktop LibreOffice is left alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from viplan_ocr.errors import CorruptFileError, MissingDependencyError

#: The Debian package that provides ``soffice`` without a desktop.
PACKAGE = "libreoffice-writer-nogui"
#: Seconds one conversion may take; a first run also creates its profile (a few seconds).
TIMEOUT = 180.0


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path, work: Path, *, timeout: float = TIMEOUT) -> Path:
    """Convert a ``.doc`` into ``work`` (a fresh temporary folder) and return the ``.docx``.

    The input is copied under a plain name first: LibreOffice names its output after the input,
    and a name with odd characters or a leading dash would be trouble on its command line.

    Raises:
        MissingDependencyError: LibreOffice is not installed.
        CorruptFileError: LibreOffice could not convert the file, or ran out of time.
    """
    program = soffice()
    if program is None:
        raise MissingDependencyError(
            "reading a Word 97-2003 .doc needs LibreOffice (soffice), which is not installed",
            path=path,
            hint=f"install it: apt-get install -y {PACKAGE}",
        )
    source = work / "input.doc"
    shutil.copyfile(path, source)
    command = [
        program,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work),
        str(source),
    ]
    env = {**os.environ, "HOME": str(work)}  # LibreOffice also writes under $HOME
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
    ) as process:
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice.bin runs as a child of the soffice script
            process.communicate()
            raise CorruptFileError(f"LibreOffice took over {timeout:.0f} s to convert it", path=path) from None
    converted = work / "input.docx"
    if not converted.is_file() or converted.stat().st_size == 0:
        said = [line for line in err.decode("utf-8", "replace").splitlines() if "javaldx" not in line]
        reason = said[-1].strip() if said else f"exit code {process.returncode}"
        raise CorruptFileError(f"not a readable Word document (LibreOffice could not convert it: {reason})", path=path)
    return converted


__all__ = ["PACKAGE", "TIMEOUT", "soffice", "to_docx"]
