"""Errors a user can cause, each with a stable exit code and a hint saying what to do.

The library raises these; only :func:`viplan_ocr.cli.run_guarded` turns them into exit codes,
so the codes below are a stable interface (documented in the README). Each subclass sets its
``exit_code`` explicitly instead of inheriting it, so that moving a class in the hierarchy never
silently changes the code a script sees (OCRmyPDF issue #1551).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes of the ``viplan-ocr`` command."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    INPUT_FILE = 3
    MISSING_DEPENDENCY = 4
    ENCODING = 5
    NO_PLAN = 6
    PARTIAL = 7
    OUTPUT_ACCESS = 8
    OUTPUT_BUSY = 9
    OUT_OF_MEMORY = 10
    INTERRUPTED = 130


class ViplanError(Exception):
    """Base of every error a user can cause (bad file, missing program), never a bug."""

    exit_code: ExitCode = ExitCode.INTERNAL
    hint: str = ""

    def __init__(self, message: str, *, path: str | Path | None = None, hint: str | None = None) -> None:
        self.path = None if path is None else str(path)
        self.reason = message
        if hint is not None:
            self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        # The message as it is now: callers name the file after raising (``exc.path = ...``),
        # and str() must show it, as the message built once in __init__ did not.
        return self.message

    @property
    def message(self) -> str:
        """One line: the file, what is wrong with it and, when we know, what to do."""
        text = f"{self.path}: {self.reason}" if self.path else self.reason
        return f"{text} ({self.hint})" if self.hint else text


class UsageError(ViplanError):
    """Arguments that do not make sense together."""

    exit_code = ExitCode.USAGE


class ExtractError(ViplanError):
    """An input file cannot be read: every cause has its own subclass."""

    exit_code = ExitCode.INPUT_FILE


class FileMissingError(ExtractError):
    """The path does not exist or is not a file."""

    exit_code = ExitCode.INPUT_FILE
    hint = "check the path"


class NotAFileError(ExtractError):
    """A folder given where one file is expected: ``extract``, ``clean`` and ``parse`` read one file.

    Said as such, not as "no such file", which sent users looking for a typo in a path that exists.
    """

    exit_code = ExitCode.INPUT_FILE
    hint = "give one file, or convert the whole folder with: viplan-ocr batch FOLDER OUT"


class UnreadableFileError(ExtractError):
    """A file the operating system refuses to open (its permissions), not a damaged one."""

    exit_code = ExitCode.INPUT_FILE
    hint = "check the file's permissions (chmod +r)"


class UnsupportedFormatError(ExtractError):
    """Not a PDF, image or text file we know how to read (for example a legacy ``.doc``)."""

    exit_code = ExitCode.INPUT_FILE
    hint = "convert it to PDF first, e.g. libreoffice --headless --convert-to pdf FILE"


class CorruptFileError(ExtractError):
    """A PDF or image whose bytes are damaged or truncated."""

    exit_code = ExitCode.INPUT_FILE
    hint = "the file is damaged or truncated; get a fresh copy"


class TruncatedFileError(ExtractError):
    """A PDF that stops before its end-of-file marker: an interrupted download or copy."""

    exit_code = ExitCode.INPUT_FILE
    hint = "the file is cut short (an interrupted download or copy?); get a complete copy"


class EncryptedFileError(ExtractError):
    """A password-protected PDF."""

    exit_code = ExitCode.INPUT_FILE
    hint = "remove the password first, e.g. qpdf --decrypt --password=... IN OUT"


class EmptyDocumentError(ExtractError):
    """A PDF with zero pages, or a file with nothing in it."""

    exit_code = ExitCode.INPUT_FILE
    hint = "the file holds no pages or no text"


class UnreadableImageError(ExtractError):
    """An image Pillow cannot decode."""

    exit_code = ExitCode.INPUT_FILE
    hint = "the image is damaged or in an unsupported format"


class ImageTooLargeError(ExtractError):
    """An image so large that decoding it could exhaust memory (a decompression bomb)."""

    exit_code = ExitCode.INPUT_FILE

    def __init__(self, message: str, *, path: str | Path | None = None, hint: str | None = None) -> None:
        if hint is None:  # the limit is read from the constant the check uses, so the two never disagree
            from viplan_ocr.extract.image import MAX_PIXELS

            hint = f"downscale it below {MAX_PIXELS // 1_000_000} megapixels (300 dpi is plenty for OCR)"
        super().__init__(message, path=path, hint=hint)


class LimitExceededError(ExtractError):
    """An input asking for more than a resource limit allows (:mod:`viplan_ocr.limits`): too
    many pages or frames, a page too large to render, too much text, an archive bomb."""

    exit_code = ExitCode.INPUT_FILE
    hint = "raise the limit in viplan_ocr.limits.Limits if the input is genuine"


class EncodingError(ExtractError):
    """Text whose character encoding could not be identified."""

    exit_code = ExitCode.ENCODING
    hint = "save the file as UTF-8"


class MissingDependencyError(ViplanError):
    """Tesseract or its Vietnamese language data is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY
    hint = "install it: apt-get install -y tesseract-ocr tesseract-ocr-vie"


class TesseractMissingError(MissingDependencyError):
    """The ``tesseract`` program itself cannot be run."""

    exit_code = ExitCode.MISSING_DEPENDENCY
    hint = "install it: apt-get install -y tesseract-ocr tesseract-ocr-vie"


class LanguageDataMissingError(MissingDependencyError):
    """Tesseract runs but lacks the language data asked for (``vie`` by default)."""

    exit_code = ExitCode.MISSING_DEPENDENCY
    hint = "install it: apt-get install -y tesseract-ocr-vie"


class OutputAccessError(ViplanError):
    """The output folder or file cannot be written."""

    exit_code = ExitCode.OUTPUT_ACCESS
    hint = "check the output path and its permissions"


class OutputBusyError(ViplanError):
    """Another ``viplan-ocr batch`` holds the output folder's lock.

    Two runs writing one folder convert everything twice and interleave their manifest records;
    the second one stops instead, with its own code so that a script can wait and retry.
    """

    exit_code = ExitCode.OUTPUT_BUSY
    hint = "wait for it to finish, or choose another output folder"


class OutOfMemoryError(ViplanError):
    """The machine ran out of memory: not a bug, and not the file's fault either."""

    exit_code = ExitCode.OUT_OF_MEMORY
    hint = "close other programs, use fewer --jobs, or convert the file on a machine with more memory"
