"""Right text kept right: words ``clean()`` changes in text that was right as read.

    .venv/bin/python benchmarks/kept_right.py            # about 20 s
    .venv/bin/python benchmarks/kept_right.py --show 40  # list the changes, commonest first

Two inputs, each handed to ``clean()`` as a scan's page whose every word the engine read with
one confidence (96, above the 90 that makes a word sure, and 80, below it), so that the rules
for OCR'd text all apply:

- ``held-out lines``: the true lines of ``restore.py``'s test rows (the administrative prose
  and the legal prose of every topic, ``../shared/corpus``, test split), 20 lines to a page.
  A change is a right word made wrong, or a misprint of the reference corrected (the corpus
  has some: ``câp``, ``quyển``); ``--show`` lists them to tell which.
- ``names``: 84 Vietnamese given names in 8 sentences (``Bà Nguyễn Thị {} phụ trách chung``,
  ``Em {} đạt giải nhất``, ``Giao đồng chí {} chủ trì thực hiện`` ...), one to a page: every
  change is a name made wrong.

Prints, per input and confidence, how many words (names) there are and how many ``clean()``
changed. Needs ``../shared/corpus`` for the first input.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from ocr_pairs import prose_lines  # noqa: E402

from viplan_ocr.document import Document, Line, Page, PageSource, Word  # noqa: E402
from viplan_ocr.normalize import clean  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CONFIDENCES = (96.0, 80.0)
NAMES = (
    "An Anh Bảo Bình Châu Chi Cường Dũng Dương Đức Giang Hà Hải Hân Hằng Hạnh Hiền Hiếu Hoa Hòa "
    "Hoàng Hồng Huệ Hùng Hương Hường Huy Khánh Khoa Lan Linh Loan Long Mai Minh My Nam Ngân Nga "
    "Ngọc Nhung Oanh Phong Phúc Phương Quân Quang Quyên Sơn Tâm Tân Thắng Thanh Thảo Thu Thủy "
    "Tiến Toàn Trâm Trân Trang Trung Tú Tuấn Tùng Uyên Vân Việt Vinh Xuân Yến Đông Lê Tô Kiên "
    "Liên Thông Tiên Thân Cân Khâm Chiên Sâm Lực"
).split()
FRAMES = (
    "Bà Nguyễn Thị {} phụ trách chung",
    "Ông Lê Văn {} làm tổ trưởng",
    "Giao đồng chí {} chủ trì thực hiện",
    "Đồng chí {} và các thành viên",
    "Cô {} dạy môn văn",
    "Thầy {} hướng dẫn học sinh",
    "Em {} đạt giải nhất",
    "{} phụ trách tổ chức",
)


def scan(lines: list[str], confidence: float) -> Document:
    """A one-page scan of ``lines``, every word read with ``confidence``."""
    made = tuple(Line(text, tuple(Word(word, confidence) for word in text.split())) for text in lines)
    return Document("scan.pdf", (Page(1, PageSource.OCR, made, dpi=300),))


def changes(lines: list[str], confidence: float) -> tuple[int, Counter[tuple[str, str]]]:
    """How many words ``lines`` hold, and what ``clean()`` changed in them (word runs, as read
    and as written), aligned word by word over the page."""
    read = " ".join(lines).split()
    written = clean(scan(lines, confidence)).text.split()
    found: Counter[tuple[str, str]] = Counter()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=read, b=written, autojunk=False).get_opcodes():
        if tag != "equal":
            found[(" ".join(read[i1:i2]), " ".join(written[j1:j2]))] += 1
    return len(read), found


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="list this many changes per row")
    args = parser.parse_args(argv)
    rows = []
    lines = prose_lines(CORPUS, "test", 400) + prose_lines(CORPUS, "test", 400, topics=None)
    sentences = [frame.format(name) for name in NAMES for frame in FRAMES]
    for confidence in CONFIDENCES:
        words, found = 0, Counter()
        for start in range(0, len(lines), 20):
            n, page = changes(lines[start : start + 20], confidence)
            words, found = words + n, found + page
        rows.append(("held-out lines", confidence, f"{words:,} words", sum(found.values()), found))
        found = Counter()
        for sentence in sentences:
            found += changes([sentence], confidence)[1]
        rows.append(("names", confidence, f"{len(sentences):,} names", sum(found.values()), found))
    print("| input | read at | size | changed |\n|---|---:|---:|---:|")
    for name, confidence, size, changed, _ in rows:
        print(f"| {name} | {confidence:.0f} | {size} | {changed} |")
    for name, confidence, _, _, found in rows:
        if args.show and found:
            print(f"\n{name}, read at {confidence:.0f}:")
            for (before, after), n in found.most_common(args.show):
                print(f"    {n} x {before!r} -> {after!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
