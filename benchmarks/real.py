"""Real archives: the batch on ``../shared/real/docs``, scored field by field, and good text kept good.

Prints three things:

1. the score of ``viplan-ocr batch`` on the real documents of ``../shared/real/docs`` against
   their human gold readings (``../shared/tools/score-real``: how many documents get each field
   of the header, the signature, the recipients, the top-level sections and the targets right);
2. the batch's pages per minute (wall clock, with the machine's load average beside it);
3. how many syllables the Vietnamese engine read *right* that cleaning turns *wrong*, per 2,000,
   on the held-out lines read by ``tesseract -l vie`` from degraded scans
   (``benchmarks/data/test-400-vie.jsonl``, made by ``benchmarks/restore.py``), against the
   references as printed and with their known misprints corrected
   (``benchmarks/data/test-400-vie-errata.json``: ``kinh đoanh``, ``tư vân``...).

The real documents are a development set: the same scorer is run on other documents of the same
kinds that are never seen here, so fix mechanisms, never single documents.

Usage::

    .venv/bin/python benchmarks/real.py [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

from viplan_ocr import clean
from viplan_ocr.document import Document, Line, Page, PageSource, Word
from viplan_ocr.vietnamese.syllables import place_tone

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
SCORER = ROOT.parent / "shared" / "tools" / "score-real"
VIE_LINES = ROOT / "benchmarks" / "data" / "test-400-vie.jsonl"
ERRATA = ROOT / "benchmarks" / "data" / "test-400-vie-errata.json"
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def run_batch(out: Path, jobs: int) -> tuple[float, str]:
    """Convert the real documents; the wall-clock seconds and the batch's last line."""
    command = [
        str(Path(sys.executable).parent / "viplan-ocr"),
        "batch",
        str(REAL / "docs"),
        str(out),
        "--jobs",
        str(jobs),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    lines = (done.stdout + done.stderr).strip().splitlines()
    summary = " / ".join(line for line in lines if " pages in " in line or " converted" in line)
    return seconds, summary


def right_turned_wrong(confidences: bool) -> dict[str, tuple[list[str], int]]:
    """Syllables the engine read right that ``clean()`` turned wrong (each in its context), and
    syllables scored: against the references as printed (``"printed"``) and with their known
    misprints corrected (``"corrected"``, :func:`errata`).

    With ``confidences``, each line is cleaned as extraction hands it over: an OCR page whose
    words carry the engine's confidences (a word read at 90 or more is only suggested a change);
    without, as bare text. The reference is the text the lines were rendered from, misspellings
    and cut-off last words included: as printed, a fix of ``kinh đoanh`` counts as a right
    syllable turned wrong, which is why the list is printed and the errata are kept apart.
    """
    fixes = errata()
    out: dict[str, tuple[list[str], int]] = {"printed": ([], 0), "corrected": ([], 0)}
    for number, row in enumerate(vie_rows()):
        read = [place_tone(w) for w in _WORD.findall(row["ocr"])]
        source = _ocr_document(row["words"]) if confidences else row["ocr"]
        cleaned = [place_tone(w) for w in _WORD.findall(clean(source).text if confidences else clean(source))]
        corrected = row["truth"]
        for printed, reads in fixes.get(number, ()):
            if printed not in corrected:
                raise RuntimeError(f"erratum {printed!r} not found in reference line {number}")
            corrected = corrected.replace(printed, reads)
        for key, reference in (("printed", row["truth"]), ("corrected", corrected)):
            truth = [place_tone(w) for w in _WORD.findall(reference)]
            turned, total = out[key]
            for index in sorted(_right(truth, read) - _right(truth, cleaned)):
                context = " ".join(truth[max(0, index - 3) : index + 3])
                turned.append(f"{truth[index]!r} in '{context}'")
            out[key] = (turned, total + len(truth))
    return out


def errata() -> dict[int, list[tuple[str, str]]]:
    """The known misprints of the references (``test-400-vie-errata.json``), by line."""
    by_line: dict[int, list[tuple[str, str]]] = {}
    for entry in json.loads(ERRATA.read_text(encoding="utf-8"))["errata"]:
        by_line.setdefault(entry["line"], []).append((entry["printed"], entry["reads"]))
    return by_line


def vie_rows() -> list[dict]:
    """The held-out ``vie`` lines, with the engine's words and confidences.

    The words are read again, from the same renderings (same seeds, batches of 50, as
    ``benchmarks/restore.py`` made them), the first time they are needed, and kept in the file.
    """
    rows = [json.loads(line) for line in VIE_LINES.read_text(encoding="utf-8").splitlines()]
    if all("words" in row for row in rows):
        return rows
    sys.path.insert(0, str(ROOT / "scripts"))
    from ocr_pairs import ocr_words

    for start in range(0, len(rows), 50):
        batch = rows[start : start + 50]
        for row, words in zip(batch, ocr_words([r["truth"] for r in batch], "vie", True, start), strict=True):
            if " ".join(text for text, _ in words) != row["ocr"]:
                raise RuntimeError(f"the engine reads line {start} differently now: {row['ocr']!r}")
            row["words"] = words
    VIE_LINES.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return rows


def _ocr_document(words: list[list]) -> Document:
    """One OCR'd line as extraction gives it to cleaning: its words with their confidences."""
    line = Line(" ".join(text for text, _ in words), tuple(Word(text, confidence) for text, confidence in words))
    return Document(path="line", pages=(Page(1, PageSource.OCR, (line,)),))


def _right(truth: list[str], words: list[str]) -> set[int]:
    """The indexes of the truth's words that ``words`` has right, aligned by difflib."""
    matcher = difflib.SequenceMatcher(None, truth, words, autojunk=False)
    return {block.a + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def score_batch(keep: Path | None, jobs: int) -> None:
    """Run the batch on the real documents and print the scorer's table and the speed."""
    with tempfile.TemporaryDirectory(prefix="viplan-real-") as folder:
        out = keep or Path(folder) / "out"
        load = os.getloadavg()[0]
        seconds, last = run_batch(out, jobs)
        command = f"viplan-ocr batch {REAL / 'docs'} OUT --jobs {jobs}"
        print(f"{command}: {seconds:.1f} s wall clock, load average {load:.2f}")
        print(f"  {last}")
        print()
        score = subprocess.run(
            [sys.executable, str(SCORER), str(REAL / "gold"), str(out)], capture_output=True, text=True
        )
        for line in score.stdout.splitlines():
            print(line[:26])  # the field, right / scored and the share; the mismatches are long


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the batch's outputs here (default: a temporary folder)")
    parser.add_argument("--show", action="store_true", help="list each right syllable clean() turned wrong")
    parser.add_argument("--syllables-only", action="store_true", help="skip the batch; only count right syllables")
    args = parser.parse_args(argv)
    if not args.syllables_only:
        if not (REAL / "docs").is_dir():
            sys.exit(f"real benchmark: {REAL / 'docs'} not found (it needs ../shared beside the project)")
        score_batch(args.keep, args.jobs)
    if VIE_LINES.is_file():
        print()
        for confidences, how in ((True, "with the engine's word confidences"), (False, "as bare text")):
            scored = right_turned_wrong(confidences)
            for key, against in (("printed", "references as printed"), ("corrected", "misprints corrected")):
                turned, total = scored[key]
                print(
                    f"right syllables of `tesseract -l vie` turned wrong by clean(), {how}, {against}:"
                    f" {len(turned)} of {total} ({2000 * len(turned) / total:.2f} per 2,000)"
                )
                if args.show:
                    print("".join(f"    {example}\n" for example in turned), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
