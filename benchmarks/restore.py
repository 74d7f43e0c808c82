"""Restoration benchmark: syllable accuracy and speed on held-out text, against pyvi.

Usage::

    python benchmarks/restore.py [--split test|dev] [--lines 400] [--rows stripped,eng,vie]

Rows (each on prose lines of held-out *administrative* documents, education ones first; see
``lexicons/README.md`` for the split):

- ``stripped``: the true line with every diacritic removed.
- ``eng``: the true line rendered to an image and read by ``tesseract -l eng`` (the damage of
  ``../shared/seeds/004_…``).
- ``vie``: the same rendered as a degraded scan and read by ``tesseract -l vie``.
- ``seed004``: ``../shared/seeds/004_…`` (a real plan as a scanner and an English engine left
  it), through the whole ``clean()``, against ``tests/cases/seed-004-transcription.txt``: a
  careful reading of it, which allows both forms where the damaged text cannot decide
  (``hàng|hằng năm``, ``tại|tới``, ``lí|lý``); two developers' independent readings of the
  plan agreed on all but three words, and those three are the allowed alternatives.

Accuracy is ``viplan_ocr.evaluate.score_lines``: the share of true syllables (words with a
letter) that the output has exactly, aligned with ``difflib`` so that OCR's split or merged
words count as wrong but do not shift everything after them; a word missing from or added to the
output counts as a mistake too. Tone placement (``hoá``/``hóa``) is a configured convention and
is not counted. Speed is syllables per CPU second (one core;
CPU time, because the machines this runs on are shared) of the restore step alone, after the
model is loaded (its load time is printed too) and after one pass over the other split has
warmed the per-word candidate cache, as in a batch run; the ``seed004`` row times the whole
``clean()`` (line repair included). OCR results
are cached in ``benchmarks/data/`` so that reruns take seconds. ``dev`` is the split to tune on;
the figures in the README are from ``test``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from ocr_pairs import ocr_lines, prose_lines  # noqa: E402

from viplan_ocr.evaluate import score_lines  # noqa: E402
from viplan_ocr.lexicon import model  # noqa: E402
from viplan_ocr.normalize import CleanConfig, clean  # noqa: E402
from viplan_ocr.normalize.restore import restore  # noqa: E402
from viplan_ocr.vietnamese.syllables import strip_accents  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_004 = ROOT.parent / "shared" / "seeds" / "004_87102d6727cbe06f.txt"
REFERENCE_004 = ROOT / "tests" / "cases" / "seed-004-transcription.txt"


def cached_ocr(lines: list[str], lang: str, degraded: bool, key: str) -> list[str]:
    """OCR of ``lines`` (rendered), from ``benchmarks/data/`` when it was done before."""
    cache = DATA / f"{key}-{lang}.jsonl"
    if cache.exists():
        pairs = [json.loads(row) for row in cache.read_text(encoding="utf-8").splitlines()]
        if [p["truth"] for p in pairs] == lines:
            return [p["ocr"] for p in pairs]
    out = []
    for start in range(0, len(lines), 50):
        out.extend(ocr_lines(lines[start : start + 50], lang, degraded=degraded, seed=start))
    DATA.mkdir(parents=True, exist_ok=True)
    cache.write_text(
        "".join(json.dumps({"truth": t, "ocr": o}, ensure_ascii=False) + "\n" for t, o in zip(lines, out, strict=True)),
        encoding="utf-8",
    )
    return out


def accuracy(outputs: list[str], truths: list[str]) -> float:
    """Share of true syllables the outputs have exactly (``viplan_ocr.evaluate.score_lines``)."""
    return score_lines(outputs, truths).accuracy


def run_ours(inputs: list[str], whole: bool = False) -> tuple[list[str], float]:
    """Restore the lines as one document (or, ``whole``, clean each text); return the outputs
    and the syllables per second."""
    config = CleanConfig()
    started = time.process_time()
    if whole:
        outputs = [clean(text, config=config) for text in inputs]
    else:  # the lines as one document, as a user would pass them
        outputs = restore("\n".join(inputs), config)[0].split("\n")
    elapsed = time.process_time() - started
    syllables = sum(len(line.split()) for line in inputs)
    return outputs, syllables / elapsed


def run_pyvi(inputs: list[str]) -> tuple[list[str], float, int]:
    """pyvi's add_accents on every line; a line it crashes on is counted as returned unchanged.

    A whole document (seed 004) is given to it line by line, which it crashes on less.
    """
    try:
        from pyvi import ViUtils
    except ImportError:
        return inputs, float("nan"), -1
    crashes = 0
    outputs = []
    started = time.perf_counter()
    for text in inputs:
        lines = []
        for line in text.split("\n"):
            try:
                lines.append(str(ViUtils.add_accents(line)) if line.strip() else line)
            except Exception:
                crashes += 1
                lines.append(line)
        outputs.append("\n".join(lines))
    elapsed = time.perf_counter() - started
    return outputs, sum(len(line.split()) for line in inputs) / elapsed, crashes


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--lines", type=int, default=400)
    parser.add_argument("--rows", default="stripped,eng,vie,seed004")
    parser.add_argument("--no-pyvi", action="store_true", help="skip the pyvi baseline")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong lines per row")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    model()
    load = time.perf_counter() - started
    truths = prose_lines(CORPUS, args.split, args.lines)
    warm_up = prose_lines(CORPUS, "dev" if args.split == "test" else "test", args.lines)
    restore(strip_accents("\n".join(warm_up)), CleanConfig())
    key = f"{args.split}-{len(truths)}"
    makers: dict[str, Callable[[], list[str]]] = {
        "stripped": lambda: [strip_accents(t) for t in truths],
        "eng": lambda: cached_ocr(truths, "eng", False, key),
        "vie": lambda: cached_ocr(truths, "vie", True, key),
        "seed004": lambda: [SEED_004.read_text(encoding="utf-8")],
    }
    print(f"{len(truths)} held-out lines ({args.split} split), {sum(len(t.split()) for t in truths)} syllables;")
    print(f"model load {load:.2f} s\n")
    print("| row | input as is | viplan-ocr | syll/s | pyvi | pyvi syll/s | pyvi crashes |")
    print("|---|---|---|---|---|---|---|")
    for row in args.rows.split(","):
        inputs = makers[row]()
        rows_truth = [REFERENCE_004.read_text(encoding="utf-8")] if row == "seed004" else truths
        ours, speed = run_ours(inputs, whole=row == "seed004")
        if args.no_pyvi:
            theirs, their_speed, crashes = inputs, float("nan"), -1
        else:
            theirs, their_speed, crashes = run_pyvi(inputs)
        print(
            f"| {row} | {accuracy(inputs, rows_truth):.1%} | {accuracy(ours, rows_truth):.2%} | {speed:,.0f} "
            f"| {accuracy(theirs, rows_truth):.1%} | {their_speed:,.0f} | {crashes} |"
        )
        shown = 0
        for source, out, truth in zip(inputs, ours, rows_truth, strict=True):
            if shown >= args.errors or accuracy([out], [truth]) == 1.0:
                continue
            shown += 1
            print(f"    IN   {source}\n    OUT  {out}\n    TRUE {truth}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
