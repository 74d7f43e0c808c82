"""``.review.html``: a page for a person to check a conversion, and to say what is wrong.

Asked for by name (``--formats review``), never by default. One self-contained HTML file per
document: CSS, script and page images inside it, nothing fetched from anywhere, so it opens from
a shared folder or a mail with no server and no network. Each page's image (a PDF's or an image
file's; a text or Word file has none) stands beside its cleaned text, line by line as printed,
with two kinds of word marked: those the OCR engine was unsure of (confidence under
:data:`LOW_OCR_CONFIDENCE`) and those holding a change the cleaner was unsure of (under
:data:`~viplan_ocr.document.REVIEW_BELOW`, or only suggested), a removed piece of text showing
as a mark where it was.

Clicking a word shows what the engine read and each change made in it, before and after: the
cleaner records no alternatives for a change (the restorer keeps only its choice and its
confidence), so the page offers the two readings it has and a box to type the right one. A person
accepts or rejects changes, types corrections, and exports the decisions as a corrections file
(:mod:`viplan_ocr.normalize.corrections`, downloaded as ``<name>.corrections.json``), which
``viplan-ocr clean/batch --corrections`` applies on the next run; that run's page marks the words
so corrected and carries their decisions into its own export.
"""

from __future__ import annotations

import bisect
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from viplan_ocr.document import REVIEW_BELOW, Document, Page
from viplan_ocr.normalize.anchors import CORRECTION, LineSpan, Spot, Trace, Unit, trace
from viplan_ocr.normalize.corrections import SCHEMA_ID, Action, Applied, applied_decisions
from viplan_ocr.resources import package_text
from viplan_ocr.writers.base import DocumentWriter
from viplan_ocr.writers.pageimages import PageImage, page_images

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted

#: OCR words read with a confidence under this (0-100) are marked for checking.
LOW_OCR_CONFIDENCE = 60.0
#: The page may load nothing: its images are data: URIs, its style and script inline.
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
NO_ALTERNATIVES = (
    "The cleaner records no alternatives for its changes: each change shows the reading before it "
    "and after it. Type the right reading when neither is."
)


def _asset(name: str) -> str:
    """The page's style or script, shipped beside this module (read once per process)."""
    return package_text("viplan_ocr.writers", name)


@dataclass(slots=True)
class _Word:
    """What the page shows of one word: its spot in the text, its marks and its changes."""

    unit: Unit
    changes: list[int] = field(default_factory=list)
    corrected: bool = False

    @property
    def confidence(self) -> float | None:
        values = [w.confidence for w in self.unit.words if w.confidence is not None]
        return min(values) if values else None

    @property
    def low(self) -> bool:
        value = self.confidence
        return value is not None and value < LOW_OCR_CONFIDENCE


def render(converted: Converted) -> str:
    """The review page of one converted document."""
    cleaned = converted.cleaned
    traced = trace(converted.document, cleaned)
    applied = applied_decisions(traced)
    words, removals, reviewed, owners = _attach(traced, applied)
    images, no_images = page_images(converted.source, cleaned.pages)
    name = cleaned.path
    data = {
        "schema": SCHEMA_ID,
        "document": name,
        "download": _download_name(name),
        "units": {str(w.unit.key): _unit_data(w) for w in words.values() if w.changes or w.low or w.corrected},
        "changes": [_change_data(spot, owners.get(spot.index)) for spot in reviewed],
        "decisions": [_applied_data(a) for a in applied],
    }
    pages = "\n".join(
        _page_html(cleaned.pages[index], index, traced, words, removals, images.get(page.number))
        for index, page in enumerate(cleaned.pages)
    )
    counts = {
        "low": sum(w.low for w in words.values()),
        "review": sum(1 for w in words.values() if w.changes) + sum(map(len, removals.values())),
        "corrected": sum(w.corrected for w in words.values()),
    }
    return _document_html(name, cleaned, counts, no_images, pages, data)


def _flagged(spot: Spot) -> bool:
    """A change a person should look at: one the cleaner was unsure of, or only suggested."""
    change = spot.change
    return spot.reviewable and (not change.applied or change.confidence < REVIEW_BELOW)


def _attach(
    traced: Trace, applied: list[Applied]
) -> tuple[dict[str, _Word], dict[int, list[Spot]], list[Spot], dict[int, Unit]]:
    """Each word with its flagged changes and correction marks; removals by line; the changes shown,
    and the word each is in (a change decided from a corrections file is shown whatever its confidence)."""
    words = {str(u.key): _Word(u) for u in traced.units}
    ordered = sorted(words.values(), key=lambda w: w.unit.start)
    starts = [w.unit.start for w in ordered]
    decided = {id(a.target.change) for a in applied if a.target is not None}
    reviewed = [s for s in traced.spots if s.key is not None and (_flagged(s) or id(s.change) in decided)]
    removals: dict[int, list[Spot]] = {}
    shown: list[Spot] = []
    owners: dict[int, Unit] = {}
    line_starts = [span.start for span in traced.lines]
    for spot in reviewed:
        start, end = spot.final
        if start == end:  # text removed: a mark where it was, on the line holding the place
            line = bisect.bisect_right(line_starts, start) - 1
            if line >= 0 and start <= traced.lines[line].end:
                removals.setdefault(line, []).append(spot)
                shown.append(spot)
            continue
        word = _word_at(ordered, starts, start, end)
        if word is not None:
            word.changes.append(spot.index)
            owners[spot.index] = word.unit
            shown.append(spot)
    for spot in traced.spots:  # a removal accepted changed no word: its mark says so, not a word
        if spot.change.step == CORRECTION and spot.final[0] < spot.final[1]:
            word = _word_at(ordered, starts, *spot.final)
            if word is not None:
                word.corrected = True
    return words, removals, shown, owners


def _word_at(ordered: list[_Word], starts: list[int], start: int, end: int) -> _Word | None:
    """The word a span of the text lies in (a span between two words: none)."""
    at = bisect.bisect_right(starts, start) - 1
    if at >= 0 and start < ordered[at].unit.end and end <= ordered[at].unit.end:
        return ordered[at]
    return None


def _unit_data(word: _Word) -> dict:
    unit = word.unit
    readings = [w.original for w in unit.words if w.original]
    return {
        "text": unit.text,
        "base": unit.base,
        "ocr": " ".join(readings) if readings else None,
        "confidence": word.confidence,
        "changes": word.changes,
    }


def _change_data(spot: Spot, unit: Unit | None) -> dict:
    """A change as the page's script needs it: what it did, where, in which word (None: a removal,
    shown as a mark), and the decision it would be."""
    change = spot.change
    assert spot.key is not None
    at = None
    if unit is not None and unit.base_start <= spot.base[0] <= spot.base[1] <= unit.base_start + len(unit.base):
        at = [spot.base[0] - unit.base_start, spot.base[1] - unit.base_start]
    shown = unit.base if unit is not None else ""
    return {
        "id": spot.index,
        "word": str(unit.key) if unit is not None else None,
        "where": f"p{spot.key.page}:{spot.key.line + 1}",
        "step": change.step,
        "reason": change.reason,
        "before": change.before,
        "after": change.after,
        "confidence": change.confidence,
        "applied": change.applied,
        "at": at,
        "decision": {
            "page": spot.key.page,
            "line": spot.key.line,
            "word": spot.key.word,
            "text": shown,
            "change": {"step": change.step, "before": change.before, "after": change.after},
        },
    }


def _applied_data(applied: Applied) -> dict:
    """A decision found applied, for the script: its id there and its JSON form."""
    decision = applied.decision
    ident = f"w:{decision.key}" if decision.action is Action.CORRECT else f"c:{applied.target.index}"  # type: ignore[union-attr]
    return {"id": ident, "decision": decision.to_dict()}


def _page_html(
    page: Page,
    index: int,
    traced: Trace,
    words: dict[str, _Word],
    removals: dict[int, list[Spot]],
    image: PageImage | None,
) -> str:
    """One page: its image (when it has one) beside its lines."""
    by_line: dict[int, list[_Word]] = {}
    for word in words.values():
        if word.unit.page == index:
            by_line.setdefault(word.unit.line, []).append(word)
    lines = [
        _line_html(span, page, traced, by_line.get(span.line, []), removals.get(position, []))
        for position, span in enumerate(traced.lines)
        if span.page == index
    ]
    source = str(page.source)
    if page.confidence is not None:
        source += f", OCR confidence {page.confidence:.0f}"
    figure = ""
    if image is not None:
        boxes = "".join(_box_html(w, image) for w in words.values() if w.unit.page == index)
        figure = (
            f'<figure class="scan"><div class="frame"><img src="{image.uri}" alt="page {page.number}">'
            f"{boxes}</div></figure>"
        )
    warnings = "".join(f'<p class="warning">{html.escape(w)}</p>' for w in page.warnings)
    heading = f"<h2>Page {page.number} <small>{html.escape(source)}</small></h2>"
    return (
        f'<section class="page" id="page-{page.number}">{heading}'
        f'{warnings}<div class="columns{" with-image" if figure else ""}">{figure}'
        f'<div class="text" lang="vi">{"".join(lines)}</div></div></section>'
    )


def _line_html(span: LineSpan, page: Page, traced: Trace, words: list[_Word], removed: list[Spot]) -> str:
    """One cleaned line: its words as elements, the text between them as it is, removals as marks."""
    line = page.lines[span.line]
    marks = sorted(removed, key=lambda s: s.final[0])
    parts: list[str] = []
    position_ = span.start
    first_key = None
    for word in sorted(words, key=lambda w: w.unit.start):
        unit = word.unit
        while marks and marks[0].final[0] <= unit.start:
            parts.append(_gap(traced.text[position_ : marks[0].final[0]]))
            position_ = marks[0].final[0]
            parts.append(_removal_html(marks.pop(0)))
        parts.append(_gap(traced.text[position_ : unit.start]))
        parts.append(_word_html(word))
        position_ = unit.end
        first_key = first_key or unit.key
    for mark in marks:
        parts.append(_gap(traced.text[position_ : mark.final[0]]))
        position_ = mark.final[0]
        parts.append(_removal_html(mark))
    parts.append(_gap(traced.text[position_ : span.end]))
    label = f"{first_key.page}:{first_key.line + 1}" if first_key is not None else ""
    classes = "line"
    if line.joins and "\n\n" in line.joins:
        classes += " para"
    elif line.joins == " ":
        classes += " joined"
    return f'<div class="{classes}"><span class="where">{label}</span><span class="words">{"".join(parts)}</span></div>'


def _gap(text: str) -> str:
    return html.escape(text)


def _marks(word: _Word) -> list[str]:
    """The classes that mark a word: the two kinds of doubt, and corrections applied."""
    marks = []
    if word.low:
        marks.append("low-confidence")
    if word.changes:
        marks.append("review-change")
    if word.corrected:
        marks.append("from-corrections")
    return marks


def _word_html(word: _Word) -> str:
    marks = _marks(word)
    tab = ' tabindex="0"' if marks else ""
    classes = " ".join(["w", *marks])
    return f'<span class="{classes}" data-k="{word.unit.key}"{tab}>{html.escape(word.unit.text)}</span>'


def _removal_html(spot: Spot) -> str:
    title = f"removed {spot.change.before!r} ({spot.change.step}, confidence {spot.change.confidence:.2f})"
    return (
        f'<span class="removed review-change" data-c="{spot.index}" tabindex="0" '
        f'title="{html.escape(title)}">\u232b</span>'
    )


def _box_html(word: _Word, image: PageImage) -> str:
    """A word's box over the page image, in percent of the page (so the image may scale freely)."""
    marks = _marks(word)
    if image.size is None or not marks:
        return ""
    boxes = [w.box for w in word.unit.words if w.box is not None]
    if not boxes:
        return ""
    width, height = image.size
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[0] + b[2] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    style = (
        f"left:{100 * left / width:.2f}%;top:{100 * top / height:.2f}%;"
        f"width:{100 * (right - left) / width:.2f}%;height:{100 * (bottom - top) / height:.2f}%"
    )
    return f'<span class="box {" ".join(marks)}" data-box="{word.unit.key}" style="{style}"></span>'


def _download_name(name: str) -> str:
    """The corrections file's name: the document's, ``.corrections.json`` instead of its suffix.

    >>> _download_name("in/2021/kế-hoạch.pdf")
    'kế-hoạch.corrections.json'
    """
    stem = PurePosixPath(name.replace("\\", "/")).stem or "document"
    return f"{stem}.corrections.json"


def _script_json(data: dict) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>`` or ``<!--`` can end it early)."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028")


def _document_html(
    name: str, cleaned: Document, counts: dict[str, int], no_images: str | None, pages: str, data: dict
) -> str:
    title = html.escape(f"Review: {PurePosixPath(name.replace(chr(92), '/')).name}")
    notes: Iterable[str] = [NO_ALTERNATIVES, *([no_images] if no_images else [])]
    summary = (
        f"{len(cleaned.pages)} page{'s' if len(cleaned.pages) != 1 else ''} · "
        f'<span class="count-low">{counts["low"]}</span> words of low OCR confidence (under '
        f"{LOW_OCR_CONFIDENCE:.0f}) · "
        f'<span class="count-review">{counts["review"]}</span> changes to review (confidence under '
        f"{REVIEW_BELOW}, or only suggested) · "
        f'<span class="count-corrected">{counts["corrected"]}</span> words applied from corrections'
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<title>{title}</title>
<style>
{_asset("review.css")}
</style>
</head>
<body>
<header>
<h1>{html.escape(name)}</h1>
<p class="summary">{summary}</p>
<p class="legend"><span class="w low-confidence">word</span> low OCR confidence
<span class="w review-change">word</span> change to review
<span class="removed review-change">\u232b</span> text removed
<span class="w from-corrections">word</span> applied from corrections
<span class="w decided">word</span> decided here</p>
{"".join(f'<p class="note">{html.escape(note)}</p>' for note in notes)}
<p class="toolbar"><button type="button" id="export">Export decisions</button>
<span id="status" role="status">0 decisions</span></p>
</header>
<main>
{pages}
</main>
<aside id="panel" hidden aria-live="polite"></aside>
<script type="application/json" id="review-data">{_script_json(data)}</script>
<script>
{_asset("review.js")}
</script>
</body>
</html>
"""


WRITER = DocumentWriter("review", ".review.html", render, default=False)
