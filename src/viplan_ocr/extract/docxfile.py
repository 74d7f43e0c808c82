"""Word ``.docx`` files: the body in document order, with each run's font and each list's marker.

python-docx opens the package and gives the parts; the body is walked as XML, because
``Document.paragraphs`` and ``Document.tables`` are two separate lists and the order between a
paragraph and a table (the header table, then the title, then a data table in section II) is
exactly what the parser needs. What the walk keeps and why:

- every run's **font** as Word resolves it (the run's own, its character style, its paragraph's
  style and that style's bases, the document defaults): a ``.VnTime`` run holds TCVN3 bytes
  (:mod:`.wordtext` decodes them);
- the **list marker** Word draws before a numbered paragraph (:mod:`.wordnumbering`);
- **capitals** set as formatting (``w:caps``): offices type ``Độc lập`` headings in lowercase
  and let the style print them in capitals, and the parser reads capitals as structure;
- **tables** as :class:`~viplan_ocr.extract.wordtext.Grid`, cell by cell.

Left out: headers and footers (they repeat on every printed page: page numbers, running titles,
a ``DỰ THẢO`` stamp; the parser would read them as part of the body, and a PDF of the same file
is where they belong), deleted revisions, field instructions, hidden text, and drawings (text
boxes and the anchored lines under the header, whose position numbers leak into naive XML text
extraction).
"""

from __future__ import annotations

import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

from viplan_ocr.errors import CorruptFileError
from viplan_ocr.extract.wordnumbering import Numbering
from viplan_ocr.extract.wordtext import MAX_SPAN, Block, Grid, Para, Run, Spans

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = f"{{{_W}}}"
_OFF = ("0", "false", "off", "none")
#: Containers whose runs are part of the paragraph's text (links, tracked insertions, fields).
_RUN_CONTAINERS = {
    f"{_Q}{tag}" for tag in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "moveTo")
}
_INVISIBLE_BORDER = ("nil", "none")


def _on(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{_Q}val", "1") not in _OFF


class Styles:
    """A document's styles, for what a run or paragraph inherits: font, capitals, numbering."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.defaults: etree._Element | None = None
        self.font = cache(self._font)
        self.caps = cache(self._caps)
        self.numbering = cache(self._numbering)
        if root is None:
            return
        for style in root.iter(f"{_Q}style"):
            style_id = style.get(f"{_Q}styleId")
            if style_id:
                self.by_id[style_id] = style
                if style.get(f"{_Q}type") == "paragraph" and _on(style.find(f"{_Q}default")):
                    self.default_paragraph = style_id
        self.defaults = root.find(f"{_Q}docDefaults/{_Q}rPrDefault/{_Q}rPr")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """A style and the styles it is based on, nearest first (a cycle is cut)."""
        out: list[etree._Element] = []
        while style_id and style_id in self.by_id and self.by_id[style_id] not in out:
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(f"{_Q}basedOn")
            style_id = None if based is None else based.get(f"{_Q}val")
        return out

    def _font(self, style_id: str | None) -> str | None:
        for style in self.chain(style_id):
            found, font = rpr_font(style.find(f"{_Q}rPr"))
            if found:
                return font
        return None

    def _caps(self, style_id: str | None) -> bool | None:
        for style in self.chain(style_id):
            caps = style.find(f"{_Q}rPr/{_Q}caps")
            if caps is not None:
                return _on(caps)
        return None

    def _numbering(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self.chain(style_id):
            num = style.find(f"{_Q}pPr/{_Q}numPr")
            if num is not None:
                num_id = num.find(f"{_Q}numId")
                ilvl = num.find(f"{_Q}ilvl")
                return (
                    "" if num_id is None else num_id.get(f"{_Q}val", ""),
                    0 if ilvl is None else int(ilvl.get(f"{_Q}val", "0")),
                )
        return None

    def table_ruled(self, style_id: str | None) -> bool:
        """Whether a table style (or a style it is based on) draws borders."""
        return any(_has_border(style.find(f"{_Q}tblPr/{_Q}tblBorders")) for style in self.chain(style_id))


def rpr_font(rpr: etree._Element | None) -> tuple[bool, str | None]:
    """The font a run-properties element names: (whether it names one, the name or None for a theme font)."""
    fonts = None if rpr is None else rpr.find(f"{_Q}rFonts")
    if fonts is None:
        return False, None
    for attribute in ("ascii", "hAnsi"):
        if name := fonts.get(f"{_Q}{attribute}"):
            return True, name
    if fonts.get(f"{_Q}asciiTheme") or fonts.get(f"{_Q}hAnsiTheme"):
        return True, None  # a theme font (Calibri, Times New Roman): never a legacy one
    return False, None


def _has_border(borders: etree._Element | None) -> bool:
    return borders is not None and any(b.get(f"{_Q}val", "nil") not in _INVISIBLE_BORDER for b in borders)


class BodyReader:
    """Walks a document's body XML into :class:`Para` and :class:`Grid` blocks, in order."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def blocks(self, parent: etree._Element) -> tuple[Block, ...]:
        """The paragraphs and tables directly in ``parent`` (the body, a cell), in order."""
        out: list[Block] = []
        for child in parent:
            if child.tag == f"{_Q}p":
                out.append(self.paragraph(child))
            elif child.tag == f"{_Q}tbl":
                out.append(self.table(child))
            elif child.tag in (f"{_Q}sdt", f"{_Q}sdtContent", f"{_Q}customXml"):
                out.extend(self.blocks(child))
        return tuple(out)

    def paragraph(self, p: etree._Element) -> Para:
        """One paragraph: its runs with their fonts, and its list marker."""
        ppr = p.find(f"{_Q}pPr")
        style_id = None
        if ppr is not None and (pstyle := ppr.find(f"{_Q}pStyle")) is not None:
            style_id = pstyle.get(f"{_Q}val")
        style_id = style_id or self.styles.default_paragraph
        runs = tuple(self._runs(p, style_id))
        jc = None if ppr is None else ppr.find(f"{_Q}jc")
        centred = jc is not None and jc.get(f"{_Q}val") == "center"
        return Para(runs=runs, marker=self._marker(ppr, style_id), centred=centred)

    def _marker(self, ppr: etree._Element | None, style_id: str | None) -> str:
        inherited = self.styles.numbering(style_id) if style_id else None
        num = None if ppr is None else ppr.find(f"{_Q}numPr")
        if num is None and inherited is None:
            return ""
        num_id, ilvl = inherited or ("", 0)
        if num is not None:
            if (element := num.find(f"{_Q}numId")) is not None:
                num_id = element.get(f"{_Q}val", "")
            if (element := num.find(f"{_Q}ilvl")) is not None:
                ilvl = int(element.get(f"{_Q}val", "0"))
        return self.numbering.marker(num_id, ilvl)

    def _runs(self, parent: etree._Element, style_id: str | None) -> list[Run]:
        runs: list[Run] = []
        for child in parent:
            if child.tag == f"{_Q}r":
                if (run := self._run(child, style_id)) is not None:
                    runs.append(run)
            elif child.tag in _RUN_CONTAINERS:
                runs.extend(self._runs(child, style_id))
        return runs

    def _run(self, r: etree._Element, style_id: str | None) -> Run | None:
        rpr = r.find(f"{_Q}rPr")
        if rpr is not None and _on(rpr.find(f"{_Q}vanish")):
            return None
        text = run_text(r)
        if not text:
            return None
        char_style = None
        if rpr is not None and (rstyle := rpr.find(f"{_Q}rStyle")) is not None:
            char_style = rstyle.get(f"{_Q}val")
        found, font = rpr_font(rpr)
        if not found:
            font = self.styles.font(char_style) or self.styles.font(style_id) or rpr_font(self.styles.defaults)[1]
        caps = rpr.find(f"{_Q}caps") if rpr is not None else None
        if caps is not None:
            upper = _on(caps)
        else:
            upper = bool(self.styles.caps(char_style) or self.styles.caps(style_id))
        # Capitals as formatting are applied after decoding (:mod:`.wordtext`): upper-casing the
        # legacy bytes first would change them ("¹" has no capital, "õ" does).
        return Run(text=text, font=font, capitals=upper)

    def table(self, tbl: etree._Element) -> Grid:
        """A table, row by row, one cell per column of its grid.

        A cell spanning columns (``gridSpan``) is followed by empty cells for the columns it
        covers, and a cell merged into the one above it (``vMerge``) is left empty; both are
        recorded as merged cells, so that a heading over several columns heads each of them.
        """
        tblpr = tbl.find(f"{_Q}tblPr")
        ruled = False
        if tblpr is not None:
            style = tblpr.find(f"{_Q}tblStyle")
            ruled = _has_border(tblpr.find(f"{_Q}tblBorders")) or self.styles.table_ruled(
                None if style is None else style.get(f"{_Q}val")
            )
        rows = []
        spans = Spans()
        for r, tr in enumerate(_children(tbl, "tr")):
            trpr = tr.find(f"{_Q}trPr")
            before = _int_val(None if trpr is None else trpr.find(f"{_Q}gridBefore"), 0)
            cells: list[tuple[Block, ...]] = [()] * min(MAX_SPAN, max(0, before))
            for tc in _children(tr, "tc"):
                tcpr = tc.find(f"{_Q}tcPr")
                ruled = ruled or (tcpr is not None and _has_border(tcpr.find(f"{_Q}tcBorders")))
                merge = None if tcpr is None else tcpr.find(f"{_Q}vMerge")
                continued = merge is not None and merge.get(f"{_Q}val", "continue") == "continue"
                width = min(MAX_SPAN, max(1, _int_val(None if tcpr is None else tcpr.find(f"{_Q}gridSpan"), 1)))
                if continued:
                    spans.down(r, len(cells))
                else:
                    spans.start(r, len(cells), width)
                cells.append(() if continued else self.blocks(tc))
                cells.extend([()] * (width - 1))
            rows.append(tuple(cells))
        return Grid(rows=tuple(rows), ruled=ruled, merged=spans.merged())


def _int_val(element: etree._Element | None, default: int) -> int:
    """The integer ``w:val`` of an element (``w:gridSpan w:val="2"``), or ``default``."""
    try:
        return int(element.get(f"{_Q}val", default)) if element is not None else default
    except ValueError:
        return default


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """The ``w:tag`` children of an element, also those wrapped in content controls."""
    out = []
    for child in parent:
        if child.tag == f"{_Q}{tag}":
            out.append(child)
        elif child.tag in (f"{_Q}sdt", f"{_Q}sdtContent", f"{_Q}customXml"):
            out.extend(_children(child, tag))
    return out


def run_text(r: etree._Element) -> str:
    """A run's characters as Word prints them: tabs, line breaks, soft and non-breaking hyphens.

    A soft hyphen stays (U+00AD): in a TCVN3 font it is the letter ``ư``.
    """
    parts: list[str] = []
    for child in r:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "t":
            parts.append(child.text or "")
        elif tag in ("tab", "ptab"):
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "softHyphen":
            parts.append("\u00ad")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "sym" and (code := child.get(f"{_Q}char")):
            try:
                parts.append(chr(int(code, 16)))
            except ValueError:
                continue
    return "".join(parts)


def read_docx(path: Path) -> tuple[Block, ...]:
    """The body of a ``.docx`` file as blocks; a file python-docx cannot open is a CorruptFileError."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        body = document.element.body
        styles_root = document.styles.element
        try:
            numbering_root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
        reader = BodyReader(Styles(styles_root), Numbering.from_xml(numbering_root))
        return reader.blocks(body)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptFileError(f"not a readable Word document ({reason})", path=path) from exc


__all__ = ["BodyReader", "Styles", "read_docx", "rpr_font", "run_text"]
