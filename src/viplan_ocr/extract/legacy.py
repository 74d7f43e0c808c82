"""Vietnamese text in pre-Unicode encodings: TCVN3 (ABC), VNI and VISCII, found and converted.

Before Unicode (and in many offices long after), Vietnamese documents were typed with fonts that
put accented letters where Latin-1 has its symbols: ``.VnTime`` fonts use TCVN3, ``VNI-Times``
fonts use VNI, and some old systems used VISCII. A PDF made from such a document has a text layer,
but what pdfplumber extracts is the font's bytes read as Latin-1 or Windows-1252: ``KÕ ho¹ch``
(TCVN3) or ``Keá hoaïch`` (VNI) for ``Kế hoạch``. Text files from that era hold the same bytes.

The tables below are written from the published standards, and checked in the tests against the
system's ``iconv`` (glibc's TCVN5712-1 and VISCII converters) where it is installed:

- TCVN 5712:1993, table VN1, the full 8-bit set: the common ABC/``.VnTime`` encoding (VN3) is its
  subset without the toned capitals, so decoding with VN1 reads both. VN1 puts some capitals on
  C0 control positions; VN3 documents wrote capitals with a separate capitals font
  (``.VnTimeH``), whose codes are the lowercase ones: :func:`decode` can upper-case them.
- RFC 1456 (VISCII 1.1): one byte per letter, six capitals on C0 control positions.
- VNI Windows (VNI Software Company's font encoding): a base letter followed by a mark byte, so
  ``ế`` is ``e`` + ``á``; a few letters (``ơ ư đ``, toned ``i``, ``ỵ``) are single bytes.

Detection works on character statistics: each candidate decoding is scored by how much of the
result reads as well-formed Vietnamese syllables (:mod:`viplan_ocr.extract.quality`), and the text
is converted only when a candidate reads clearly better than the text as it is.

>>> decode("KÕ ho¹ch thùc hiÖn", "tcvn3")
'Kế hoạch thực hiện'
>>> detect("Keá hoaïch thöïc hieän Chöông trình")
'vni'
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from viplan_ocr.extract.quality import vietnamese_score
from viplan_ocr.vietnamese.syllables import TONE_MARKS, VOWELS, reads_as_syllable

ENCODINGS = ("tcvn3", "vni", "viscii")
#: TCVN3's capitals fonts (``.VnTimeH``, ``.VnArialH``, a PDF's ``ABCDEF+.VnTimeH,Bold``): their
#: codes are the lowercase ones, printed as capitals (:func:`decode` with ``capitals``).
CAPITALS_FONT = regex.compile(r"\.?Vn\w*?H(?:\W|$)", regex.IGNORECASE)

# TCVN 5712:1993 VN1, bytes 0x80-0xFF, sixteen to a row. 0xB0-0xB4 are the five combining tone
# marks (grave, hook above, tilde, acute, dot below) that VN1 offers for composing.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\xa0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
_TCVN3_C0 = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip

# RFC 1456, VISCII 1.1, bytes 0x80-0xFF.
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}

# VNI Windows. A toned vowel is its base letter then one mark byte; the mark for a tone on a
# circumflex (â ê ô) also carries the circumflex, and likewise for the breve (ă).
# Keys: (modifier, tone), tone in "", "s" (sắc), "f" (huyền), "r" (hỏi), "x" (ngã), "j" (nặng).
_VNI_MARKS = {
    ("", "s"): "ù", ("", "f"): "ø", ("", "r"): "û", ("", "x"): "õ", ("", "j"): "ï",
    ("^", ""): "â", ("^", "s"): "á", ("^", "f"): "à", ("^", "r"): "å", ("^", "x"): "ã", ("^", "j"): "ä",
    ("(", ""): "ê", ("(", "s"): "é", ("(", "f"): "è", ("(", "r"): "ú", ("(", "x"): "ü", ("(", "j"): "ë",
}  # fmt: skip
# Letters VNI writes as one byte: the horn letters and đ (whose tone marks follow as usual),
# i with a tone, and ỵ.
_VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}

# TCVN3 puts "ư" on 0xAD, the soft hyphen, which PDF tools and word processors drop or turn into
# a space: "Ch­¬ng" (Chương) comes out as "Ch ¬ng" or "Ch¬ng". An onset left standing alone is
# the trace: give it back its "ư", joined to what follows when that makes one syllable. (When the
# byte vanished without a trace, "Chơng" looks like a syllable and is left alone.)
_LONE_ONSET = regex.compile(
    r"(?<![\p{L}\p{M}])((?:[Nn]gh|[NnCcGgKkPpTt]h|[Nn]g|[Gg]i|[Tt]r|[Qq]u|[BCDĐGHKLMNPQRSTVXbcdđghklmnpqrstvx]))"
    r"(?:[ \u00ad-]+(?=([\p{L}\p{M}]*))|$)",
    regex.MULTILINE,
)

#: A minus sign between two letters: TCVN3's "ư" byte as some PDF producers map it.
_MINUS_IN_WORD = regex.compile(r"(?<=(\p{L}))\u2212(?=(\p{L}))")

_TONES = dict(zip(TONE_MARKS, "fsrxj", strict=True))  # the Telex letter of each tone
_MODIFIERS = {"\u0302": "^", "\u0306": "("}

# The 67 lowercase letters that carry a Vietnamese diacritic; with their capitals, the 134 every
# table here must cover.
_BASES = VOWELS
ACCENTED_LOWER = (
    *(
        unicodedata.normalize("NFC", base + tone)
        for base in _BASES
        for tone in ("", *_TONES)
        if base not in "aeiouy" or tone
    ),
    "đ",
)
ACCENTED_LETTERS = ACCENTED_LOWER + tuple(letter.upper() for letter in ACCENTED_LOWER)

# Windows-1252 puts printable characters on 0x80-0x9F where Latin-1 has controls; a PDF font with
# WinAnsi encoding hands those to pdfplumber, so both readings of a byte must map back to it.
_CP1252_HIGH = {bytes([b]).decode("cp1252", errors="ignore"): b for b in range(0x80, 0xA0)}
_CP1252_HIGH.pop("", None)
_LETTERS = regex.compile(r"[\p{L}\p{M}]")


def _byte_of(char: str) -> int | None:
    """The legacy byte a character stands for, read as Latin-1 or Windows-1252."""
    code = ord(char)
    if code < 0x100:
        return code
    return _CP1252_HIGH.get(char)


@cache
def _byte_tables() -> dict[str, dict[int, str]]:
    """For the one-byte encodings: byte -> Unicode letter (only where it differs from Latin-1)."""
    tables: dict[str, dict[int, str]] = {}
    for name, high, c0 in (("tcvn3", _TCVN3_HIGH, _TCVN3_C0), ("viscii", _VISCII_HIGH, _VISCII_C0)):
        table = {0x80 + i: char for i, char in enumerate(high)}
        table.update(c0)
        tables[name] = table
    return tables


def _vni_sequence(letter: str) -> str:
    """How VNI types one Unicode letter: base byte(s), then a mark byte."""
    lower = letter.lower()
    if lower in _VNI_SINGLE:
        out = _VNI_SINGLE[lower]
    else:
        parts = unicodedata.normalize("NFD", lower)
        base, marks = parts[0], parts[1:]
        modifier = "".join(_MODIFIERS.get(m, "") for m in marks)
        tone = "".join(_TONES.get(m, "") for m in marks)
        if "\u031b" in marks:  # horn: ơ or ư, a single byte, then the tone mark alone
            out = _VNI_SINGLE["ơ" if base == "o" else "ư"] + (_VNI_MARKS[("", tone)] if tone else "")
        elif (modifier, tone) == ("", ""):
            out = base
        else:
            out = base + _VNI_MARKS[(modifier, tone)]
    return out.upper() if letter.isupper() else out


@cache
def _vni_decoding() -> tuple[regex.Pattern[str], dict[str, str]]:
    """A pattern matching every VNI letter sequence (longest first) and its Unicode letter.

    Mark bytes are accepted in either case after a base of either case (capitals typed with a
    lowercase mark are common), and the letter takes the base's case.
    """
    table: dict[str, str] = {}
    for letter in ACCENTED_LETTERS:
        seq = _vni_sequence(letter)
        table[seq] = letter
        if len(seq) == 2:
            table[seq[0] + seq[1].swapcase()] = letter
        elif letter.lower() in _VNI_SINGLE and letter.lower() not in "ơưđ":
            # A toned i or ỵ also typed as its base letter and a mark byte (``HIØNH`` for HÌNH):
            # the mark glyph draws over any base, so the page shows the same letter.
            parts = unicodedata.normalize("NFD", letter)
            mark = _VNI_MARKS[("", _TONES[parts[1]])]
            for tail in (mark, mark.swapcase()):
                table.setdefault(parts[0] + tail, letter)
    alternation = "|".join(regex.escape(s) for s in sorted(table, key=len, reverse=True))
    return regex.compile(alternation), table


def encode(text: str, encoding: str) -> str:
    """Write Unicode text the way a legacy font would, as Latin-1 characters (for tests and samples).

    >>> encode("Kế hoạch", "tcvn3")
    'KÕ ho¹ch'
    >>> encode("Kế hoạch", "vni")
    'Keá hoaïch'
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "vni":
        return "".join(_vni_sequence(c) if c in ACCENTED_LETTERS else c for c in text)
    reverse = {char: chr(byte) for byte, char in _byte_tables()[_check(encoding)].items()}
    return "".join(reverse.get(c, c) for c in text)


def decode(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Convert text extracted from a legacy-encoded font (or file) to NFC Unicode.

    ``capitals=True`` upper-cases the result: TCVN3 documents set headings in a capitals font
    (``.VnTimeH``) that draws the lowercase codes as capitals.

    >>> decode("Keá hoaïch", "vni")
    'Kế hoạch'
    >>> decode("kÕ ho¹ch", "tcvn3", capitals=True)
    'KẾ HOẠCH'
    """
    if encoding == "vni":
        pattern, sequences = _vni_decoding()
        out = pattern.sub(lambda m: sequences[m.group()], text)
    else:
        table = _byte_tables()[_check(encoding)]
        chars = [table.get(b, c) if (b := _byte_of(c)) is not None else c for c in text]
        if any(c in _CP1252_HIGH for c in text):
            _keep_punctuation(text, chars, capitals=capitals)
        out = "".join(chars)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if capitals else out


def _keep_punctuation(text: str, chars: list[str], *, capitals: bool) -> None:
    """Put back Windows-1252 punctuation (``’ – “ ” … •``) that decoding made a capital outside a word.

    TCVN3 (VN1) and VISCII put capitals on 0x80-0x9F, where Windows-1252 has quotes and dashes.
    Word stores what is typed into a legacy font as Windows-1252 characters, and autocorrect
    types ``’`` and ``–`` into ``.VnTime`` text as into any other: the common ``.VnTime`` fonts
    (VN3, TCVN3 without the toned capitals) draw them as the quote and the dash. So such a
    character is a letter only where it makes one Vietnamese syllable with the letters beside
    it (``§€C`` is ``ĐỘC``); alone (``p – n``) or against letters that make no syllable with it,
    case included (``r’ = r`` is no ``rÒ``; ``“Kế``) it stays punctuation. In a capitals font's
    text case is no evidence (its lowercase codes are upper-cased by :func:`decode`).
    """
    # A syllable has one toned letter: each candidate is judged with those after it as punctuation
    # and those before it as judged (``H–C”`` is ``HỌC”``, never ``H–CÕ``).
    candidates = [i for i, char in enumerate(text) if char in _CP1252_HIGH and chars[i] != char]
    plain = list(chars)
    for index in candidates:
        plain[index] = text[index]
    for index in candidates:
        start = index
        while start > 0 and _LETTERS.match(plain[start - 1]):
            start -= 1
        end = index + 1
        while end < len(plain) and _LETTERS.match(plain[end]):
            end += 1
        word = unicodedata.normalize("NFC", "".join([*plain[start:index], chars[index], *plain[index + 1 : end]]))
        if len(word) < 2 or not reads_as_syllable(word.lower() if capitals else word):
            chars[index] = text[index]
        else:
            plain[index] = chars[index]


def restore_lost_u_horn(text: str) -> str:
    """Put back the TCVN3 "ư" (0xAD, a soft hyphen) that PDF extraction dropped or spaced.

    For text taken from a PDF's TCVN3 text layer, after :func:`decode`; a text file keeps its
    0xAD bytes, which :func:`decode` maps to "ư" directly.

    >>> restore_lost_u_horn("Ch ơng trình, t vấn, nh ng, H ớng dẫn mới, KH-UBND, t")
    'Chương trình, tư vấn, nhưng, Hướng dẫn mới, KH-UBND, tư'

    Some PDF producers map that byte to a minus sign (U+2212) instead: inside a word it is "ư".

    >>> restore_lost_u_horn("tr−ờng học, TR−ỜNG, 5 − 3")
    'trường học, TRƯỜNG, 5 − 3'
    """
    text = _MINUS_IN_WORD.sub(lambda m: "Ư" if m.group(1).isupper() and m.group(2).isupper() else "ư", text)

    def fix(match: regex.Match[str]) -> str:
        onset, following = match.group(1), match.group(2)
        if following and reads_as_syllable(onset + "ư" + following):
            return onset + "ư"
        return onset + "ư" + match.group()[len(onset) :]

    return _LONE_ONSET.sub(fix, text)


def _check(encoding: str) -> str:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; known: {', '.join(ENCODINGS)}")
    return encoding


def detect(text: str, *, margin: float = 0.15) -> str | None:
    """The legacy encoding ``text`` is in, or None when it reads best as it is.

    Every candidate decoding is scored by :func:`~viplan_ocr.extract.quality.vietnamese_score`;
    a candidate wins only when it beats the text as it is by ``margin``, so genuine Unicode
    Vietnamese (and English, and numbers) is never converted.

    >>> detect("Kế hoạch thực hiện") is None
    True
    >>> detect("KÕ ho¹ch thùc hiÖn ch­¬ng tr×nh")
    'tcvn3'
    """
    if not any((ord(c) < 0x20 and c not in "\t\n\r") or (ord(c) > 0x7F and _byte_of(c) is not None) for c in text):
        return None  # plain ASCII (or genuine Unicode letters only): nothing a legacy font left
    baseline = vietnamese_score(text)
    scores = {name: vietnamese_score(decode(text, name)) for name in ENCODINGS}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] >= baseline + margin else None


__all__ = ["ACCENTED_LETTERS", "ACCENTED_LOWER", "ENCODINGS", "decode", "detect", "encode", "restore_lost_u_horn"]
