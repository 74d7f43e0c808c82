"""Word documents saved as web pages and named ``.doc``: read as HTML, fonts and tables kept.

Vietnamese e-office systems export documents as "Word HTML" (``<html xmlns:w=
"urn:schemas-microsoft-com:office:word">``) and keep the ``.doc`` name; Word opens them, so
nobody notices. They are read here with lxml's HTML parser rather than through LibreOffice
(whose Writer/Web import has no ``.docx`` export, and which would add seconds per file for
nothing): paragraphs, headings and table cells become :mod:`.wordtext` blocks, each text piece
tagged with its inline font (``style="font-family:.VnTime"``, ``<font face>``) so a legacy font
is decoded as in a ``.docx``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import lxml.html
import regex
from lxml import etree

from viplan_ocr.errors import CorruptFileError
from viplan_ocr.extract.wordtext import MAX_SPAN, Block, Grid, Para, Run, Spans

#: How a file announces itself as Word HTML; any HTML named ``.doc`` is read the same way.
MARKER = b"urn:schemas-microsoft-com:office:word"
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "pre", "blockquote", "center",
           "dl", "dt", "dd", "address", "section", "article", "body", "form", "hr"}  # fmt: skip
_SKIP = {"head", "script", "style", "title", "meta", "link", "xml", "object", "img"}
_FONT_FAMILY = regex.compile(r"(?:^|;)\s*font-family\s*:\s*([^;]+)", regex.IGNORECASE)
_CHARSET = regex.compile(rb"charset\s*=\s*[\"']?([\w.:-]+)", regex.IGNORECASE)
_SPACE = regex.compile(r"[ \t\r\n\f]+")
_BORDER = regex.compile(r"border[-\w]*\s*:[^;]*\b(?:solid|double|dotted|dashed)\b", regex.IGNORECASE)


def is_html(head: bytes) -> bool:
    """Whether a file's first bytes are HTML (after a byte-order mark and blank space).

    >>> is_html(b"\\xef\\xbb\\xbf<html xmlns:w='urn:schemas-microsoft-com:office:word'>"), is_html(b"%PDF-1.7")
    (True, False)
    """
    start = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return start.startswith((b"<html", b"<!doctype html", b"<?xml")) and (b"<html" in start)


def is_word_html(head: bytes) -> bool:
    """Whether the first bytes are HTML that Word wrote (its namespace is declared up front)."""
    return is_html(head) and MARKER in head


def _text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = _CHARSET.search(data[:4096])
    for name in ((declared.group(1).decode("ascii", "replace"),) if declared else ()) + ("utf-8",):
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def _font(element: etree._Element, inherited: str | None) -> str | None:
    face = element.get("face")
    style = _FONT_FAMILY.search(element.get("style") or "")
    name = style.group(1) if style else face
    if not name:
        return inherited
    return name.split(",")[0].strip().strip("\"'") or inherited


def _tag(element: etree._Element) -> str | None:
    """The element's tag; Word's own (``o:p``, ``v:shape``) keep their prefix, so ``o:p`` is no ``p``."""
    return element.tag.lower() if isinstance(element.tag, str) else None


class HtmlReader:
    """Walks an HTML body into :class:`Para` and :class:`Grid` blocks."""

    def runs(self, element: etree._Element, font: str | None) -> list[Run]:
        """An inline element's text pieces, each with its font; ``<br>`` is a line break."""
        font = _font(element, font)
        out: list[Run] = []
        if element.text:
            out.append(Run(_SPACE.sub(" ", element.text), font))
        for child in element:
            tag = _tag(child)
            if tag == "br":
                out.append(Run("\n"))
            elif tag is not None and tag not in _SKIP:
                out.extend(self.runs(child, font))
            if child.tail:
                out.append(Run(_SPACE.sub(" ", child.tail), font))
        return out

    def blocks(self, element: etree._Element, font: str | None = None) -> tuple[Block, ...]:
        """The paragraphs and tables in a block element, in order; loose inline text makes a paragraph."""
        font = _font(element, font)
        out: list[Block] = []
        pending: list[Run] = []

        def flush() -> None:
            if "".join(run.text for run in pending).strip():
                out.append(Para(tuple(pending)))
            pending.clear()

        if element.text:
            pending.append(Run(_SPACE.sub(" ", element.text), font))
        for child in element:
            tag = _tag(child)
            if tag is None or tag in _SKIP:
                pass
            elif tag == "table":
                flush()
                out.append(self.table(child, font))
            elif tag in _BLOCKS:
                flush()
                if any(_tag(d) in _BLOCKS or _tag(d) == "table" for d in child.iterdescendants()):
                    out.extend(self.blocks(child, font))
                else:
                    out.append(Para(tuple(self.runs(child, font))))
            elif tag == "br":
                pending.append(Run("\n"))
            else:
                pending.extend(self.runs(child, font))
            if child.tail:
                pending.append(Run(_SPACE.sub(" ", child.tail), font))
        flush()
        return tuple(out)

    def table(self, table: etree._Element, font: str | None) -> Grid:
        """A table's rows (of its own, not of tables nested in its cells) and whether it has borders.

        A cell spanning columns (``colspan``) is followed by empty cells for the columns it covers,
        and the rows a ``rowspan`` reaches get an empty cell where it stands, so that every row
        has one cell per column; both are recorded as merged cells.
        """
        rows: list[tuple[tuple[Block, ...], ...]] = []
        spans = Spans()
        below: dict[int, int] = {}  # column -> rows a cell from above still covers
        ruled = (table.get("border") or "0").strip() not in ("", "0")
        for tr in table.iter("tr"):
            if next(a for a in tr.iterancestors("table")) is not table:
                continue
            r = len(rows)
            cells: list[tuple[Block, ...]] = []
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                _covered(cells, below)
                ruled = ruled or bool(_BORDER.search(td.get("style") or ""))
                width, height = _span(td.get("colspan")), _span(td.get("rowspan"))
                spans.start(r, len(cells), width, height)
                for column in range(len(cells), len(cells) + width):
                    below[column] = height - 1
                cells.append(self.blocks(td, font))
                cells.extend([()] * (width - 1))
            _covered(cells, below)
            rows.append(tuple(cells))
        return Grid(rows=tuple(rows), ruled=ruled, merged=spans.merged())


def _covered(cells: list[tuple[Block, ...]], below: dict[int, int]) -> None:
    """Empty cells where a ``rowspan`` from a row above stands, up to the next cell of this row."""
    while below.get(len(cells), 0) > 0:
        below[len(cells)] -= 1
        cells.append(())


def _span(value: str | None) -> int:
    """A ``colspan``/``rowspan`` as a count of cells: 1 when absent or unreadable, at most :data:`MAX_SPAN`."""
    try:
        return min(MAX_SPAN, max(1, int((value or "1").strip())))
    except ValueError:
        return 1


def read_html(path: Path) -> tuple[Block, ...]:
    """The body of a Word-HTML (or any HTML) file as blocks."""
    data = path.read_bytes()
    text = regex.sub(r"^\s*<\?xml[^>]*>", "", _text(data))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(f"not a readable Word HTML document ({exc})", path=path) from exc
    body = root.find("body")
    return HtmlReader().blocks(body if body is not None else root)


__all__ = ["MARKER", "HtmlReader", "is_html", "is_word_html", "read_html"]
