"""Legacy fonts in Word files: how well TCVN3, VNI and VISCII runs decode, and Unicode runs survive.

    PYTHONPATH=src .venv/bin/python benchmarks/legacy_word.py               # about a minute
    PYTHONPATH=src .venv/bin/python benchmarks/legacy_word.py --keep /tmp/lw  # keep the files
    PYTHONPATH=src .venv/bin/python benchmarks/legacy_word.py --words 200    # list more words

The open check asks that a real TCVN3 ``.doc`` decode to readable Unicode (CER at most 1%
against a human reading) and that the Unicode runs of a mixed file be left unchanged. No human
reading of a real TCVN3 ``.doc`` exists, so this measures it two ways.

**1. Round trip through real ``.doc`` files.** A fixed, seeded sample of paragraphs of held-out
administrative text (``../shared/corpus/legal``, documents of the ``test`` split of
``viplan_ocr.lexicon.split_of``; capitals headings, document numbers such as ``342/KH-SGDĐT``,
figures, quotes and dashes, prose) is written into ``.docx`` files with python-docx, one per
condition, the runs encoded as an office would have typed them:

- ``tcvn3``: ``.VnTime`` (TCVN3 as the ABC fonts have it, VN3: no toned capitals), a heading in
  capitals in ``.VnTimeH`` (the capitals font: lowercase codes, drawn as capitals), and a toned
  capital inside ordinary text (``Ủy``) as a one-letter ``.VnTimeH`` run, as VN3 typists did;
- ``vni``: ``VNI-Times``;
- ``viscii``: a font named ``VISCII``. Six capitals sit on C0 control codes that a Word file
  cannot hold (``Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ``): those stay Unicode in the run, and the run counts them;
- ``unicode``: Unicode text in legacy-named fonts (``.VnTime``, ``VNI-Times``, ``VISCII``,
  ``.VnArial``; headings in ``.VnTimeH``), which must come back unchanged;
- ``mixed``: each paragraph cut at word boundaries into runs of Unicode (``Times New Roman``),
  Unicode in a legacy-named font, TCVN3 and VNI, in a seeded order. Two neighbouring runs never
  share a font: runs of one font are judged together (Word splits a word at every change of
  bold), so a Unicode run and a TCVN3 run in the same ``.VnTime`` font side by side cannot be
  told apart, and that case is not what is measured here.

What Word stores for a legacy font's byte is the character Windows-1252 gives it: bytes 0xA0-0xFF
are Latin-1, 0x80-0x9F the Windows-1252 punctuation (``’`` ``–``), which is how the benchmark
writes them too (VISCII's capitals there; the five bytes Windows-1252 leaves undefined as C1
controls). Text's own quotes and dashes are kept as Unicode characters in every run, as Word's
autocorrect types them into any font.

The encoders are not the project's: TCVN3 (TCVN 5712:1993) and VISCII come from the system's
``iconv`` (glibc's ``TCVN5712-1`` and ``VISCII`` converters), so the codec is not checked against
itself. No independent VNI converter is installed or on PyPI as far as the package lists show,
so VNI is encoded with a table written here from the VNI Windows chart (a base letter then a
mark byte; ``ơ ư đ`` and the toned ``i``, ``ỵ`` single bytes), separately from
``viplan_ocr.extract.legacy``.

Each ``.docx`` is converted to a Word 97-2003 ``.doc`` with LibreOffice (``soffice --headless
--convert-to doc``, a private profile), and both files are read back with ``viplan_ocr.extract``,
the path a user takes (a ``.doc`` is converted back to ``.docx`` by LibreOffice inside). Each
paragraph is one line of the page; the reference and the line are compared with whitespace runs
as one space. For every run kind the table gives the CER (character edits / reference characters,
rapidfuzz's Levenshtein, each edit charged to the run it falls in) and the share of runs read back
exactly (no edit inside the run). The page's source and encodings are printed too.

**2. The real mixed file** ``../shared/real/docs/legacy_vni-partial_vatly11-tom-tat.doc`` (a
grade-11 physics summary with VNI, TCVN3 and Unicode runs; skipped when ``../shared/real`` is
absent). It is read as a user's ``.doc`` is (LibreOffice, then the ``.docx`` reader), and its
legacy-font runs are decoded as ``viplan_ocr.extract.wordtext.decode_para`` decodes them, group by
group (consecutive runs of one font), so the decoded text of each encoding can be looked at apart.
Its words (letters only) are counted as Vietnamese syllables (``reads_as_syllable``: the strict
grammar, one tone mark, one of the three cases), or else words of the project's lexicon
(``lexicons/vocab.txt``: ``catôt``, ``êlectron``; in one of the three cases, so ``rÒ`` is no
``rò``), or else one-letter ASCII symbols (formula variables: ``F``, ``n``); what is left is
listed with counts. A word decoded wrong nearly always leaves a non-syllable, so the share left
is an upper bound on the decoding errors (but for a lone letter: a dash read as ``Ọ`` would pass
as a syllable); the list is for a person to read (the source's own typos are in it). Runs in a
legacy font left undecoded and holding characters beyond ASCII are listed as well, and the
groups in legacy-named fonts that hold Unicode letters are counted.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import regex
from docx import Document as WordDocument
from rapidfuzz.distance import Levenshtein

from viplan_ocr import extract
from viplan_ocr.extract import word
from viplan_ocr.extract.wordtext import Block, Para, decode_para, font_verdicts, legacy_font
from viplan_ocr.lexicon import model, split_of
from viplan_ocr.vietnamese.syllables import reads_as_syllable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LEGAL = SHARED / "corpus" / "legal"
REAL_DOC = SHARED / "real" / "docs" / "legacy_vni-partial_vatly11-tom-tat.doc"
SEED = 20261201
#: Paragraphs drawn per kind of content; 8 kinds of 5 make 40 paragraphs, about 20,000 characters.
PER_KIND = 5
_SYMBOL = regex.compile(r"\d+/(?:\d+/)?[\p{Lu}Đ]+-[\p{Lu}Đ]")
_QUOTE = regex.compile(r"[“”\"'‘’]")
_DASH = regex.compile(r"[–—]| - ")
_FIGURE = regex.compile(r"\d[.,]\d|\d\s*%")
_WORD = regex.compile(r"[\p{L}\p{M}]+")

# ---------------------------------------------------------------------------------------------
# Encoders, independent of viplan_ocr.extract.legacy


def _iconv_table(charset: str, letters: list[str]) -> dict[str, int]:
    """Unicode letter -> byte, as glibc's iconv encodes it (a published table, not ours)."""
    result = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", charset], input="\n".join(letters).encode(), capture_output=True, check=True
    )
    codes = result.stdout.split(b"\n")
    if len(codes) != len(letters):
        raise SystemExit(f"iconv {charset}: {len(codes)} codes for {len(letters)} letters")
    table = {}
    for letter, code in zip(letters, codes, strict=True):
        if len(code) != 1:
            raise SystemExit(f"iconv {charset} writes {letter!r} as {code!r}, not one byte")
        table[letter] = code[0]
    return table


def _vietnamese_letters() -> list[str]:
    """The 134 letters with a Vietnamese diacritic, built here from vowels and tones (NFC)."""
    lower = [
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
        if vowel not in "aeiouy" or tone
    ] + ["đ"]
    return lower + [letter.upper() for letter in lower]


#: VNI Windows: the mark byte after a base vowel, for (vowel mark, tone). The circumflex marks
#: carry the circumflex (``â`` + tone), the breve ones the breve; plain vowels take the tone alone.
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï", "": ""}
_VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
#: VNI's single bytes: ơ ư đ, the toned i, and ỵ (lowercase; the capital is the byte's capital).
_VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}


def _vni(letter: str) -> str:
    """How VNI types one letter, as the Windows-1252 characters Word stores."""
    lower = letter.lower()
    if lower in _VNI_SINGLE:
        out = _VNI_SINGLE[lower]
    else:
        base, *marks = unicodedata.normalize("NFD", lower)
        tone = next((m for m in marks if m in _VNI_TONE and m), "")
        if "\u031b" in marks:  # horn: ơ ư are single bytes, the tone follows alone
            out = _VNI_SINGLE["ơ" if base == "o" else "ư"] + _VNI_TONE[tone]
        elif "\u0302" in marks:
            out = base + _VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            out = base + _VNI_BREVE[tone]
        else:
            out = base + _VNI_TONE[tone]
    return out.upper() if letter.isupper() else out


def _stored(byte: int) -> str:
    """The character Word stores for a legacy font's byte: its Windows-1252 reading."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # one of the five bytes Windows-1252 leaves undefined


@dataclass
class Encoders:
    """Unicode -> a legacy font's stored characters, for each encoding."""

    tcvn3: dict[str, int]
    viscii: dict[str, int]

    @classmethod
    def build(cls) -> Encoders:
        if not shutil.which("iconv"):
            raise SystemExit("iconv (glibc) is needed for the independent TCVN3 and VISCII tables")
        letters = _vietnamese_letters()
        return cls(_iconv_table("TCVN5712-1", letters), _iconv_table("VISCII", letters))

    def vn3_capital(self, letter: str) -> bool:
        """Whether VN3 (.VnTime) lacks the letter: a toned capital, typed in the capitals font."""
        return letter in self.tcvn3 and letter.isupper() and letter not in "ĂÂÊÔƠƯĐ"

    def encode(self, text: str, encoding: str) -> tuple[str, int]:
        """The text as a legacy font stores it, and how many letters it could not hold."""
        out, lost = [], 0
        for char in text:
            if encoding == "vni":
                out.append(_vni(char) if char in self.tcvn3 else char)
                continue
            code = getattr(self, encoding).get(char)
            if code is None:
                out.append(char)
            elif code < 0x20:  # a C0 control: no Word file holds one
                out.append(char)
                lost += 1
            else:
                out.append(_stored(code))
        return "".join(out), lost


# ---------------------------------------------------------------------------------------------
# The sample


def _paragraphs(text: str) -> list[str]:
    """A document's paragraphs: blocks between blank lines, whitespace runs as one space."""
    blocks = regex.split(r"\n\s*\n", text)
    return [" ".join(block.split()).lstrip("*# ").strip() for block in blocks if block.strip()]


def _kind(paragraph: str) -> str:
    if _WORD.search(paragraph) and paragraph.upper() == paragraph and len(paragraph) <= 200:
        return "capitals"
    if _SYMBOL.search(paragraph):
        return "number"
    if _QUOTE.search(paragraph):
        return "quotes"
    if _DASH.search(paragraph):
        return "dashes"
    if _FIGURE.search(paragraph):
        return "figures"
    return "prose"


#: How many of each kind (prose fills the rest up to 8 x PER_KIND).
KINDS = {"capitals": 1, "number": 1, "quotes": 2, "dashes": 1, "figures": 1, "prose": 2}


def sample() -> list[str]:
    """A fixed, seeded sample of held-out paragraphs of varied content, about 20,000 characters."""
    pools: dict[str, list[str]] = {kind: [] for kind in KINDS}
    seen: set[str] = set()
    for path in sorted(LEGAL.glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            text = handle.read()
        for document in text.split("##### ")[1:]:
            source, _, body = document.partition("\n")
            if split_of(source.strip()) != "test":
                continue
            for paragraph in _paragraphs(body):
                kind = _kind(paragraph)
                shortest = 12 if kind == "capitals" else 350  # a heading is short; prose a plan's length
                if paragraph in seen or not shortest <= len(paragraph) <= 1200:
                    continue
                seen.add(paragraph)
                pools[kind].append(paragraph)
    rng = random.Random(SEED)
    chosen = []
    for kind, weight in KINDS.items():
        pool = pools[kind]
        chosen += rng.sample(pool, min(len(pool), weight * PER_KIND))
    rng.shuffle(chosen)
    return chosen


# ---------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True, slots=True)
class Piece:
    """One run as written: the stored text and font, the Unicode it stands for, its kind."""

    stored: str
    font: str
    truth: str
    kind: str


@dataclass
class Condition:
    """One .docx: its paragraphs as pieces, and letters a legacy font could not hold."""

    name: str
    paragraphs: list[list[Piece]] = field(default_factory=list)
    lost: int = 0


def tcvn3_pieces(text: str, enc: Encoders, kind: str = "tcvn3") -> list[Piece]:
    """TCVN3 as VN3 typists wrote it: capitals headings in .VnTimeH, toned capitals letter by letter."""
    if text.upper() == text:
        stored, _ = enc.encode(text.lower(), "tcvn3")
        return [Piece(stored, ".VnTimeH", text, kind)]
    pieces: list[Piece] = []
    for capital, group in groupby(text, key=enc.vn3_capital):
        chunk = "".join(group)
        if capital:
            pieces += [Piece(enc.encode(c.lower(), "tcvn3")[0], ".VnTimeH", c, kind) for c in chunk]
        else:
            pieces.append(Piece(enc.encode(chunk, "tcvn3")[0], ".VnTime", chunk, kind))
    return pieces


def conditions(paragraphs: list[str], enc: Encoders) -> list[Condition]:
    """The five files' contents (see the module docstring)."""
    rng = random.Random(SEED + 1)
    tcvn3, vni, viscii, unicode, mixed = (Condition(n) for n in ("tcvn3", "vni", "viscii", "unicode", "mixed"))
    unicode_fonts = (".VnTime", "VNI-Times", "VISCII", ".VnArial")
    for number, text in enumerate(paragraphs):
        tcvn3.paragraphs.append(tcvn3_pieces(text, enc))
        stored, _ = enc.encode(text, "vni")
        vni.paragraphs.append([Piece(stored, "VNI-Times", text, "vni")])
        stored, lost = enc.encode(text, "viscii")
        viscii.lost += lost
        viscii.paragraphs.append([Piece(stored, "VISCII", text, "viscii")])
        font = ".VnTimeH" if text.upper() == text else unicode_fonts[number % len(unicode_fonts)]
        unicode.paragraphs.append([Piece(text, font, text, "unicode in legacy font")])
        mixed.paragraphs.append(mixed_pieces(text, enc, rng))
    return [tcvn3, vni, viscii, unicode, mixed]


def mixed_pieces(text: str, enc: Encoders, rng: random.Random) -> list[Piece]:
    """A paragraph cut at word boundaries into runs of four kinds, no two neighbours of one font."""
    words = regex.findall(r"\S+\s*", text)
    chunks, start = [], 0
    while start < len(words):
        size = rng.randint(2, 7)
        chunks.append("".join(words[start : start + size]))
        start += size
    kinds = ["unicode", "unicode in legacy font", "tcvn3", "vni"]
    pieces: list[Piece] = []
    previous = None
    for chunk in chunks:
        kind = rng.choice([k for k in kinds if k != previous])
        previous = kind
        if kind == "unicode":
            pieces.append(Piece(chunk, "Times New Roman", chunk, kind))
        elif kind == "unicode in legacy font":
            pieces.append(Piece(chunk, ".VnArial", chunk, kind))  # never beside a .VnTime run
        elif kind == "tcvn3":
            pieces += tcvn3_pieces(chunk, enc)
        else:
            pieces.append(Piece(enc.encode(chunk, "vni")[0], "VNI-Times", chunk, kind))
    return pieces


def write_docx(condition: Condition, path: Path) -> Path:
    document = WordDocument()
    for pieces in condition.paragraphs:
        paragraph = document.add_paragraph()
        for piece in pieces:
            run = paragraph.add_run(piece.stored)
            run.font.name = piece.font  # w:rFonts ascii and hAnsi, as Word writes a chosen font
    document.save(path)
    return path


def to_doc(docx_files: list[Path], folder: Path) -> list[Path]:
    """Word 97-2003 files of the .docx files, by LibreOffice with a private profile."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .doc files")
    profile = folder / "profile"
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "doc:MS Word 97", "--outdir", str(folder), *map(str, docx_files)]
    subprocess.run(command, capture_output=True, check=True, env={**os.environ, "HOME": str(folder)}, timeout=600)
    out = [folder / (path.stem + ".doc") for path in docx_files]
    missing = [path.name for path in out if not path.is_file()]
    if missing:
        raise SystemExit(f"LibreOffice wrote no {', '.join(missing)}")
    return out


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    """Edits and reference characters per run kind, runs and runs read exactly."""

    chars: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    runs: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)
    paragraphs_lost: int = 0


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def score(condition: Condition, lines: list[str]) -> Score:
    """Each paragraph against its line; each edit charged to the run (kind) it falls in."""
    result = Score()
    if len(lines) != len(condition.paragraphs):
        result.paragraphs_lost = abs(len(lines) - len(condition.paragraphs))
    for pieces, line in zip(condition.paragraphs, lines, strict=False):
        # The sample's paragraphs are whitespace-normalised already, so the runs' spans are exact.
        reference = "".join(piece.truth for piece in pieces)
        spans, start = [], 0
        for piece in pieces:
            spans.append((start, start + len(piece.truth), piece.kind))
            start += len(piece.truth)
        found = _norm(line)
        charged = [0] * len(spans)
        for op in Levenshtein.editops(reference, found):
            position = min(op.src_pos, len(reference) - 1)
            index = next((i for i, (a, b, _) in enumerate(spans) if a <= position < b), len(spans) - 1)
            charged[index] += 1
        for (a, b, kind), edits in zip(spans, charged, strict=True):
            result.chars[kind] += b - a
            result.edits[kind] += edits
            result.runs[kind] += 1
            result.exact[kind] += edits == 0
    return result


def page_lines(path: Path) -> tuple[list[str], str]:
    """The page's lines as ``viplan_ocr.extract`` reads the file, and its source and encodings."""
    page = extract(path).pages[0]
    return [line.text for line in page.lines if line.text.strip()], f"{page.source.value} {page.encoding or '-'}"


def round_trip(folder: Path) -> None:
    enc = Encoders.build()
    paragraphs = sample()
    print(f"Sample: {len(paragraphs)} held-out paragraphs, {sum(map(len, paragraphs)):,} characters, seed {SEED}")
    print("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(map(_kind, paragraphs)).items())))
    runs = conditions(paragraphs, enc)
    started = time.perf_counter()
    docx_files = [write_docx(c, folder / f"{c.name}.docx") for c in runs]
    doc_files = to_doc(docx_files, folder)
    print(f"LibreOffice wrote {len(doc_files)} .doc files in {time.perf_counter() - started:.1f} s")
    print()
    print("| file | run kind | runs | characters | CER .docx | CER .doc | runs exact .docx | runs exact .doc |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    sources = []
    for condition, docx_path, doc_path in zip(runs, docx_files, doc_files, strict=True):
        scores = {}
        for label, path in (("docx", docx_path), ("doc", doc_path)):
            lines, source = page_lines(path)
            scores[label] = score(condition, lines)
            sources.append(f"{path.name}: {source}, {len(lines)} lines for {len(condition.paragraphs)} paragraphs")
        for kind in sorted(scores["docx"].runs):
            cells = []
            for label in ("docx", "doc"):
                s = scores[label]
                cells.append(f"{s.edits[kind] / max(1, s.chars[kind]):.2%}")
            exact = [f"{scores[x].exact[kind] / scores[x].runs[kind]:.1%}" for x in ("docx", "doc")]
            first = scores["docx"]
            print(
                f"| {condition.name} | {kind} | {first.runs[kind]} | {first.chars[kind]:,} | "
                f"{cells[0]} | {cells[1]} | {exact[0]} | {exact[1]} |"
            )
    print()
    print("Page source and encodings as read:")
    for line in sources:
        print(f"  {line}")
    lost = next(c.lost for c in runs if c.name == "viscii")
    print(f"VISCII letters on C0 codes a Word file cannot hold, left Unicode in their runs: {lost}")


# ---------------------------------------------------------------------------------------------
# The real mixed file


def _all_paragraphs(blocks: tuple[Block, ...]) -> list[Para]:
    out: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(block)
        else:
            for row in block.rows:
                for cell in row:
                    out += _all_paragraphs(cell)
    return out


def real_file(show: int) -> None:
    print()
    if not REAL_DOC.is_file():
        print(f"Real mixed file: skipped ({REAL_DOC} is not there)")
        return
    started = time.process_time()
    blocks, routing = word.read_word(REAL_DOC)
    verdicts = font_verdicts(blocks)
    decoded: dict[str, list[str]] = {}
    undecoded: list[tuple[str, str]] = []
    unicode_runs = Counter({"runs in other fonts": 0, "legacy-font groups holding Unicode letters": 0})
    for para in _all_paragraphs(blocks):
        # The groups decode_para judges together: consecutive runs of one legacy font and case.
        for (font, _), group in groupby(
            para.runs, key=lambda run: (run.font if legacy_font(run.font) else None, run.capitals)
        ):
            runs = list(group)
            text = "".join(run.text for run in runs)
            if font is None:
                unicode_runs["runs in other fonts"] += len(runs)
                continue
            if any(ord(c) > 0xFF and c not in "‘’“”–—…•" for c in text):
                unicode_runs["legacy-font groups holding Unicode letters"] += 1
            out, used = decode_para(Para(tuple(runs)), verdicts)
            if used:
                decoded.setdefault(next(iter(used)), []).append("".join(run.printed for run in out.runs))
            elif any(ord(c) > 0x7F for c in text) and _WORD.search(text):
                undecoded.append((font, text))
    vocab = model().ids
    print(f"Real mixed file {REAL_DOC.name} ({routing}), read in {time.process_time() - started:.1f} CPU s")
    print(f"  font verdicts: {verdicts}")
    print(f"  {', '.join(f'{v} {k}' for k, v in unicode_runs.items())}")
    print()
    print("| decoded as | groups | words | syllables | lexicon words | one-letter symbols | other | other share |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    others = {}
    for encoding, texts in sorted(decoded.items()):
        words = [w for text in texts for w in _WORD.findall(unicodedata.normalize("NFC", text))]
        counts = Counter[str]()
        other = Counter[str]()
        for w in words:
            if len(w) == 1 and w.isascii():
                counts["symbol"] += 1
            elif reads_as_syllable(w):
                counts["syllable"] += 1
            elif w.lower() in vocab and (w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower())):
                counts["lexicon"] += 1
            else:
                other[w] += 1
        others[encoding] = other
        total = sum(other.values())
        print(
            f"| {encoding} | {len(texts)} | {len(words):,} | {counts['syllable']:,} | {counts['lexicon']} | "
            f"{counts['symbol']} | {total} | {total / max(1, len(words)):.2%} |"
        )
    for encoding, other in sorted(others.items()):
        listed = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in other.most_common(show))
        print(f"\n{encoding}, other words: {listed}")
    print(f"\nLegacy-font groups left undecoded that hold letters beyond ASCII: {len(undecoded)}")
    for font, text in undecoded[:show]:
        print(f"  {font}: {text.strip()[:100]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the .docx and .doc files here and keep them")
    parser.add_argument("--words", type=int, default=100, help="list at most this many other words per encoding")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        round_trip(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="legacy-word-") as work:
            round_trip(Path(work))
    real_file(args.words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
