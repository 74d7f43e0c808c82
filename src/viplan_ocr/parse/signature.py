"""The end of a plan: the closing sentence, the signature block and the ``Nơi nhận:`` list.

::

    Nơi nhận:                                   KT. TRƯỞNG PHÒNG
    - Các trường MN, TH, THCS;                  PHÓ TRƯỞNG PHÒNG
    - Lưu: VT.
                                                Nguyễn Thị Hằng

Two columns side by side in a PDF text layer, one after the other in OCR output (seed 004 puts
the signer's name after the whole list). So cells are read in order, the list's ``-`` items go
to the recipients, and the signature is what remains: the authority (``KT.``, ``TM.``, ``Q.``,
``TL.``, ``TUQ.``), the position on the next line, and the first line after it shaped like a
person's name.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from viplan_ocr.parse.model import Signature
from viplan_ocr.parse.text import TextLine, join_lines, squash
from viplan_ocr.vietnamese.layout import (
    AUTHORITY,
    GLUED_MODE,
    LEADING_SPECKS,
    NAME,
    RECIPIENTS_HEAD,
    TRAILING_SPECKS,
    is_capitals,
    is_name,
    read_glued_position,
    read_name,
    read_position,
    tail_cells,
)
from viplan_ocr.vietnamese.markers import BULLETS, is_heading
from viplan_ocr.vietnamese.syllables import folded_letters, shadow

#: ``Trên đây là Kế hoạch ...``: the closing sentence after the last section.
CLOSING = regex.compile(r"^tren\s+day\s+la(?![a-z])")


def canonical_authority(cell: str) -> str | None:
    """An authority cell as it is printed, from an OCR or text-layer reading; None if none.

    >>> canonical_authority("TLBỘTRƯỞNG"), canonical_authority("_TM, ỦY BAN NHÂN DÂN")
    ('TL. BỘ TRƯỞNG', 'TM. ỦY BAN NHÂN DÂN')
    >>> canonical_authority("KT. GIÁM ĐỐC"), canonical_authority("TL.CHỦ TỊCH"), canonical_authority("Tổ chức")
    ('KT. GIÁM ĐỐC', 'TL.CHỦ TỊCH', None)
    >>> canonical_authority("KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ:")
    'KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ'
    """
    cell = LEADING_SPECKS.sub("", cell)
    folded = squash(shadow(cell))
    if (match := AUTHORITY.match(folded)) and cell[:1].isupper():
        stop = regex.match(r"^\w+\s*(?P<stop>[.:,])\s*", cell)
        prefix, rest = cell[: stop.end()], cell[stop.end() :]
        if stop.group("stop") == ",":  # OCR's comma for the full stop
            prefix = f"{match.group('mode').upper()}. "
    elif (match := GLUED_MODE.match(folded)) and cell[:1].isupper() and read_position(cell[match.end() :]):
        prefix, rest = f"{match.group('mode').upper()}. ", cell[match.end() :]
    else:
        return None
    if head := read_position(rest):
        rest = " ".join(part for part in head if part)
    return f"{prefix}{rest.rstrip(' :;,')}"  # no authority ends in a colon: OCR's specks


#: A signing mode and its stop in an authority (``TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH``).
_MODE_STOP = regex.compile(r"(?<!\p{L})(KT|TM|TL|TUQ|Q)\s*[.:,]\s*")
#: A signature cell has at least this many letters (``KT.`` is part of its authority's cell).
MIN_CELL_LETTERS = 3
#: A list item of the recipients.
ITEM = regex.compile(rf"^[{regex.escape(BULLETS)}]\s*")
#: Scanner specks after the last recipient: ``- Lưu VP. i-``.
_TRAILING_NOISE = regex.compile(r"(?:\s+(?:\w[-~^'`]|[-~^'`•]+))+$")


def _bare(cell: str) -> str:
    """A cell without the specks round it (a seal's strokes: ``“SA HIỆU TRƯỜNG” —``)."""
    return TRAILING_SPECKS.sub("", LEADING_SPECKS.sub("", cell))


def _cell_role(cell: str) -> str | None:
    """``authority``, ``recipients`` or ``position`` for a cell that opens part of the tail."""
    folded = squash(shadow(cell))
    if RECIPIENTS_HEAD.match(folded):
        return "recipients"
    if canonical_authority(cell):
        return "authority"
    cell = _bare(cell)
    if read_glued_position(cell) and is_capitals(cell) and len(cell) < 60:
        return "position"
    return None


def _opens_tail(line: TextLine) -> bool:
    return bool(CLOSING.match(squash(line.shadow))) or any(_cell_role(c) for c in tail_cells(line.text))


def _opens_signature(line: TextLine) -> bool:
    """A line that ends the closing sentence: ``Nơi nhận:``, ``KT. ...`` or ``HIỆU TRƯỞNG``."""
    return any(_cell_role(c) for c in tail_cells(line.text))


def find_tail(lines: list[TextLine], start: int) -> int:
    """The index of the first line of the closing, signature or recipients, or ``len(lines)``.

    The tail follows the last heading: a ``Trên đây là ...`` or ``HIỆU TRƯỞNG`` line inside the
    body (a codification quoting another document, a role named alone) does not end it.
    """
    last_heading = start
    for line in lines[start:]:
        if is_heading(line.text):
            last_heading = line.index + 1
    for line in lines[last_heading:]:
        if _opens_tail(line):
            return line.index
    return len(lines)


def recipient(item: str) -> str:
    """A recipient as listed, without its dash, its closing ``;``/``.`` or scanner specks.

    >>> recipient("- Các trường MN, TH, THCS;"), recipient("- Luru VP. i-")
    ('Các trường MN, TH, THCS', 'Luru VP')
    """
    text = ITEM.sub("", squash(item))
    text = _TRAILING_NOISE.sub("", text)
    return text.rstrip(" ;.,")


def read_tail(lines: list[TextLine]) -> tuple[str | None, Signature | None, tuple[str, ...], list[str]]:
    """The closing sentence, the signature and the recipients of the lines after the body, and
    a warning for each part of the signature read from the block's shape."""
    closing: list[str] = []
    recipients: list[str] = []
    candidates: list[str] = []
    in_closing = in_recipients = open_item = False
    last_item_cell = ""  # the first cell of the line before, which a continuation carries on
    item_follows = _items_follow(lines)
    for number, line in enumerate(lines):
        folded = squash(line.shadow)
        if not folded:
            in_closing = False
            continue
        if CLOSING.match(folded):
            in_closing = True
        if in_closing and not _opens_signature(line):
            closing.append(line.text)
            continue
        in_closing = False
        for position, cell in enumerate(tail_cells(line.text)):
            carried_on = position == 0 and last_item_cell.rstrip().endswith(",") and not _cell_role(cell)
            if position == 0:
                last_item_cell = cell
            folded_cell = squash(shadow(cell))
            if RECIPIENTS_HEAD.match(folded_cell):
                in_recipients = True
                rest = cell[cell.index(":") + 1 :].strip() if ":" in cell else ""
                if rest:
                    recipients.append(recipient(rest))
            elif in_recipients and position == 0 and ITEM.match(cell):
                recipients.append(recipient(cell))
                open_item = not cell.rstrip().endswith((";", "."))
            elif in_recipients and position == 0 and _damaged_item(cell, recipients, open_item, item_follows[number]):
                # ``€VP, PCVP, KTTH;``, ``'Cổng TTĐT tỉnh;``: the item's dash read as another sign.
                recipients.append(recipient(cell[1:]))
                open_item = not cell.rstrip().endswith((";", "."))
            elif (
                in_recipients
                and position == 0
                and recipients
                and (
                    (open_item and cell[:1].islower())
                    or (
                        not _archived(recipients[-1])
                        and ((open_item and carried_on) or _goes_on(cell, item_follows[number]))
                    )
                )
            ):
                # ``- Sở GDĐT (để`` / ``báo cáo);``: an item broken over two lines; a list of
                # offices broken after a comma goes on with a capital (``Tài chính,`` / ``Y tế,``),
                # and after a stop OCR made of that comma while items follow (``Tải chính.`` /
                # ``Nông nghiệp ...`` / ``- Liên minh HTX tỉnh;``). The archive copy (``Lưu: VT``)
                # is the last item: after it, only its own broken word goes on.
                recipients[-1] = recipient(f"{recipients[-1]}{',' if carried_on else ''} {cell}")
                open_item = not cell.rstrip().endswith((";", "."))
            else:
                # A signature cell on a line of its own (``PHÓ HIỆU TRƯỞNG`` between two
                # recipients, where the columns were not told apart) does not end the list.
                if position == 0 and not _cell_role(cell) and not is_name(cell):
                    in_recipients = open_item = False
                candidates.append(squash(cell))
    signature, notes = _signature(candidates)
    return join_lines(closing) or None, signature, tuple(r for r in recipients if r), notes


#: How many lines ahead an item marker keeps a list of recipients open across a line without one.
ITEM_LOOKAHEAD = 3
#: The archive copy, the last recipient: ``Lưu: VT``, ``Lưu VT, TCKT``.
_ARCHIVE = regex.compile(r"^luu\b")


def _items_follow(lines: list[TextLine]) -> list[bool]:
    """For each line, whether one of the next :data:`ITEM_LOOKAHEAD` lines with text opens with
    an item marker (``- ``)."""
    opens = [bool(ITEM.match(line.text.lstrip())) for line in lines]
    texts = [index for index, line in enumerate(lines) if line.text.strip()]
    follows = [False] * len(lines)
    for position, index in enumerate(texts):
        follows[index] = any(opens[later] for later in texts[position + 1 : position + 1 + ITEM_LOOKAHEAD])
    return follows


#: A list item whose dash OCR read as another sign, glued to the item: ``€VP, PCVP``, ``'TTĐT tỉnh``.
_DAMAGED_ITEM = regex.compile(r"^[^\p{L}\p{N}\s(\[{]\p{L}")


def _damaged_item(cell: str, recipients: list[str], open_item: bool, items_follow: bool) -> bool:
    """Whether a line in the list is a new item with its dash misread: a sign glued to a word,
    after a closed item (its ``;`` read as ``:`` too), where items follow or the item is the
    archive copy.

    >>> _damaged_item("€VP, PCVP, KTTH;", ["Liên minh HTX tỉnh"], False, True)
    True
    >>> _damaged_item("€VP, PCVP, KTTH;", ["Sở Y tế (để"], True, True), _damaged_item("“Báo cáo”", [], False, True)
    (False, False)
    """
    if not recipients or _archived(recipients[-1]) or not _DAMAGED_ITEM.match(cell):
        return False
    if open_item and not recipients[-1].endswith(":"):
        return False
    return items_follow or _archived(cell[1:])


def _archived(item: str) -> bool:
    """Whether a recipient is the archive copy, which ends the list."""
    return _ARCHIVE.match(squash(shadow(item))) is not None


def _goes_on(cell: str, items_follow: bool) -> bool:
    """Whether a line without a marker inside the list carries the item before it on: more
    items follow, and it is no signature cell or name of its own."""
    return items_follow and not _cell_role(cell) and not is_name(cell) and not is_capitals(cell)


def _signature(candidates: list[str]) -> tuple[Signature | None, list[str]]:
    """Authority, position and name from the cells that are not recipients, in reading order,
    and a note for each part read from the block's shape rather than from its letters.

    Cells of fewer than three letters are the seal's and the signature's specks as OCR reads
    them (``s``, ``4``, ``ST``), never part of an authority, position or name. Authorities that
    follow one another (``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH``) are one authority; ``mode``
    is the first one's.
    """
    candidates = [c for c in candidates if sum(ch.isalpha() for ch in c) >= MIN_CELL_LETTERS]
    roles = [_cell_role(c) for c in candidates]
    authority = mode = position = None
    notes: list[str] = []
    if "authority" in roles:
        at = roles.index("authority")
        authority = canonical_authority(candidates[at])
        mode = authority.split(".")[0]
        # Signing on behalf twice: ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``.
        while roles[at + 1 : at + 2] == ["authority"]:
            at += 1
            authority = f"{authority} {canonical_authority(candidates[at])}"
        following = candidates[at + 1] if at + 1 < len(candidates) else ""
        *_, mode_of_last, last = ["", "", *_MODE_STOP.split(authority)]  # the last mode and its title
        if roles[at + 1 : at + 2] == ["position"] or (is_capitals(following) and not NAME.fullmatch(following)):
            position = _position(following)
            at += 1
            head_title = read_position(last)
            if mode_of_last == "KT" and folded_letters(position) == folded_letters(last):
                position = _deputy(position)
                notes.append(f"signature: {position!r} read from the block's shape (the seal hid 'PHÓ')")
            elif mode_of_last == "KT" and head_title and _ends_like(position, head_title[0]):
                # ``KT. TRƯỞNG BAN ...`` / ``PID Eh ƯỞNG BAN``: the deputy's line, its start under
                # the seal (or its title damaged after a ``PHÓ`` read: ``PHO TRirdNG PHONG``)
                first = position.split()[0]
                position = f"{first} {head_title[0]}" if folded_letters(first) == "pho" else _deputy(head_title[0])
                notes.append(f"signature: {position!r} read from the block's shape (the seal hid its start)")
        elif mode_of_last == "KT" and read_position(last):
            # ``KT. GIÁM ĐỐC`` and the name, the deputy's line between them lost under the seal
            position = _deputy(_position(last))
            notes.append(f"signature: {position!r} read from the block's shape (the seal hid the deputy's line)")
    elif "position" in roles:
        at = roles.index("position")
        position = _position(candidates[at])
        head = candidates[at - 1] if at else ""
        deputy = candidates[at + 1] if roles[at + 1 : at + 2] == ["position"] else ""
        title = folded_letters(position)
        if deputy and folded_letters(_position(deputy)) in (title, f"pho{title}", f"p{title}"):
            # ``GIÁM ĐỐC`` / ``GIÁM ĐỐC``: the head's title twice is ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC``
            authority, position, mode, at = f"KT. {position}", _deputy(_position(deputy)), "KT", at + 1
        elif len(head) < 40 and folded_letters(head).endswith(title) and not title.startswith("pho"):
            # ``;#*T, GIÁM ĐỐC`` / ``GIÁM ĐỐC``: the authority line, its ``KT.`` damaged
            authority, position, mode = f"KT. {position}", _deputy(position), "KT"
        if authority:
            notes.append(f"signature: {authority!r} / {position!r} read from the block's shape (the same title twice)")
    else:
        # OCR lost the authority and position (a seal over them, ``GIẢÁM ĐÓC``): the signer's
        # name, under them at the end, is still the signer's.
        name, note = _name(reversed(candidates))
        notes += [note] if note else []
        return (Signature(authority=None, position=None, name=name, mode=None) if name else None), notes
    name, note = _name(
        c for previous, c in zip(candidates[at:], candidates[at + 1 :], strict=False) if not _continues(previous, c)
    )
    notes += [note] if note else []
    return Signature(authority=authority, position=position, name=name, mode=mode), notes


def _name(cells: Iterable[str]) -> tuple[str | None, str | None]:
    """The signer's name among the cells below the position, and a note if it was mended.

    A name printed as names are (``Lê Quang Trí``) is taken over one in capitals that comes
    first: the ring of a seal reads as capitals shaped like a name (``GIÁO DỤC``).
    """
    found = [reading for cell in cells if (reading := read_name(cell.rstrip(".")))]
    found.sort(key=lambda reading: reading[0].isupper())  # stable: in reading order within each kind
    name, note = found[0] if found else (None, None)
    return name, (f"signature: {note}" if note else None)


#: How many of a title's last letters a damaged deputy's line must end with (``ƯỞNG BAN``).
_TITLE_END = 6


def _ends_like(cell: str, title: str) -> bool:
    """Whether a cell that reads as no position ends with the last letters of a title, as the
    deputy's line does when a seal's ring ate its start (``PID Eh ƯỞNG BAN`` for ``PHÓ TRƯỞNG BAN``).

    >>> _ends_like("PID Eh ƯỞNG BAN", "TRƯỞNG BAN"), _ends_like("PHO TRirdNG PHONG", "TRƯỞNG PHÒNG")
    (True, True)
    >>> _ends_like("PHÓ TRƯỞNG BAN", "TRƯỞNG BAN"), _ends_like("CHUYÊN VIÊN", "TRƯỞNG BAN")
    (False, False)
    """
    letters, ending = folded_letters(cell), folded_letters(title)[-_TITLE_END:]
    return read_position(cell) is None and len(letters) > len(ending) and letters.endswith(ending)


def _deputy(position: str) -> str:
    """The deputy's title of a head's title, as printed: ``GIÁM ĐỐC`` -> ``PHÓ GIÁM ĐỐC``.

    A block that signs for the head (``KT.``) is always signed by a deputy (Decree 30/2020,
    appendix I): when the seal hid ``PHÓ``, the head's title is all that is left to read.
    """
    if folded_letters(position).startswith("pho"):
        return position
    return f"PHÓ {position}" if is_capitals(position) else f"Phó {position[:1].lower()}{position[1:]}"


def _position(cell: str) -> str:
    """A position cell as printed: its position read (``GIẢÁM ĐÓC`` -> ``GIÁM ĐỐC``), the rest kept."""
    cell = _bare(cell).rstrip(" .,:;")
    head = read_glued_position(cell)
    if not head or not is_capitals(cell):
        return cell
    printed, rest = head
    return f"{printed} {rest}" if any(c.isalpha() for c in rest) else printed  # ``” —``: specks


#: Words a line of capitals ends with when the next line carries it on: ``... SỞ GIÁO DỤC VÀ``
#: / ``ĐÀO TẠO`` is one title, and ``ĐÀO TẠO`` no name.
_CARRIED_ON = regex.compile(r"(?:\s(?:va|cua|ve|tinh|thanh\s+pho)|[,&-])$")


def _continues(previous: str, cell: str) -> bool:
    """Whether a capitals ``cell`` carries on the capitals line before it."""
    return is_capitals(previous) and is_capitals(cell) and bool(_CARRIED_ON.search(squash(shadow(previous))))
