"""Restoration benchmark: syllable accuracy and speed on held-out text, against pyvi.

Usage::

    python benchmarks/restore.py [--split test|dev] [--lines 400] [--rows stripped,legal,eng,vie,harsh,seed004]

Rows (each on prose lines of held-out *administrative* documents, education ones first; see
``lexicons/README.md`` for the split):

- ``stripped``: the true line with every diacritic removed.
- ``legal``: the same, on prose lines of *every* held-out legal document, whatever its topic
  (laws, decrees, circulars on tax, land, health ...): the issue's "legal prose" row.
- ``eng``: the true line rendered to an image and read by ``tesseract -l eng`` (the damage of
  ``../shared/seeds/004_…``).
- ``vie``: the same rendered as a degraded scan and read by ``tesseract -l vie``.
- ``harsh``: the same scan copied again (about 125 dpi, blurred more, toner faded to grey, more
  dust; ``scripts/ocr_pairs.degrade``), read by ``tesseract -l vie``: the Vietnamese engine's
  damage at its worst, junk at line ends and non-words included. Each line goes through the
  whole ``clean()`` as extraction hands a scan's line over (its words with the engine's
  confidences, ``document_of``): specks glued between words are the noise step's, and a word
  the engine was sure of is kept as the real-archives rule says.
- ``seed004``: ``../shared/seeds/004_…`` (a real plan as a scanner and an English engine left
  it), through the whole ``clean()``, against ``tests/cases/seed-004-transcription.txt``: a
  careful reading of it, which allows both forms where the damaged text cannot decide
  (``hàng|hằng năm``, ``tại|tới``, ``lí|lý``); two developers' independent readings of the
  plan agreed on all but three words, and those three are the allowed alternatives.

Accuracy is ``viplan_ocr.evaluate.score_lines``: the share of true syllables (words with a
letter) that the output has exactly, aligned with ``difflib`` so that OCR's split or merged
words count as wrong but do not shift everything after them; a word missing from or added to the
output counts as a mistake too. Tone placement (``hoá``/``hóa``) is a configured convention and
is not counted. Speed is CPU seconds per 1,000 syllables (one core; CPU time, because the
machines this runs on are shared) of the restore step alone (the ``harsh`` and ``seed004`` rows:
the whole ``clean()``, line repair included), the model load excluded (its CPU time is printed once), two
ways:

- ``first call``: in a fresh process (``python benchmarks/restore.py --first-call FILE``), as a
  user's first ``clean()`` meets it: every per-word cache empty and the channel's tables built
  on the way;
- ``warm``: in this process, after one pass over the other split has filled the per-word
  candidate caches, as in a long batch run.

pyvi's ``add_accents`` is timed the same way as the warm figure (CPU time, after its import).
OCR results are cached in ``benchmarks/data/`` so that reruns take seconds. ``dev`` is the split
to tune on; the figures in the README are from ``test``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from ocr_pairs import ocr_words, prose_lines  # noqa: E402

from viplan_ocr.document import Document, Line, Page, PageSource, Word  # noqa: E402
from viplan_ocr.evaluate import character_error_rate, score_lines  # noqa: E402
from viplan_ocr.lexicon import model  # noqa: E402
from viplan_ocr.normalize import CleanConfig, clean  # noqa: E402
from viplan_ocr.normalize.restore import restore  # noqa: E402
from viplan_ocr.vietnamese.syllables import strip_accents  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_004 = ROOT.parent / "shared" / "seeds" / "004_87102d6727cbe06f.txt"
REFERENCE_004 = ROOT / "tests" / "cases" / "seed-004-transcription.txt"


Words = list[tuple[str, float]]


def cached_ocr(lines: list[str], lang: str, degraded: bool, key: str, harsh: bool = False) -> list[str]:
    """OCR of ``lines`` (rendered), as text, from ``benchmarks/data/`` when it was done before."""
    cache = DATA / f"{key}-{lang}{'-harsh' if harsh else ''}.jsonl"
    pairs = [json.loads(row) for row in cache.read_text(encoding="utf-8").splitlines()] if cache.exists() else []
    if [p["truth"] for p in pairs] == lines:
        return [p["ocr"] for p in pairs]
    return [text_of(words) for words in cached_words(lines, lang, degraded, key, harsh)]


def cached_words(lines: list[str], lang: str, degraded: bool, key: str, harsh: bool = False) -> list[Words]:
    """OCR of ``lines`` (rendered): each line's words with the engine's confidences, from
    ``benchmarks/data/`` when it was done before (a cache of text alone gets its words read
    again from the same renderings, which must give the same text)."""
    cache = DATA / f"{key}-{lang}{'-harsh' if harsh else ''}.jsonl"
    pairs = [json.loads(row) for row in cache.read_text(encoding="utf-8").splitlines()] if cache.exists() else []
    if [p["truth"] for p in pairs] == lines and all("words" in p for p in pairs):
        return [[(text, confidence) for text, confidence in p["words"]] for p in pairs]
    out: list[Words] = []
    for start in range(0, len(lines), 50):
        out.extend(ocr_words(lines[start : start + 50], lang, degraded=degraded, seed=start, harsh=harsh))
    if pairs and [p["truth"] for p in pairs] == lines and [p["ocr"] for p in pairs] != [text_of(w) for w in out]:
        raise RuntimeError(f"{cache.name}: the engine reads the renderings differently now")
    DATA.mkdir(parents=True, exist_ok=True)
    cache.write_text(
        "".join(
            json.dumps({"truth": t, "ocr": text_of(words), "words": words}, ensure_ascii=False) + "\n"
            for t, words in zip(lines, out, strict=True)
        ),
        encoding="utf-8",
    )
    return out


def text_of(words: Words) -> str:
    """A line as the engine read it: its words, a space apart."""
    return " ".join(text for text, _ in words)


def document_of(words: Words) -> Document:
    """A line as extraction gives it to cleaning: its OCR words with their confidences."""
    line = Line(text_of(words), tuple(Word(text, confidence) for text, confidence in words))
    return Document(path="line", pages=(Page(1, PageSource.OCR, (line,)),))


def accuracy(outputs: list[str], truths: list[str]) -> float:
    """Share of true syllables the outputs have exactly (``viplan_ocr.evaluate.score_lines``)."""
    return score_lines(outputs, truths).accuracy


def syllables(inputs: list[str]) -> int:
    """Whitespace-separated tokens of the input, the unit of the speed figures."""
    return sum(len(line.split()) for line in inputs)


#: How a row is run: its lines restored as one text (the ``restore`` step alone), each text
#: cleaned whole, or each line's OCR words cleaned as an extracted document.
HOWS = ("restore", "clean", "documents")


def run_ours(inputs: list, how: str = "restore") -> tuple[list[str], float]:
    """Run the row's inputs as ``how`` says (:data:`HOWS`); return the output texts and the CPU
    seconds per 1,000 syllables."""
    config = CleanConfig()
    started = time.process_time()
    if how == "documents":  # as extraction hands a scan's lines over: words and confidences
        outputs = [" ".join(clean(document_of(words), config=config).text.split()) for words in inputs]
    elif how == "clean":
        outputs = [clean(text, config=config) for text in inputs]
    else:  # the lines as one document, as a user would pass them
        outputs = restore("\n".join(inputs), config)[0].split("\n")
    elapsed = time.process_time() - started
    texts = [text_of(words) for words in inputs] if how == "documents" else inputs
    return outputs, 1000 * elapsed / syllables(texts)


def first_call(inputs: list, how: str) -> tuple[float, float]:
    """CPU seconds of the model load and of ``run_ours`` per 1,000 syllables, in a fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump({"inputs": inputs, "how": how}, handle, ensure_ascii=False)
    try:
        command = [sys.executable, __file__, "--first-call", handle.name]
        found = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    finally:
        os.unlink(handle.name)
    return found["load"], found["per_1000"]


def first_call_here(path: str) -> int:
    """The fresh process of :func:`first_call`: load the model, restore once, print the CPU times."""
    job = json.loads(Path(path).read_text(encoding="utf-8"))
    started = time.process_time()
    model()
    load = time.process_time() - started
    _, per_1000 = run_ours(job["inputs"], how=job["how"])
    print(json.dumps({"load": load, "per_1000": per_1000}))
    return 0


def run_pyvi(inputs: list[str]) -> tuple[list[str], float, int]:
    """pyvi's add_accents on every line, and its CPU seconds per 1,000 syllables; a line it
    crashes on is counted as returned unchanged.

    A whole document (seed 004) is given to it line by line, which it crashes on less.
    """
    try:
        from pyvi import ViUtils
    except ImportError:
        return inputs, float("nan"), -1
    crashes = 0
    outputs = []
    started = time.process_time()
    for text in inputs:
        lines = []
        for line in text.split("\n"):
            try:
                lines.append(str(ViUtils.add_accents(line)) if line.strip() else line)
            except Exception:
                crashes += 1
                lines.append(line)
        outputs.append("\n".join(lines))
    elapsed = time.process_time() - started
    return outputs, 1000 * elapsed / syllables(inputs), crashes


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--lines", type=int, default=400)
    parser.add_argument("--rows", default="stripped,legal,eng,vie,harsh,seed004")
    parser.add_argument("--no-pyvi", action="store_true", help="skip the pyvi baseline")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong lines per row")
    parser.add_argument("--first-call", metavar="FILE", help=argparse.SUPPRESS)  # the fresh process of first_call
    args = parser.parse_args(argv)
    if args.first_call:
        return first_call_here(args.first_call)

    load_before = os.getloadavg()
    started = time.process_time()
    model()
    load = time.process_time() - started
    truths = prose_lines(CORPUS, args.split, args.lines)
    legal_truths = prose_lines(CORPUS, args.split, args.lines, topics=None)
    warm_up = prose_lines(CORPUS, "dev" if args.split == "test" else "test", args.lines)
    restore(strip_accents("\n".join(warm_up)), CleanConfig())
    key = f"{args.split}-{len(truths)}"
    makers: dict[str, Callable[[], list]] = {
        "stripped": lambda: [strip_accents(t) for t in truths],
        "legal": lambda: [strip_accents(t) for t in legal_truths],
        "eng": lambda: cached_ocr(truths, "eng", False, key),
        "vie": lambda: cached_ocr(truths, "vie", True, key),
        "harsh": lambda: cached_words(truths, "vie", True, key, harsh=True),
        "seed004": lambda: [SEED_004.read_text(encoding="utf-8")],
    }
    hows = {"harsh": "documents", "seed004": "clean"}
    lines = []
    first_loads = []
    for row in args.rows.split(","):
        how = hows.get(row, "restore")
        made = makers[row]()
        inputs = [text_of(words) for words in made] if how == "documents" else made
        rows_truth = {"seed004": [REFERENCE_004.read_text(encoding="utf-8")], "legal": legal_truths}.get(row, truths)
        first_load, first = first_call(made, how)
        first_loads.append(first_load)
        ours, warm = run_ours(made, how)
        if args.no_pyvi:
            theirs, their_speed, crashes = inputs, float("nan"), -1
        else:
            theirs, their_speed, crashes = run_pyvi(inputs)
        if row == "seed004":  # its reading allows alternatives (``hàng|hằng``): no character count
            errors = "- | - | -"
        else:
            before, after = character_error_rate(inputs, rows_truth), character_error_rate(ours, rows_truth)
            errors = f"{before:.2%} | {after:.2%} | {(after - before) / before:+.0%}" if before else "- | - | -"
        lines.append(
            f"| {row} | {syllables(inputs):,} | {accuracy(inputs, rows_truth):.1%} | {accuracy(ours, rows_truth):.2%} "
            f"| {errors} | {first:.3f} | {warm:.3f} | {accuracy(theirs, rows_truth):.1%} | {their_speed:.3f} "
            f"| {crashes} |"
        )
        shown = 0
        for source, out, truth in zip(inputs, ours, rows_truth, strict=True):
            if shown >= args.errors or accuracy([out], [truth]) == 1.0:
                continue
            shown += 1
            print(f"    IN   {source}\n    OUT  {out}\n    TRUE {truth}", file=sys.stderr)
    load_after = os.getloadavg()
    before, after = (" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    print(f"{len(truths)} held-out lines ({args.split} split), {syllables(truths):,} syllables;")
    print(f"model load {load:.2f} CPU s here, {min(first_loads):.2f}-{max(first_loads):.2f} in the fresh processes;")
    print(f"load average (1, 5, 15 min): {before} before, {after} after; {os.cpu_count()} cores\n")
    print("first call, warm, pyvi CPU: CPU seconds per 1,000 syllables (input tokens), model load excluded\n")
    print("syllables right as is and after; CER (character error rate) as is, after and its change\n")
    print(
        "| row | syllables | as is | viplan-ocr | CER as is | CER after | change | first call | warm | pyvi"
        " | pyvi CPU | pyvi crashes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
