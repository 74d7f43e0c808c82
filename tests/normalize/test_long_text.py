"""Cleaning a long text: memory flat in its length, and the same result as cleaning it whole.

A 1 MB text once took 71 s and 8.9 GB, a 5 MB one died asking numpy for 5.8 GiB: the restorer
built the candidate lattice of the whole document at once. ``benchmarks/long_text.py`` measures
1, 5 and 20 MB; these tests keep the mechanism honest in a few seconds.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import viplan_ocr
from viplan_ocr.normalize import clean, pieces, restore

#: Run in a fresh process, so that its peak resident memory is the cleaning's own. The windows
#: are made small, so that a text of a few hundred kilobytes crosses many of them.
PROBE = """
import json, resource, sys, time
from viplan_ocr import normalize
from viplan_ocr.lexicon import model
from viplan_ocr.normalize import clean, restore
from viplan_ocr.vietnamese.syllables import strip_accents
normalize.PIECE_CHARS, restore.WINDOW_PAIRS = 60_000, 20_000
base = strip_accents(open(sys.argv[1], encoding="utf-8").read())
text = (base + "\\n\\n") * (int(sys.argv[2]) // len(base) + 1)
model(), clean(base)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
cleaned = clean(text)
print(json.dumps({"chars": len(text), "cpu": time.process_time() - started,
                  "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


@pytest.mark.slow
def test_cleaning_a_long_text_keeps_memory_flat(seeds, tmp_path):
    """300 KB of accent-less plan: the whole-document lattice grew memory by 110 MB here (and
    linearly on, to gigabytes); in pieces and windows it grows by about 20 MB."""
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(viplan_ocr.__file__).parents[1])}
    run = subprocess.run(
        [sys.executable, probe, seeds["clean"], "300000"], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["chars"] >= 300_000
    assert figures["grew_mb"] < 60, figures
    assert figures["cpu"] < 30, figures  # linear: about 8 s a megabyte on one core


def test_windows_cut_between_lines_and_change_nothing(seeds):
    """Decoding in many small windows gives the very choices and confidences of one window."""
    text = seeds["ocr"].read_text(encoding="utf-8")
    whole = clean(text, explain=True)
    small = restore.WINDOW_PAIRS
    try:
        restore.WINDOW_PAIRS = 40
        windowed = clean(text, explain=True)
    finally:
        restore.WINDOW_PAIRS = small
    assert windowed.text == whole.text and windowed.changes == whole.changes


def test_windows_are_bounded(seeds):
    lattice = []
    from viplan_ocr.normalize import channel
    from viplan_ocr.vietnamese.tokens import BOS, EOS

    for line in seeds["ocr"].read_text(encoding="utf-8").split("\n")[:80]:
        slots = restore._slots(line, channel.ACCENTED)
        if slots:
            lattice += [(channel.fixed(BOS),), *(s.candidates for s in slots), (channel.fixed(EOS),)]
    cuts = restore.windows(lattice, budget=50)
    assert len(cuts) > 5 and cuts[0][0] == 0 and cuts[-1][1] == len(lattice)
    for (_, end), (start, _) in itertools.pairwise(cuts):
        assert start == end - 2  # each window starts on the previous one's last </s> and <s>
    assert restore.decode(lattice) == restore._decode_window(lattice)


def test_pieces_cut_at_paragraphs_and_rejoin_exactly(seeds):
    text = seeds["clean"].read_text(encoding="utf-8") * 5
    cut = pieces(text, size=3000)
    assert len(cut) > 5 and all(len(piece) <= 3000 for piece, _ in cut)
    assert "".join(piece + separator for piece, separator in cut) == text
    assert {separator for _, separator in cut[:-1]} <= {"\n\n", "\n"}
