"""Scanner noise: specks, stamps and margin dirt that an OCR engine read as characters.

An English OCR engine turns a speck on a scanned Vietnamese plan into one-letter "words"
(``r r t``), stray symbols (``• ^ \\ »``) and letter/symbol hybrids (``A»X``), sometimes as a
whole line (``r r y y``), sometimes glued before real text (``X /y r A \\ A ^ r \\ r2. Đẩy mạnh``)
or after it (``cụ thể• •``). Real Vietnamese has short words too (``và``, ``ở``, ``a)``, ``ý``),
so no single token decides: each token gets a *noise score* from its character statistics
(:func:`noise_score`), and what is removed is decided on groups of tokens:

- a run of suspicious tokens anywhere, with two clear ones adding up (:func:`is_noise_run`);
- less at a line end, where a lone symbol or dangling hyphen is enough (:func:`is_noise_tail`);
- a lone symbol or glued dirt opening a line (:func:`opens_with_dirt`);
- a stretch without a single word, such as a line of accents read apart from its letters
  (:func:`is_wordless_stretch`), and a line left with one speck (:func:`is_noise_line`).

Nothing is dropped silently: every removal is a change with reason ``noise`` and a confidence
that grows with the evidence (:func:`evidence_confidence`); a lone removal is flagged for
review. Numbers are never removed, except a lone digit on a line of accents read as junk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import regex

from viplan_ocr.lexicon import model
from viplan_ocr.vietnamese.markers import BULLETS, HEADING_NUMBER
from viplan_ocr.vietnamese.syllables import could_be_syllable, is_syllable, starts_like_syllable, strip_accents
from viplan_ocr.vietnamese.tokens import word_symbol

#: A character no Vietnamese plan writes: anything that is not a letter, mark, digit, space or
#: the punctuation of administrative text (``342/KH-SGDĐT``, ``99,5%``, ``GD&ĐT``, ``“...”``).
JUNK = r"[^\p{L}\p{M}\p{N}\s.,;:!?()\[\]\"'“”‘’\-–—/%&+*…=<>@#_□■☐☑☒✓✔]"
_JUNK = regex.compile(JUNK)

#: Punctuation that never stands alone: an apostrophe or a backtick by itself is a speck.
_LONE_SPECK = regex.compile(r"['‘’`]")

#: A document symbol's code (``/UBND-``, ``/KH-SYT``): printed text, even with the strokes OCR
#: made of a handwritten number glued before it (``/#⁄/UBND-``).
_SYMBOL_CODE = regex.compile(r"/\p{Lu}{2,}")

#: Punctuation that may wrap a word (``(a)``, ``“Tre``, ``ho.``): stripped before judging it.
_EDGE_PUNCT = ".,;:!?()[]\"'“”‘’-–—…/"

#: A whitespace-separated token.
_TOKEN = regex.compile(r"\S+")

#: A letter glued before a heading number (``r2.``): the speck touched the number.
_GLUED_NUMBER = regex.compile(r"(\p{L})(\d{1,2}(?:\.\d{1,2})*\.)")

#: Dirt glued before a word (``ir\Ctre``): letters and junk up to the last junk character,
#: then a word of three letters or more.
_GLUED_PREFIX = regex.compile(rf"(\S*\p{{L}}\S*{JUNK})(\p{{L}}{{3,}}\S*)")

#: Dirt glued after a word (``thể•``): a word of two letters or more, then junk and no letter.
_GLUED_SUFFIX = regex.compile(rf"(\p{{L}}{{2,}})({JUNK}[^\p{{L}}]*)")

_VOWELS = frozenset("aeiouy")

#: Scores of single tokens: 1.0 means "certainly not text".
JUNK_ONLY = 1.0
MIXED_JUNK = 0.8
LONE_CONSONANT = 0.7
NUMBER_HYBRID = 0.5
FOREIGN_PAIR = 0.5
LONE_VOWEL = 0.4


@dataclass(frozen=True, slots=True)
class Piece:
    """A whitespace token, or part of one where dirt was glued to real text.

    ``start``/``end`` are offsets into the whole text. ``strong`` marks pieces that cannot be
    text at all (symbols only, a letter with a dangling hyphen, dirt glued before a word).
    """

    start: int
    end: int
    text: str
    score: float
    strong: bool = False
    glued: bool = False  # dirt glued to the word that follows it


@dataclass(frozen=True, slots=True)
class NoiseSpan:
    """A stretch of the text to remove, and what to put instead.

    ``after`` is empty, the one space that keeps two words apart, or ``"- "`` for a list dash
    the speck swallowed. ``confidence`` grows with the evidence (:func:`evidence_confidence`).
    """

    start: int
    end: int
    after: str = ""
    confidence: float = 0.95


def noise_score(token: str, line_start: bool = False) -> tuple[float, bool]:
    """How unlike Vietnamese text one token is, from its characters alone; and if certainly not text.

    The scores rank what an English OCR engine makes of a speck: pure symbols (``•``, ``^``,
    ``\\``) first, then letters mixed with symbols (``A»X``), one consonant alone (``r``: no
    Vietnamese word is a bare consonant), a letter beside a digit (``A7``), a two-letter token
    no Vietnamese syllable is spelt like (``Pi``), and a vowel alone (``y``, ``a``: real words
    ``ý``, ``à`` are frequent, so they score lowest). Numbers, heading numbers at the start of a
    line, enumerations (``a,``), abbreviations (``VP``) and syllables score 0.

    >>> noise_score("•"), noise_score("r-"), noise_score("A»X"), noise_score("r")
    ((1.0, True), (1.0, True), (0.8, False), (0.7, False))
    >>> noise_score("Pi"), noise_score("cA"), noise_score("y"), noise_score("và"), noise_score("342/KH-SGDĐT")
    ((0.5, False), (0.5, False), (0.4, False), (0.0, False), (0.0, False))
    >>> noise_score("m.", line_start=True), noise_score("99,5%"), noise_score("-"), noise_score("ho.")
    ((0.0, False), (0.0, False), (0.0, False), (0.0, False))
    >>> noise_score("/#⁄/UBND-")  # a symbol's code, a handwritten number's strokes before it
    (0.0, False)
    """
    if len(token) > 2 and token.isalpha():
        return 0.0, False  # the common case: a word
    if line_start and HEADING_NUMBER.fullmatch(token):
        return 0.0, False
    letters = sum(1 for c in token if c.isalpha())
    digits = sum(1 for c in token if c.isdigit())
    if not letters and not digits:
        return (JUNK_ONLY, True) if _JUNK.search(token) or _LONE_SPECK.fullmatch(token) else (0.0, False)
    if digits:
        return (NUMBER_HYBRID, False) if letters == 1 and len(token) <= 2 else (0.0, False)
    if _SYMBOL_CODE.search(token):
        return 0.0, False
    core = token.strip(_EDGE_PUNCT)
    if _JUNK.search(core):
        return MIXED_JUNK, False
    if len(core) == 1:
        return _single_letter_score(token, core)
    if len(core) == 2 and not core.isupper() and (not could_be_syllable(core) or core[1].isupper()):
        return FOREIGN_PAIR, False  # "Pi", "zs"; "aA", "cA": no word has a capital after a small letter
    return 0.0, False


def _single_letter_score(token: str, letter: str) -> tuple[float, bool]:
    """A one-letter token: a dangling hyphen is dirt, ``a,``/``a)`` an enumeration, else by vowel."""
    if token.endswith("-") and len(token) == 2:
        return JUNK_ONLY, True  # no Vietnamese syllable is hyphenated, a list dash stands apart
    if token.endswith((",", ")")) or (token == letter + "." and letter.isupper()):
        return 0.0, False  # "điểm a, b", "a)", initials "J. R. R. Tolkien"
    return (LONE_VOWEL, False) if strip_accents(letter).lower() in _VOWELS else (LONE_CONSONANT, False)


def split_glued(token: str, start: int) -> list[Piece]:
    """Split a token where dirt is glued to real text, and score each piece.

    >>> [p.text for p in split_glued("r2.", 0)], [p.text for p in split_glued("ir\\\\Ctre", 0)]
    (['r', '2.'], ['ir\\\\', 'Ctre'])
    >>> [p.text for p in split_glued("thể•", 0)], [p.text for p in split_glued("K§", 0)]
    (['thể', '•'], ['K§'])
    """
    if token.isalnum():
        return [_piece(start, token)]
    if match := _GLUED_NUMBER.fullmatch(token):
        return [_piece(start, match.group(1)), _piece(start + match.end(1), match.group(2), line_start=True)]
    if match := _GLUED_PREFIX.fullmatch(token):
        dirt, word = match.group(1), match.group(2)
        return [
            Piece(start, start + len(dirt), dirt, JUNK_ONLY, strong=True, glued=True),
            _piece(start + len(dirt), word),
        ]
    if match := _GLUED_SUFFIX.fullmatch(token):
        return [_piece(start, match.group(1)), _piece(start + match.end(1), match.group(2))]
    return [_piece(start, token)]


def _piece(start: int, text: str, line_start: bool = False) -> Piece:
    """A scored piece of text at ``start``."""
    score, strong = noise_score(text, line_start)
    return Piece(start, start + len(text), text, score, strong)


def line_pieces(line: str, offset: int) -> list[Piece]:
    """The scored pieces of one line; a heading number opening the line scores 0."""
    pieces: list[Piece] = []
    for match in _TOKEN.finditer(line):
        start = offset + match.start()
        if not pieces and HEADING_NUMBER.fullmatch(match.group()):
            pieces.append(_piece(start, match.group(), line_start=True))
        else:
            pieces.extend(split_glued(match.group(), start))
    return pieces


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the text: where it starts, where its content and its newline end, its pieces."""

    start: int
    end: int
    next_start: int
    pieces: list[Piece]


#: How sure an OCR engine must be of a token (0-100) for it to be text, whatever its shape.
SURE_OCR_CONFIDENCE = 90.0
#: Under this OCR confidence a suspicious token is as suspicious as a lone consonant.
UNSURE_OCR_CONFIDENCE = 30.0

#: The OCR engine's confidence in a span of the text, or None where there was no OCR.
Confidence = Callable[[int, int], "float | None"]


def with_confidence(piece: Piece, confidence: Confidence | None) -> Piece:
    """A piece scored with what the OCR engine thought of it, where the text came from OCR.

    A token the engine read with high confidence is no speck, however odd its shape (``Ư``,
    ``x``); one it hardly recognised is suspicious at once if its shape already was.

    >>> with_confidence(line_pieces("y", 0)[0], lambda s, e: 96.0).score
    0.0
    >>> with_confidence(line_pieces("y", 0)[0], lambda s, e: 12.0).score
    0.7
    """
    if confidence is None or piece.score == 0 or piece.strong:
        return piece
    value = confidence(piece.start, piece.end)
    if value is None:
        return piece
    if value >= SURE_OCR_CONFIDENCE:
        return replace(piece, score=0.0)
    if value < UNSURE_OCR_CONFIDENCE:
        return replace(piece, score=max(piece.score, LONE_CONSONANT))
    return piece


def _split_lines(text: str, confidence: Confidence | None = None) -> list[_Line]:
    """The text's lines with their offsets and scored pieces."""
    lines: list[_Line] = []
    start = 0
    for content in text.split("\n"):
        end = start + len(content)
        pieces = [with_confidence(piece, confidence) for piece in line_pieces(content, start)]
        lines.append(_Line(start, end, min(end + 1, len(text)), pieces))
        start = end + 1
    return lines


def is_noise_run(run: list[Piece]) -> bool:
    """Whether a run of suspicious tokens anywhere in the text is dirt: two clear ones, adding up.

    One suspicious token alone is usually a damaged word (``K§ hoạch``, ``quản H``: the ``lí``
    read as ``H``); a speck makes several in a row.

    >>> is_noise_run(line_pieces("r r y y", 0)), is_noise_run(line_pieces("X /y r A", 0))
    (True, True)
    >>> is_noise_run(line_pieces("y a", 0)), is_noise_run(line_pieces("K§", 0))
    (False, False)
    """
    clear = sum(1 for piece in run if piece.score >= LONE_CONSONANT)
    return clear >= 2 and sum(piece.score for piece in run) >= 1.5


def is_noise_tail(run: list[Piece]) -> bool:
    """Whether the suspicious run ending a line is dirt: one certain piece suffices there.

    The right margin collects specks (``cụ thể• •``, ``Lưu VP. i-``, ``cụ thể ©``): a line of
    text never ends in a lone symbol, and a letter with a dangling hyphen cannot be a word
    broken at the line end.

    >>> is_noise_tail(line_pieces("i-", 0)), is_noise_tail(line_pieces("• •", 0)), is_noise_tail(line_pieces("©", 0))
    (True, True, True)
    >>> is_noise_tail(line_pieces("d", 0)), is_noise_tail(line_pieces("y a", 0))
    (False, False)
    """
    return any(piece.strong for piece in run)


def opens_with_dirt(piece: Piece) -> bool:
    """Whether the first piece of a line is dirt: glued to the word after it, or a lone symbol.

    A bullet opens an item (``• Tiếp tục``, ``~ Tòa án nhân dân tối cao;``) and stays, and so
    does a damaged enumeration (``‹) Tịch thu``); a speck in the left margin (``| Phòng``,
    ``^ a``, ``ir\\Ctre``) does not. (Stray punctuation such as ``; Thực hiện`` stays: removing
    it could make the next pass judge the rest of the line differently.)

    >>> [opens_with_dirt(line_pieces(text, 0)[0]) for text in ("| Phòng", "^ sau:", "ir\\\\Ctre em")]
    [True, True, True]
    >>> [opens_with_dirt(line_pieces(text, 0)[0]) for text in ("• Tiếp tục", "~ Tòa án", "‹) Tịch thu", "; Thực")]
    [False, False, False, False]
    """
    if piece.glued:
        return True
    text = piece.text
    return piece.strong and not text.endswith(("-", ")")) and not all(c in BULLETS for c in text)


def is_noise_line(pieces: list[Piece]) -> bool:
    """Whether a line left with one token is dirt: a symbol, or one letter wrapped in punctuation.

    A line of one letter may be a table cell or a check mark (``x``, ``B``); ``,c.`` is a speck.
    (Lines of several suspicious tokens, ``r r y y``, are runs: :func:`is_noise_run`.)

    >>> is_noise_line(line_pieces(",c.", 0)), is_noise_line(line_pieces("»", 0))
    (True, True)
    >>> is_noise_line(line_pieces("x", 0)), is_noise_line(line_pieces("m.", 0)), is_noise_line(line_pieces("2./.", 0))
    (False, False, False)
    """
    if len(pieces) != 1 or pieces[0].score < LONE_CONSONANT:
        return False
    text = pieces[0].text
    return pieces[0].strong or sum(1 for c in text if c.isalpha()) * 2 < len(text)


def is_anchor(piece: Piece) -> bool:
    """Whether a piece is certainly text: a word of three letters or more, a number, a heading number.

    Noise never reaches across one: :func:`is_wordless_stretch` judges what lies between.

    >>> [is_anchor(p) for p in line_pieces("hoạch s6 342 2 na a) ?. K§", 0)]
    [True, False, True, False, False, True, False, False]
    """
    if piece.score > 0:
        return False
    text = piece.text
    letters = sum(1 for c in text if c.isalpha())
    digits = sum(1 for c in text if c.isdigit())
    return letters >= 3 or (digits > 0 and len(text) > 1) or HEADING_NUMBER.fullmatch(text) is not None


def is_wordless_stretch(stretch: list[Piece]) -> bool:
    """Whether a stretch of pieces holding no word at all is dirt: mostly suspicious, adding up.

    An English OCR engine reads the accents printed above a Vietnamese line as a line of its
    own, without a single word in it: ``za a aA ?. ? a na ~ As cA s oA zs 2`` above
    ``quyền, bổn phận``. Its syllable-like bits (``na``, ``?.``) go too (:func:`_wordless_bit`).

    >>> is_wordless_stretch(line_pieces("za a aA ?. ? a na ~ As cA s oA zs 2", 0))
    True
    >>> is_wordless_stretch(line_pieces("a, b va c", 0)), is_wordless_stretch(line_pieces("va o do co y la", 0))
    (False, False)
    >>> is_wordless_stretch(line_pieces("kg; 1 kg; 2 kg; 5 kg", 0))
    False
    """
    suspicious = [piece.score for piece in stretch if piece.score > 0]
    return (
        len(stretch) >= 4
        and 2 * len(suspicious) >= len(stretch)
        and sum(suspicious) >= 2.0
        and max(suspicious) >= LONE_CONSONANT  # units ("0,5 kg; 1 kg; 2 kg") are all weak
    )


def _wordless_bit(piece: Piece, line: _Line, worded: bool) -> bool:
    """Whether an unsuspicious piece of a wordless stretch goes with it.

    Not on a line with words (``trong dự`` / ``- Xây dựng`` stay). A lone digit goes only
    where dirt shares its line (``... oA zs 2``: an accent read as ``2``); a digit alone on
    its line may be a table cell or a page number, and stays.
    """
    if worded:
        return False
    if any(c.isdigit() for c in piece.text):
        return any(other.score > 0 for other in line.pieces)
    return True


def _stretches(pieces: list[Piece]) -> list[list[int]]:
    """Index stretches of pieces between anchors (:func:`is_anchor`)."""
    stretches: list[list[int]] = [[]]
    for index, piece in enumerate(pieces):
        if is_anchor(piece):
            stretches.append([])
        else:
            stretches[-1].append(index)
    return [stretch for stretch in stretches if stretch]


def _runs(pieces: list[Piece]) -> list[list[int]]:
    """Index runs of consecutive suspicious pieces."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, piece in enumerate(pieces):
        if piece.score > 0:
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _tail(pieces: list[Piece]) -> list[int]:
    """Indexes of the suspicious pieces that end a line."""
    tail: list[int] = []
    for index in range(len(pieces) - 1, -1, -1):
        if pieces[index].score <= 0:
            break
        tail.insert(0, index)
    return tail


def evidence_confidence(total: float) -> float:
    """How sure a removal is, from the summed noise scores of what it removes.

    A lone symbol at a line end (1.0) or a weak line end taken with a speck (0.5) falls below
    the 0.8 at which :attr:`~viplan_ocr.document.Cleaned.flagged` asks a person to look; a run
    of specks (2.0 and more) does not.

    >>> evidence_confidence(0.5), evidence_confidence(1.0), evidence_confidence(2.4)
    (0.625, 0.75, 0.95)
    """
    return min(0.95, 0.5 + total / 4)


Marks = dict[tuple[int, int], float]


def _mark(marked: Marks, keys: list[tuple[int, int]], pieces: list[Piece]) -> None:
    """Mark (line, piece) keys as noise, as sure as ``pieces`` make it (the surest rule wins)."""
    confidence = evidence_confidence(sum(piece.score for piece in pieces))
    for key in keys:
        marked[key] = max(marked.get(key, 0.0), confidence)


def _marked_pieces(lines: list[_Line]) -> Marks:
    """(line, piece) indexes of every piece judged to be noise, with the confidence of each.

    Runs and stretches are looked for in the stream of all pieces, across line breaks: reflow
    may join the lines afterwards, and a speck at the end of one line often goes on at the
    start of the next. Every rule removes only suspicious pieces (or, on a line without
    words, a whole wordless stretch), so what a rule did not find in this pass it cannot
    find in the next one, when the cleaned text is cleaned again.
    """
    marked: Marks = {}
    stream = [(li, pi) for li, line in enumerate(lines) for pi in range(len(line.pieces))]
    flat = [lines[li].pieces[pi] for li, pi in stream]
    for li, line in enumerate(lines):
        for pi in range(len(line.pieces) - 1):
            if not opens_with_dirt(line.pieces[pi]):
                break
            _mark(marked, [(li, pi)], [line.pieces[pi]])
    for run in _runs(flat):
        li, pi = stream[run[-1]]
        at_line_end = pi == len(lines[li].pieces) - 1
        pieces = [flat[i] for i in run]
        if is_noise_run(pieces) or (at_line_end and is_noise_tail(pieces)):
            _mark(marked, [stream[i] for i in run], pieces)
    for li, line in enumerate(lines):
        kept = [pi for pi in range(len(line.pieces)) if (li, pi) not in marked]
        if kept and kept[0] > 0:
            _mark_previous_tail(lines, li, marked)
    worded = {li for li, line in enumerate(lines) if any(is_anchor(piece) for piece in line.pieces)}
    for stretch in _stretches(flat):
        pieces = [flat[i] for i in stretch]
        if is_wordless_stretch(pieces):
            going = [
                i
                for i in stretch
                if flat[i].score > 0 or _wordless_bit(flat[i], lines[stream[i][0]], stream[i][0] in worded)
            ]
            _mark(marked, [stream[i] for i in going], pieces)
    for li, line in enumerate(lines):
        kept = [pi for pi in range(len(line.pieces)) if (li, pi) not in marked]
        if len(kept) == 1 and is_noise_line([line.pieces[kept[0]]]):
            _mark(marked, [(li, kept[0])], [line.pieces[kept[0]]])
    return marked


def _mark_previous_tail(lines: list[_Line], li: int, marked: Marks) -> None:
    """Dirt opening a line takes the suspicious end of the line before (blank lines between) with it.

    A speck across a line break leaves pieces on both sides (seed 004: ``tâm lí Pi`` /
    ``ir\\Ctre em``); the end alone would be too weak to remove, and its removal is flagged.
    """
    previous = li - 1
    while previous >= 0 and not lines[previous].pieces:
        previous -= 1
    if previous < 0:
        return
    pieces = lines[previous].pieces
    tail = [pi for pi in _tail(pieces) if (previous, pi) not in marked]
    if tail and len(tail) < len(pieces) and sum(pieces[pi].score for pi in tail) >= 0.5:
        _mark(marked, [(previous, pi) for pi in tail], [pieces[pi] for pi in tail])


def _leftover(piece: Piece) -> int:
    """How many letters of dirt stick to the first real word after a removed run (``ftoàn``: 1)."""
    word = piece.text
    if len(word) > 3 and word[0].isalpha() and not starts_like_syllable(word) and starts_like_syllable(word[1:]):
        return 1
    return 0


def _line_spans(line: _Line, sure: list[float | None]) -> list[NoiseSpan]:
    """The spans to remove from one line, given how sure each of its pieces is noise (None: text)."""
    pieces = line.pieces
    if all(c is not None for c in sure):
        return [NoiseSpan(line.start, line.next_start, "", min(c for c in sure if c is not None))]
    spans: list[NoiseSpan] = []
    index = 0
    while index < len(pieces):
        if sure[index] is None:
            index += 1
            continue
        first = index
        while index < len(pieces) and sure[index] is not None:
            index += 1
        confidence = min(c for c in sure[first:index] if c is not None)
        last = pieces[index - 1]
        if index == len(pieces):  # the end of the line: keep the word before it intact
            spans.append(NoiseSpan(pieces[first - 1].end, last.end, "", confidence))
            continue
        following = pieces[index]
        end = following.start + _leftover(following)
        if first > 0:  # between two words: one space stays, even where the dirt was glued on
            spans.append(NoiseSpan(pieces[first - 1].end, end, " ", confidence))
        else:
            dash = "- " if last.strong and last.text.endswith("-") else ""
            spans.append(NoiseSpan(line.start, end, dash, confidence))
    return spans


def noise_spans(text: str, confidence: Confidence | None = None) -> list[NoiseSpan]:
    """Every stretch of scanner noise in a text, in order, with its replacement.

    A run that opens a line and ends with a hyphen (``r r t • • y r- Tham mưu``) was a list
    dash the speck swallowed: it becomes ``- ``.

    >>> noise_spans("- Lưu VP. i-")
    [NoiseSpan(start=9, end=12, after='', confidence=0.75)]
    >>> noise_spans("• r r f- Tiếp tục")
    [NoiseSpan(start=0, end=9, after='- ', confidence=0.95)]

    With ``confidence`` (the OCR engine's, for a span) the pieces are scored with it too
    (:func:`with_confidence`).
    """
    lines = _split_lines(text, confidence)
    marked = _marked_pieces(lines)
    spans: list[NoiseSpan] = []
    for li, line in enumerate(lines):
        if line.pieces:
            spans.extend(_line_spans(line, [marked.get((li, pi)) for pi in range(len(line.pieces))]))
    return spans


#: A stop, colon, semicolon, comma or apostrophe (or two of them) between two letter runs of
#: two letters or more, inside a whitespace token.
_GLUED_MARK = regex.compile(r"(?<![\p{L}\p{M}])(\p{L}{2,})([.:;,'‘’`]{1,2})(?=(\p{L}{2,})(?![\p{L}\p{M}]))")

#: A whitespace token with a mark between two letters: the only ones worth a closer look.
_MARKED_TOKEN = regex.compile(r"\S*\p{L}[.:;,'‘’`]{1,2}\p{L}\S*")

#: A token holding one of these is an address or a file's name (``a.b@gmail.com``,
#: ``moet.gov.vn/van-ban``, ``C:\\du_lieu``), whose marks are its own.
_ADDRESS = regex.compile(r"[@/\\_]|www|\p{N}")

#: A stop between two lowercase words of two letters or more, a space after it (``giáo. dục``).
_STOP_BEFORE_LOWERCASE = regex.compile(
    r"(?<![\p{L}\p{M}\d.])(\p{Ll}[\p{Ll}\p{M}]+)(\.) (?=(\p{Ll}[\p{Ll}\p{M}]+)(?![\p{L}\p{M}\d]))"
)

#: A hyphen between two words, nothing else glued to them (``cơ-quan``, ``Bộ-Giáo``), not in a
#: chain (``a-b-c``), an address or a file's name.
_GLUED_HYPHEN = regex.compile(
    r"(?<![\p{L}\p{M}\d/._@\\-])(\p{L}[\p{L}\p{M}]*)(-)(?=(\p{L}[\p{L}\p{M}]*)(?![\p{L}\p{M}\d/_@\\-]))"
)

#: What follows a stop in a file's name (``Phu luc.doc``), never a speck.
_NAME_ENDINGS = frozenset({"doc", "docx", "pdf", "xls", "xlsx", "ppt", "txt", "rtf", "zip", "rar", "jpg", "png"})


def stray_marks(text: str) -> list[NoiseSpan]:
    """A speck the engine read as a mark between two words (``Danh:mục``, ``giấy.khám``,
    ``phẩm:của:cơ``, ``và'cán``, ``trì,phối``, ``giáo. dục``, ``cơ-quan``): a space again, the
    comma kept.

    Print sets a space after a mark, and a sentence after a stop starts with a capital; a mark
    with a lowercase syllable glued on each side is OCR's (in 39 million characters of
    legal text and Wikipedia the pair shows up mostly as file names ``Phụ lục.doc``, which
    are never touched, and as specks and lost spaces in OCR'd laws). Abbreviations
    (``TP.HCM``, ``Q.1``, ``v.v``), addresses (``moet.gov.vn``, ``a.b@gmail.com``) and a capital
    after a stop (``nhiễm.Bệnh``) are left as they are. A stop with its space kept before a
    lowercase word, and a hyphen, go only where :func:`_speck_stop` and :func:`_speck_hyphen`
    find them specks.

    >>> [(text[s.start : s.end], s.after) for text in ["Danh:mục các", "đào tạo,phối hợp"] for s in stray_marks(text)]
    [(':', ' '), (',', ', ')]
    >>> stray_marks("TP.HCM, Q.1, moet.gov.vn, Phụ lục.doc, v.v.")
    []
    """
    spans = []
    for token in _MARKED_TOKEN.finditer(text):
        if _ADDRESS.search(token.group()):
            continue
        for match in _GLUED_MARK.finditer(token.group(), overlapped=True):
            before, mark, after = match.group(1), match.group(2), match.group(3)
            if not after[0].islower() or after.lower() in _NAME_ENDINGS:
                continue
            if not (is_syllable(before.lower()) and is_syllable(after)):
                continue
            at = token.start() + match.start(2)
            spans.append(NoiseSpan(at, at + len(mark), ", " if "," in mark else " ", STRAY_MARK_CONFIDENCE))
    for pattern, speck, after in ((_STOP_BEFORE_LOWERCASE, _speck_stop, ""), (_GLUED_HYPHEN, _speck_hyphen, " ")):
        for match in pattern.finditer(text, overlapped=True):
            if speck(match.group(1), match.group(3)):
                spans.append(NoiseSpan(match.start(2), match.end(2), after, STRAY_MARK_CONFIDENCE))
    return sorted(spans, key=lambda span: span.start)


def _speck_stop(before: str, after: str) -> bool:
    """Whether a stop between two lowercase words (``giáo. dục``) is a speck: both are
    syllables. A sentence starts with a capital, and a list's letter (``a)``) or an
    abbreviation (``v.v.``, ``tr.``) is no syllable of two letters. In typed legal text the
    pair comes about once in 100,000 characters, mostly specks of OCR'd laws and titles run
    into the line after them; in the Vietnamese engine's reading of the benchmark's degraded
    lines (both splits, mild and harsh) 255 such stops were specks and 2 the print's own.

    >>> _speck_stop("giáo", "dục"), _speck_stop("v", "và"), _speck_stop("sau", "ths")
    (True, False, False)
    """
    return is_syllable(before) and is_syllable(after)


def _speck_hyphen(before: str, after: str) -> bool:
    """Whether a hyphen between two syllables (``cơ-quan``, ``Bộ-Giáo``) is a speck: the
    training text writes the two apart (their bigram is stored) and never with a dash between
    them (their trigram with ``-`` is not). A loanword's syllables (``sê-ri``, ``ăng-ten``,
    ``a-xít``) and a pair (``bắc-nam``, ``Bà Rịa-Vũng Tàu``, ``kinh tế-kỹ thuật``) are written
    with one, and stay; so does a pair the text has no evidence of (``ki-lô``), and a code
    (``KH-UBND``) is no syllable. In the Vietnamese engine's reading of the benchmark's
    degraded lines (both splits, mild and harsh) about 300 hyphens stood so between two words
    printed apart, and none was printed.

    >>> [_speck_hyphen(*pair) for pair in [("cơ", "quan"), ("Bộ", "Giáo"), ("sê", "ri"), ("Rịa", "Vũng")]]
    [True, True, False, False]
    """
    if not (is_syllable(before.lower()) and is_syllable(after.lower())):
        return False
    lm = model()
    first, second = word_symbol(before), word_symbol(after)
    return lm.stored(first, second) and not lm.stored(first, "-", second)


#: How sure a glued mark is a speck: sure enough to make, not to skip review of a lone one.
STRAY_MARK_CONFIDENCE = 0.9
