"""Real pages: syllable error rate of the OCR path and of ``clean()`` on real documents' pages.

    nice .venv/bin/python benchmarks/real_pages.py            # 13 pages x 2 conditions: about 2 minutes
    nice .venv/bin/python benchmarks/real_pages.py --show     # also list each right syllable clean() turned wrong

Issue 11 asks for the syllable error rate of the output on real pages (raw ``tesseract -l vie``:
13.8%) and for how many right syllables cleaning turns wrong. We have no human transcription of
the real scans in ``../shared/real/docs``, but four of its documents are born-digital PDFs whose
text layer is the exact text of the page (Word and Aspose exports, checked with pdfplumber: NFC
Unicode Vietnamese, no junk OCR layer, not only an e-signature stamp). Their pages have real
layouts, fonts, bold and italic headings, two-column headers, tables, seals and signatures; their
text layers are the transcriptions. These are *renderings* of real pages, not scans: the scan
benchmarks are ``benchmarks/ocr.py`` (synthetic pages) and ``benchmarks/real.py`` (the real
scans, scored field by field).

Each page (at most ``--max-pages`` per document; the run prints the cap) is rendered with pdfium
as a scanner would see it, in two conditions:

- ``300 dpi grey``: a clean 300 dpi greyscale rendering;
- ``150 dpi scan``: the same page damaged like the office scans of ``benchmarks/ocr.py``
  (:func:`viplan_ocr.extract.synthetic.degrade`: 0.9 px blur, grey noise 10, a 1° skew,
  resampled to 150 dpi, JPEG quality 50; seeded by file name and page, so reruns are identical).

Annotations and form fields are not drawn (the e-office number and day of these files live in
signature widgets, which the text layer does not hold either). Each image is saved as a PNG and
read by ``viplan_ocr.extract`` exactly as the CLI reads an image file (preprocessing, Tesseract
``vie``, the layout-aware line order); that Document's text is ``raw``; ``clean()`` of the
Document (so the engine's word confidences count, as in the pipeline) is ``cleaned``.

Reference: pdfplumber's ``extract_text()`` of the page, NFC. The project's own text-layer
reading is not used for it, as it adds the signature fields' digits (``Số: 355``) that the
rendering does not show.

Syllable error rate (SER): tokens are whitespace-separated, with punctuation stripped from both
ends (``tỉnh;`` -> ``tỉnh``, ``115/2020/NĐ-CP`` stays one token; tokens of punctuation only are
dropped), tone placement normalised (``hoá`` = ``hóa``, as ``benchmarks/real.py`` does); SER is the
word-level Levenshtein distance (substitutions + insertions + deletions, rapidfuzz) between the
reference and the output token sequences over the number of reference tokens, summed over
pages. Case counts; the case-insensitive figures are printed under the table. **Reading order
counts**: the reference is in pdfplumber's order, which reads a two-column header line by line
across both columns (``SỞ GIÁO DỤC ... CỘNG HÒA XÃ HỘI ...``). The OCR path mostly does the same
(it joins the two columns of a line with a wide gap), but where it places a block elsewhere (a
wrapped line of the left header, a signer's title beside a seal, list numbers it reads as a
column of their own) each displaced word costs a deletion and an insertion. The columns ``any
order`` give the share no reordering can remove (the larger side of the multiset difference of
the tokens: a lower bound of the SER whatever the order).

Right turned wrong: reference tokens the raw text has right and the cleaned text has wrong, each
aligned to the reference with difflib as ``benchmarks/real.py`` does, per 2,000 reference
tokens; ``wrong -> right`` counts the opposite. The reference keeps the document's own typos
(``Đào tào``, ``Trương ương``, ``HDND``): a correction of one counts as a right syllable turned
wrong, which is why ``--show`` lists them with their context.

CPU seconds are this process's and its children's (Tesseract runs as a child, one thread), for
the OCR path (rendering and damage excluded) and for ``clean()``.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

import pdfplumber
import pypdfium2
import regex
from PIL import Image
from rapidfuzz.distance import Levenshtein

from viplan_ocr import clean, extract
from viplan_ocr.extract import synthetic
from viplan_ocr.vietnamese.syllables import is_syllable, place_tone

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "real" / "docs"
#: The born-digital PDFs of ``../shared/real/docs`` whose text layer is the page's exact text.
#: Left out: the scans (no layer, or an e-signature stamp only), the scan under a junk OCR layer
#: (``dng_..._scan-badocrlayer``) and the VNI textbook (``legacy_vni-textpdf_...``: 8-bit glyphs).
PDFS = (
    "qng_tb565-2024_ket-luan_textlayer.pdf",
    "textpdf_sgddt-dongthap_2026_bc355-xet-thang-hang-cdnn.pdf",
    "textpdf_thpt-caolanh2_2026_kh58-sinh-hoat-chuyen-mon-lich-su_signed.pdf",
    "textpdf_thpt-phuocbuu_2025_kh230-cuoc-thi-startup.pdf",
)
#: Condition -> (resolution, damage); the damage is the office scan of benchmarks/ocr.py.
CONDITIONS: dict[str, tuple[int, synthetic.Damage | None]] = {
    "300 dpi grey": (300, None),
    "150 dpi scan": (150, synthetic.Damage(blur=0.9, noise=10.0, skew=1.0, dpi=150, jpeg_quality=50)),
}
_EDGE = regex.compile(r"^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$")
_LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_LINE_HYPHEN = regex.compile(r"(?<=[\p{L}\p{N}]-)[ \t]*\n\s*(?=[\p{L}\p{N}])")


def syllables(text: str, *, fold_case: bool = False) -> list[str]:
    r"""The text's tokens: split on whitespace, punctuation stripped from both ends, tone placed
    one way; tokens of punctuation only dropped. A hyphen that ends a line inside a code or a
    range joins it back (``186/KH-`` then ``UBND``: Vietnamese never hyphenates a syllable).

    >>> syllables("Số: 58/KH-THPT  (Uỷ ban) - hoà;\nsố 186/KH-\nUBND")
    ['Số', '58/KH-THPT', 'Ủy', 'ban', 'hòa', 'số', '186/KH-UBND']
    """
    tokens = []
    for piece in _LINE_HYPHEN.sub("", unicodedata.normalize("NFC", text)).split():
        token = _EDGE.sub("", piece)
        if token:
            token = place_tone(token) if _LETTERS.fullmatch(token) else token
            tokens.append(token.casefold() if fold_case else token)
    return tokens


def errors(truth: list[str], words: list[str]) -> int:
    """Substitutions, insertions and deletions that turn ``truth`` into ``words`` (token level).

    >>> errors(["Kế", "hoạch", "năm", "học"], ["Kê", "hoạch", "học", "mới"])
    3
    """
    return Levenshtein.distance(truth, words)


def unordered_errors(truth: list[str], words: list[str]) -> int:
    """The errors no reordering can remove: the larger side of the two tokens' multiset difference.

    >>> unordered_errors(["a", "b", "c"], ["c", "a", "b"]), unordered_errors(["a", "b"], ["a", "x", "y"])
    (0, 2)
    """
    have, want = Counter(words), Counter(truth)
    return max(sum((want - have).values()), sum((have - want).values()))


def right(truth: list[str], words: list[str]) -> set[int]:
    """The indexes of the truth's tokens that ``words`` has right, aligned by difflib (as
    ``benchmarks/real.py``'s ``_right``)."""
    matcher = difflib.SequenceMatcher(None, truth, words, autojunk=False)
    return {block.a + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def counterpart(truth: list[str], words: list[str], index: int) -> str:
    """What ``words`` has where the truth has token ``index`` (empty when it was dropped)."""
    matcher = difflib.SequenceMatcher(None, truth, words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= index < i2:
            if tag == "replace" and i2 - i1 == j2 - j1:
                return words[j1 + index - i1]
            return " ".join(words[j1:j2])
    return ""


def real_text_layer(text: str) -> str | None:
    """Why a page's text layer cannot serve as its transcription, or None when it can.

    It needs 30 lowercase words or more (not a blank page, not a signature stamp), four in five
    of them spelt as Vietnamese syllables (a VNI or TCVN3 layer gives ``cuûa``, ``moät``) and
    half of them with a letter outside ASCII (a junk OCR layer gives ``Kinh grri``, ``huyen``).
    """
    words = [w for w in _LETTERS.findall(unicodedata.normalize("NFC", text)) if w.islower()]
    if len(words) < 30:
        return f"{len(words)} lowercase words in the text layer"
    spelt = sum(is_syllable(w) for w in words) / len(words)
    accented = sum(not w.isascii() for w in words) / len(words)
    if spelt < 0.8 or accented < 0.5:
        return f"not Unicode Vietnamese ({spelt:.0%} of its words are syllables, {accented:.0%} accented)"
    return None


def render(path: Path, number: int) -> Image.Image:
    """Page ``number`` (1-based) at 300 dpi, grey, without annotations or form fields."""
    document = pypdfium2.PdfDocument(path)
    try:
        bitmap = document[number - 1].render(scale=300 / 72, grayscale=True, draw_annots=False, may_draw_forms=False)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class Turned:
    """A right syllable made wrong by clean(), with where and around what."""

    where: str
    truth: str
    cleaned: str
    context: str


@dataclass
class Score:
    """One condition's sums over its pages (and each document's, for the breakdown)."""

    pages: int = 0
    tokens: int = 0
    raw: int = 0
    cleaned: int = 0
    raw_any_order: int = 0
    cleaned_any_order: int = 0
    raw_folded: int = 0
    cleaned_folded: int = 0
    fixed: int = 0
    ocr_seconds: float = 0.0
    clean_seconds: float = 0.0
    turned: list[Turned] = field(default_factory=list)
    worse: list[str] = field(default_factory=list)  # pages where clean() raised the error count

    def add(self, other: Score) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def score_page(reference: str, raw: str, cleaned: str, where: str) -> Score:
    """The errors of the raw and the cleaned text of one page against its reference."""
    truth, read, out = syllables(reference), syllables(raw), syllables(cleaned)
    folded = [syllables(text, fold_case=True) for text in (reference, raw, cleaned)]
    right_read, right_cleaned = right(truth, read), right(truth, out)
    raw_errors, cleaned_errors = errors(truth, read), errors(truth, out)
    turned = [
        Turned(where, truth[i], counterpart(truth, out, i), " ".join(truth[max(0, i - 4) : i + 4]))
        for i in sorted(right_read - right_cleaned)
    ]
    return Score(
        pages=1,
        tokens=len(truth),
        raw=raw_errors,
        cleaned=cleaned_errors,
        raw_any_order=unordered_errors(truth, read),
        cleaned_any_order=unordered_errors(truth, out),
        raw_folded=errors(folded[0], folded[1]),
        cleaned_folded=errors(folded[0], folded[2]),
        fixed=len(right_cleaned - right_read),
        turned=turned,
        worse=[f"{where} ({raw_errors} -> {cleaned_errors} of {len(truth)})"] if cleaned_errors > raw_errors else [],
    )


def read_page(image: Image.Image, dpi: int, folder: Path) -> tuple[str, str, float, float]:
    """The OCR path's raw text and cleaned text of a page image, and the CPU seconds of each."""
    path = folder / "page.png"
    image.save(path, dpi=(dpi, dpi))
    started = cpu_seconds()
    document = extract(path)
    read = cpu_seconds()
    cleaned = clean(document)
    done = cpu_seconds()
    return document.text, cleaned.text, read - started, done - read


def pages_of(max_pages: int) -> tuple[list[tuple[str, int, str]], list[str]]:
    """(file, page, reference) of each page measured, and the pages left out, with why."""
    pages, skipped = [], []
    for name in PDFS:
        with pdfplumber.open(DOCS / name) as pdf:
            for page in pdf.pages:
                text = unicodedata.normalize("NFC", page.extract_text() or "")
                why = real_text_layer(text)
                if why:
                    skipped.append(f"{name} p{page.page_number}: {why}")
                elif sum(1 for file, _, _ in pages if file == name) < max_pages:
                    pages.append((name, page.page_number, text))
                else:
                    skipped.append(f"{name} p{page.page_number}: over the cap")
    return pages, skipped


def run(max_pages: int, conditions: list[str], keep: Path | None) -> dict[str, dict[str, Score]]:
    """Each condition's scores, by document."""
    pages, skipped = pages_of(max_pages)
    print(f"pages per document: at most {max_pages} (--max-pages); {len(pages)} pages of {len(PDFS)} documents")
    for line in skipped:
        print(f"  left out: {line}")
    scores: dict[str, dict[str, Score]] = {name: {} for name in conditions}
    with tempfile.TemporaryDirectory(prefix="viplan-real-pages-") as folder:
        for name, number, reference in pages:
            clean_render = render(DOCS / name, number)
            for condition in conditions:
                dpi, damage = CONDITIONS[condition]
                seed = zlib.crc32(f"{name}:{number}".encode())
                image = synthetic.degrade(clean_render, damage, seed=seed) if damage else clean_render
                raw, cleaned, ocr_seconds, clean_seconds = read_page(image, dpi, Path(folder))
                where = f"{name[:24]} p{number}"
                page = score_page(reference, raw, cleaned, where)
                page.ocr_seconds, page.clean_seconds = ocr_seconds, clean_seconds
                scores[condition].setdefault(name, Score()).add(page)
                if keep:
                    stem = keep / f"{Path(name).stem}_p{number}_{condition.replace(' ', '-')}"
                    keep.mkdir(parents=True, exist_ok=True)
                    image.save(f"{stem}.png", dpi=(dpi, dpi))
                    for suffix, text in ((".ref.txt", reference), (".raw.txt", raw), (".clean.txt", cleaned)):
                        Path(f"{stem}{suffix}").write_text(text, encoding="utf-8")
            print(f"  {name} p{number}: done", file=sys.stderr)
    return scores


def total(by_document: dict[str, Score]) -> Score:
    out = Score()
    for score in by_document.values():
        out.add(score)
    return out


def table(scores: dict[str, dict[str, Score]]) -> str:
    lines = [
        "| condition | pages | reference syllables | raw SER | cleaned SER | change | any order: raw / cleaned"
        " | right→wrong (per 2,000) | wrong→right | CPU s: OCR + clean |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for condition, by_document in scores.items():
        s = total(by_document)
        lines.append(
            f"| {condition} | {s.pages} | {s.tokens:,} | {s.raw / s.tokens:.2%} | {s.cleaned / s.tokens:.2%}"
            f" | {(s.cleaned - s.raw) / s.raw:+.1%} | {s.raw_any_order / s.tokens:.2%} / "
            f"{s.cleaned_any_order / s.tokens:.2%} | {len(s.turned)} ({2000 * len(s.turned) / s.tokens:.2f})"
            f" | {s.fixed} | {s.ocr_seconds:.1f} + {s.clean_seconds:.1f} |"
        )
    return "\n".join(lines)


def by_document_table(scores: dict[str, dict[str, Score]]) -> str:
    lines = [
        "| condition | document | pages | syllables | raw SER | cleaned SER | any order: raw / cleaned | right→wrong |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for condition, by_document in scores.items():
        for name, s in by_document.items():
            lines.append(
                f"| {condition} | {name[:40]} | {s.pages} | {s.tokens:,} | {s.raw / s.tokens:.2%}"
                f" | {s.cleaned / s.tokens:.2%} | {s.raw_any_order / s.tokens:.2%} / "
                f"{s.cleaned_any_order / s.tokens:.2%} | {len(s.turned)} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-pages", type=int, default=6, help="pages per document at most (default 6: all)")
    parser.add_argument("--condition", nargs="+", choices=list(CONDITIONS), default=list(CONDITIONS))
    parser.add_argument("--show", action="store_true", help="list each right syllable clean() turned wrong")
    parser.add_argument("--by-document", action="store_true", help="also print each document's figures")
    parser.add_argument("--keep", type=Path, help="write each page image, reference, raw and cleaned text here")
    args = parser.parse_args(argv)
    if not DOCS.is_dir():
        sys.exit(f"real pages benchmark: {DOCS} not found (it needs ../shared beside the project)")
    scores = run(args.max_pages, args.condition, args.keep)
    print()
    print(table(scores))
    print()
    for condition, by_document in scores.items():
        s = total(by_document)
        print(
            f"{condition}, case ignored: raw {s.raw_folded / s.tokens:.2%}, cleaned {s.cleaned_folded / s.tokens:.2%}"
        )
    for condition, by_document in scores.items():
        worse = total(by_document).worse
        print(f"{condition}, pages where clean() raised the error count: {'; '.join(worse) or 'none'}")
    if args.by_document:
        print()
        print(by_document_table(scores))
    if args.show:
        for condition, by_document in scores.items():
            turned = total(by_document).turned
            print(f"\n{condition}: right syllables turned wrong by clean(): {len(turned)}")
            for t in turned:
                print(f"    {t.where}: {t.truth!r} -> {t.cleaned!r} in '{t.context}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
