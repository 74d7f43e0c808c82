"""Shared fixtures: where the samples and seeds are, and three ways to run the command.

The tool runs in-process through ``cli.main`` (fast, returns the exit code) and as a real
subprocess (what a user's shell sees: console script, stdout/stderr, exit status).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CLEAN_SEED = SEEDS / "000_94527fe15baa4dce.txt"
OCR_SEED = SEEDS / "004_87102d6727cbe06f.txt"


@dataclass
class CliResult:
    """What a run of ``viplan-ocr`` produced."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``viplan-ocr ARGS`` in-process and return its exit code and output."""
    from viplan_ocr.cli import main

    def run(*args: str) -> CliResult:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's --help and usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def run_cli_subprocess(
    *args: str, stdin: str | None = None, cwd: Path | None = None, timeout: float = 600
) -> CliResult:
    """Run ``python -m viplan_ocr ARGS`` as a real process, as a user's shell would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "viplan_ocr", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli_subprocess():
    """The subprocess runner as a fixture."""
    return run_cli_subprocess


@pytest.fixture(scope="session")
def load_script() -> Iterator[Callable[[str], ModuleType]]:
    """Import a script of the repository (``benchmarks/real_pages.py``) as a module, for the
    tests of its pieces. It is registered in ``sys.modules`` under its file's stem while the
    session runs (a script's dataclasses look their module up there), and removed after."""
    loaded: list[str] = []

    def load(relative: str) -> ModuleType:
        path = ROOT / relative
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        loaded.append(spec.name)
        spec.loader.exec_module(module)
        return module

    yield load
    for name in loaded:
        sys.modules.pop(name, None)


@pytest.fixture(scope="session")
def seeds() -> dict[str, Path]:
    """The two seed plans from ../shared/seeds (CI has ../shared beside the clone)."""
    if not CLEAN_SEED.exists():
        pytest.fail(f"missing {CLEAN_SEED}: tests need ../shared beside the project")
    return {"clean": CLEAN_SEED, "ocr": OCR_SEED}


@dataclass
class FakeEngine:
    """An OCR engine that reads every image as the same known words, and records what it was given.

    It stands in for Tesseract where OCR itself is not the point (page routing, assembly,
    settings reaching the engine), so those tests are exact and fast. A landscape image reads
    with low confidence and is reported turned by 90 degrees, like a sideways portrait page.
    """

    name: str = "fake"
    words: tuple[str, ...] = ("Kế", "hoạch", "số", "12/KH-UBND")
    confidence: float = 91.0
    sideways_confidence: float = 20.0
    seen: list[tuple[tuple[int, int], str, int | None]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def check(self, lang: str) -> None:
        from viplan_ocr.errors import LanguageDataMissingError

        if lang != "vie":
            raise LanguageDataMissingError(f"the fake engine has no {lang!r} language data")

    def read(self, image, *, lang: str, dpi: int | None = None, layout: str = "page"):
        from viplan_ocr.document import Line, Word

        self.seen.append((image.size, lang, dpi))
        confidence = self.sideways_confidence if image.width > image.height else self.confidence
        words = tuple(Word(text, confidence, (100 + 150 * i, 100, 120, 40)) for i, text in enumerate(self.words))
        return (Line(self.text, words, block=0, box=(100, 100, 150 * len(words) - 30, 40)),)

    def read_line(self, image, *, lang: str, characters: str | None = None):
        """The known words as one line, those made of ``characters`` only when given."""
        line = self.read(image, lang=lang)[0]
        return tuple(w for w in line.words if not characters or set(w.text) <= set(characters))

    def orientation(self, image) -> int:
        return 90 if image.width > image.height else 0


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """A :class:`FakeEngine` registered as ``fake`` for the test (in this process only)."""
    from viplan_ocr.extract.engine import ENGINES

    engine = FakeEngine()
    monkeypatch.setitem(ENGINES, engine.name, engine)
    return engine
