"""Targets and their numbers: every ``Chỉ tiêu N:`` item, and every figure in it.

Items of ``Mục tiêu cụ thể`` sections are targets too, and so is any other sentence whose figures
a goal word governs, or that stands in a part about a later period (:mod:`viplan_ocr.parse.goals`);
each target's ``origin`` says which.

Users feed these figures into spreadsheets, so each one carries its value (``99,5%`` -> 99.5),
its unit (``%`` or a counted noun such as ``trường``), its comparator, the year it is due and
the text it was read from. The comparator is the Vietnamese qualifier nearest before the value
(``đạt trên 99%`` -> ``>``, ``giảm ... dưới 0,8%`` -> ``<``), or a farther ``đạt``/``phấn đấu``
in the same clause (``>=``); a value joined to the previous one by ``và`` shares its qualifier
(``đạt 55% vào năm 2025 và 60% vào năm 2030``); a bare value is ``=``.

Target ids are ``<part>.<section>/<label>``: the Roman part and the nearest numbered section
around the item, then the item's ``Chỉ tiêu`` number, or ``#k`` for the k-th unlabelled item of
that section (``I.2.1/3``, ``I.2/18``, ``I.2/#1``). Seed 004 numbers Chỉ tiêu 1..7 once per
phase; the section (``I.2.1``, ``I.2.2``) keeps the ids apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

import regex

from viplan_ocr.parse.goals import is_future_heading, is_governed, is_result, quota_metrics
from viplan_ocr.parse.model import Metric, Period, Section, SectionKind, Span, Target
from viplan_ocr.parse.patterns import TARGET_YEAR, period_in
from viplan_ocr.parse.sections import walk
from viplan_ocr.parse.text import parse_number, squash
from viplan_ocr.vietnamese.digits import as_digits
from viplan_ocr.vietnamese.markers import BULLETS, CHI_TIEU, TARGET_LABEL
from viplan_ocr.vietnamese.syllables import shadow

#: Sections whose items are targets even without a label: ``2. Mục tiêu cụ thể``, ``II. CHỈ TIÊU``,
#: ``Các chỉ tiêu chủ yếu`` (but not ``1. Chỉ đạo thực hiện các chỉ tiêu của kế hoạch``).
SPECIFIC_GOALS = regex.compile(rf"muc\s+tieu\s+cu\s+the|^\W*(?:cac\s+|mot\s+so\s+|he\s+thong\s+)?{CHI_TIEU}")

#: Counted nouns a target may count (``02 trường``, ``1.200 học sinh``, ``85 chỉ tiêu``, ``01 đề
#: án``), longest first. Ages (``trẻ 5 tuổi``), durations (``03 ngày``), copies (``01 bản``) and
#: money in đồng alone are deliberately absent: they describe, they are not goals. ``hộ`` counts
#: only with what it is (``hộ nghèo``): its shadow ``ho`` is also ``hồ sơ``.
COUNTED_NOUNS = (
    r"hoc\s+sinh|hoc\s+vien|giao\s+vien|can\s+bo|nhan\s+vien|tre\s+em|truong\s+hop|truong\s+hoc|truong"
    r"|lop\s+hoc|lop|tre|phong\s+hoc|co\s+so|nguoi|diem\s+truong|cau\s+lac\s+bo|clb|mo\s+hinh|cong\s+trinh"
    r"|de\s+tai|de\s+an|du\s+an|san\s+pham|chi\s+tieu|sang\s+kien|chuyen\s+de|hoi\s+thi|tiet\s+hoc|ty\s+dong"
    r"|trieu\s+dong|dau\s+sach|nha\s+ve\s+sinh|thu\s+vien|gia\s+dinh|ho\s+(?:can\s+)?ngheo|ho\s+gia\s+dinh"
    r"|giuong\s+benh|giuong|bac\s+s[iy]|doanh\s+nghiep|luot|buoi|xa|phuong"
)
#: The number of a figure. An English OCR engine reads a ``1`` as ``l`` and a ``0`` as ``o``
#: inside numbers (``l2 học sinh``, ``1o0%``); inside a run of digits that reading is cheap to
#: undo. Table cells are read with it too.
FIGURE_NUMBER = r"[lo]?\d[\dlo]*(?:[.,]\d[\dlo]*)*"
#: A figure: a number with ``%`` (or ``phần trăm``, or a yearly rate ``%/năm``) or with a
#: counted noun after it.
VALUE = regex.compile(
    rf"(?<![\w.,/-])(?P<num>{FIGURE_NUMBER})"
    rf"(?:\s*(?P<percent>(?:%|phan\s+tram(?![a-z]))(?P<rate>\s*/\s*nam(?![a-z]))?)|\s+(?P<noun>{COUNTED_NOUNS})(?![a-z]))"
)

#: Qualifiers that stand right before the value (``đạt trên 99%``, ``dưới 0,8%``), in the
#: order tried: longer phrases first so ``không dưới`` is not read as ``dưới``.
_ADJACENT = (
    (r"khong\s+vuot\s+qua|khong\s+qua|toi\s+da|xuong\s+con|giam\s+con|chi\s+con|≤", "<="),
    (r"khong\s+duoi|khong\s+it\s+hon|it\s+nhat|toi\s+thieu|≥", ">="),
    (r"thap\s+hon|it\s+hon|du[oa0db]i|dirai|dirdi", "<"),
    (r"tren|hon|vuot", ">"),
    (r"bang", "="),
)
ADJACENT = [
    (regex.compile(rf"(?<![a-z])(?:{pattern})\s*(?:muc\s+|la\s+)?$"), comparator) for pattern, comparator in _ADJACENT
]
#: Qualifiers that may stand farther away in the same clause (``Phấn đấu có ... đạt 55%``).
DISTANT = regex.compile(
    r"(?<![a-z])(?:(?P<ge>dat|phan\s+dau|it\s+nhat|toi\s+thieu)|(?P<le>khong\s+qua|toi\s+da))(?![a-z])"
)
#: Qualifiers after the value: ``từ 95% trở lên``, ``5% trở xuống``.
SUFFIX = regex.compile(r"\s*(?:(?P<ge>tro\s+len)|(?P<le>tro\s+xuong))(?![a-z])")
#: The ``từ`` that opens ``từ 95% trở lên``.
FROM = regex.compile(r"(?<![a-z])tu\s*$")
#: A line that heads the items after it with their phase: ``Đến năm 2025:``, ``* Giai đoạn
#: 2026 - 2030:``: short, naming a year, ending with a colon.
PHASE_LINE = regex.compile(
    rf"(?m)^[^\S\n]*[{regex.escape(BULLETS)}]?[^\S\n]*[^\n:]{{0,40}}?(?:19|20)\d\d[^\n:]{{0,15}}:[^\S\n]*$"
)
#: The middle of a range ``từ 80% đến 90%``: only ``đến``/``tới`` or a dash between two figures.
RANGE_TO = regex.compile(r"\s*(?:den|toi|[-–])\s*$")
#: Where the words after a figure stop being about it: ``đạt 50% và đến năm 2030 đạt 70%``
#: gives 2030 to the 70%, not to the 50%.
AFTER_STOP = regex.compile(r",|\s(?:va|hoac|so\s+voi)\s")
#: A figure coordinated with the previous one shares its qualifier: ``đạt 55% ... và 60%``,
#: ``ít nhất 55% trẻ nhà trẻ và 100% trẻ mẫu giáo``; ``... thì ... 70%`` does not.
COORDINATED = regex.compile(r",|(?<![a-z])(?:va|hoac)(?![a-z])")
#: Clause ends: a semicolon, or a full stop before a space (``99,5%`` has no clause end).
CLAUSE_END = regex.compile(r";|\.(?=\s|$)")


def _clause_start(folded: str, start: int, position: int) -> int:
    last = start
    for match in CLAUSE_END.finditer(folded, start, position):
        last = match.end()
    return last


def _clause_end(folded: str, position: int, end: int) -> int:
    match = CLAUSE_END.search(folded, position, end)
    return match.start() if match else end


def _comparator(folded: str, window_start: int, value: regex.Match[str]) -> tuple[str | None, int]:
    """The comparator a qualifier gives the value, and where the qualifier starts."""
    window = folded[window_start : value.start()]
    suffix = SUFFIX.match(folded, value.end())
    if suffix:
        opening = FROM.search(window)
        text_start = window_start + opening.start() if opening else value.start()
        return (">=" if suffix.group("ge") else "<="), text_start
    for pattern, comparator in ADJACENT:
        match = pattern.search(window)
        if match:
            return comparator, window_start + match.start()
    distant = list(DISTANT.finditer(window))
    if distant:
        last = distant[-1]
        return (">=" if last.group("ge") else "<="), window_start + last.start()
    return None, value.start()


def read_metrics(text: str, folded: str, start: int, end: int) -> tuple[Metric, ...]:
    """Every figure in ``text[start:end]`` with its unit, comparator and year."""
    figures = [m for m in VALUE.finditer(folded, start, end) if not _is_year(m)]
    metrics: list[Metric] = []
    previous_end = start
    opened_range = False
    for i, value in enumerate(figures):
        flags: list[str] = []
        window_start = max(previous_end, _clause_start(folded, start, value.start()))
        comparator, text_start = _comparator(folded, window_start, value)
        if metrics and opened_range and RANGE_TO.match(folded, previous_end, value.start()):
            # ``từ 80% đến 90%``: at least the first, at most the second.
            metrics[-1] = replace(metrics[-1], comparator=">=", flags=(*metrics[-1].flags, "range"))
            comparator = "<="
            flags.append("range")
        opened_range = bool(FROM.search(folded, window_start, value.start()))
        if comparator is None and metrics and _coordinated(folded, previous_end, value.start()):
            comparator = metrics[-1].comparator
            flags.append("shared-qualifier")
        next_start = figures[i + 1].start() if i + 1 < len(figures) else end
        year, text_start, text_end = _year(folded, value, window_start, min(next_start, end), text_start)
        digits = _digits(value)
        if digits != value.group("num"):
            flags.append("ocr-digits")
        percent = value.group("percent") is not None
        unit = squash(text[value.start("noun") : value.end("noun")]) if not percent else "%"
        if value.group("rate"):
            unit = "%/năm"
        metrics.append(
            Metric(
                value=parse_number(digits, percent=percent),
                unit=unit,
                comparator=comparator or "=",
                year=year,
                text=squash(text[text_start:text_end]),
                span=Span(text_start, text_end),
                flags=tuple(flags),
            )
        )
        previous_end = value.end()
    return tuple(metrics)


def _coordinated(folded: str, previous_end: int, start: int) -> bool:
    """True if a figure is joined to the previous one by ``và`` or a comma within one clause."""
    between = folded[previous_end:start]
    return bool(COORDINATED.search(between)) and not CLAUSE_END.search(between)


def _year(
    folded: str, value: regex.Match[str], window_start: int, limit: int, text_start: int
) -> tuple[int | None, int, int]:
    """The year a figure is due, and the start and end of the words it was read from.

    The year follows the figure (``dưới 0,8% vào năm 2025``) up to the next figure, clause or
    coordinated part; else it precedes it in its window (``Đến năm 2025, 100% ...``).
    """
    text_end = value.end()
    if suffix := SUFFIX.match(folded, value.end()):
        text_end = suffix.end()
    after_end = min(limit, _clause_end(folded, value.end(), limit))
    if stop := AFTER_STOP.search(folded, value.end(), after_end):
        after_end = stop.start()
    if after := TARGET_YEAR.search(folded, value.end(), after_end):
        return int(after.group("year")), text_start, after.end()
    before = list(TARGET_YEAR.finditer(folded, window_start, value.start()))
    if before:
        return int(before[-1].group("year")), min(text_start, before[-1].start()), text_end
    return None, text_start, text_end


def _digits(value: regex.Match[str]) -> str:
    """The number of a figure with OCR's letters for digits undone: ``l2`` -> ``12``."""
    return as_digits(value.group("num"))


def _is_year(value: regex.Match[str]) -> bool:
    """``2025 học sinh`` is more likely ``năm 2025`` followed by a noun than a head count."""
    digits = _digits(value)
    return value.group("percent") is None and digits.isdigit() and 1900 <= int(digits) <= 2100


def named_phase(folded: str, document: Period | None) -> Period | None:
    """The period a heading-like text names: ``giai đoạn 2022-2025``, ``2021 – 2025``, ``đến năm 2025``.

    A single year is the end of a phase that starts with the ``document``'s period (or in that
    year when there is none).

    >>> named_phase("giai doan 2022-2025", None), named_phase("den nam 2025", Period(2021, 2030))
    (Period(start=2022, end=2025), Period(start=2021, end=2025))
    """
    span = period_in(folded) or period_in(folded, bare=True)
    if span:
        return Period(*span)
    year = TARGET_YEAR.search(folded)
    return _up_to(int(year.group("year")), document) if year else None


def _heading_phase(
    folded: str, region_start: int, ancestors: tuple[Section, ...], document: Period | None
) -> Period | None:
    """The period the nearest heading names.

    Nearest first: a phase line among the items before the target (``* Đến năm 2025:``, often
    an unnumbered line or a bullet that heads the items after it), then the enclosing headings
    (``2.1. Giai đoạn 2022-2025``, ``a) Mục tiêu đến năm 2025``).
    """
    parent_start = ancestors[-1].content_start if ancestors else 0
    lines = list(PHASE_LINE.finditer(folded, parent_start, region_start))
    if lines and (phase := named_phase(lines[-1].group(), document)):
        return phase
    for section in reversed(ancestors):
        if section.title and (phase := named_phase(shadow(section.title), document)):
            return phase
    return None


def _up_to(year: int, document: Period | None) -> Period:
    """The phase that ends in ``year``: from the plan's start when the plan says when it starts."""
    start = document.start if document and document.start < year else year
    return Period(start, year)


def _text_phase(folded: str, metrics: tuple[Metric, ...], document: Period | None) -> Period | None:
    """The phase a target's own words give: ``giai đoạn 2022-2025``, or the years it names."""
    span = period_in(folded)
    if span:
        return Period(*span)
    years = {int(m.group("year")) for m in TARGET_YEAR.finditer(folded)}
    years |= {m.year for m in metrics if m.year is not None}
    if not years:
        return None
    phase = _up_to(max(years), document)
    return Period(min(phase.start, min(years)), phase.end)


def _section_path(ancestors: tuple[Section, ...]) -> str | None:
    """``I.2.1``: the nearest Roman part and the nearest numbered section around an item."""
    roman = next((s.number for s in reversed(ancestors) if s.kind == SectionKind.ROMAN), None)
    arabic = next((s.number for s in reversed(ancestors) if s.kind == SectionKind.ARABIC), None)
    return ".".join(p for p in (roman, arabic) if p) or None


def _own_end(section: Section) -> int:
    return section.children[0].span.start if section.children else section.span.end


@dataclass(frozen=True, slots=True)
class _Region:
    """A stretch of text that may hold a target: a labelled item, an item or a paragraph.

    ``origin`` is the :attr:`Target.origin` its targets get; outside target sections a region
    is read sentence by sentence (:func:`_goal_sentences`), more readily where ``future``.
    """

    start: int
    end: int
    label: str | None
    ancestors: tuple[Section, ...]
    origin: str = "label"
    future: bool = False
    #: Inside a regulation's articles (``Chương``, ``Điều``), where a bound is a standing rule.
    norms: bool = False


def _title_end(section: Section) -> int:
    """Where a heading's title ends: at its first paragraph, its first child or its end."""
    if section.paragraphs:
        return section.paragraphs[0].start
    return _own_end(section)


def _regions(folded: str, sections: tuple[Section, ...], year: int | None, norms: bool = False) -> Iterator[_Region]:
    """Every region that may hold a target, in document order.

    A ``Chỉ tiêu N:`` node is one region with everything under it. Inside a ``Mục tiêu cụ thể``
    (or ``Chỉ tiêu``) section, so is each other item's own text, and each paragraph of a
    heading's own text; those count only if they hold a figure. Everywhere else, each item's
    own text, each heading's title and each of its paragraphs is a region for goal sentences,
    marked ``future`` under a heading about a later period than the document's ``year``, and
    ``norms`` in a document of standing rules (``norms``) or in its articles.
    """
    taken_until = -1
    for section, ancestors in walk(sections):
        if section.span.start < taken_until:
            continue
        if label := TARGET_LABEL.match(folded, section.content_start):
            taken_until = section.span.end
            yield _Region(section.content_start, section.span.end, label.group("label"), ancestors)
            continue
        chain = (*ancestors, section)
        is_item = section.kind in (SectionKind.BULLET, SectionKind.LETTER, SectionKind.ITEM)
        if any(SPECIFIC_GOALS.search(squash(shadow(a.title))) for a in chain):
            if is_item:
                yield _Region(section.content_start, _own_end(section), None, ancestors, "goals-section")
            else:
                for paragraph in section.paragraphs:
                    yield _Region(paragraph.start, paragraph.end, None, chain, "goals-section")
            continue
        future = any(a.title and is_future_heading(squash(shadow(a.title)), year) for a in chain)
        origin = "plan-part" if future else "goal-sentence"
        rules = norms or any(a.kind in (SectionKind.ARTICLE, SectionKind.CHAPTER) for a in chain)
        if is_item:
            yield _Region(section.content_start, _own_end(section), None, ancestors, origin, future, rules)
            continue
        if section.title:
            yield _Region(section.content_start, _title_end(section), None, chain, origin, future, rules)
        for paragraph in section.paragraphs:
            yield _Region(paragraph.start, paragraph.end, None, chain, origin, future, rules)


#: Where a sentence ends: a full stop, ``!`` or ``?`` before a space or the end (``99.5%`` goes on).
SENTENCE_END = regex.compile(r"[.!?](?=\s|$)")
#: A cell border of a table that OCR read as text (``13 | Thông báo mời thầu | Đăng ít nhất 01 kỳ``):
#: its columns interleave, so its words cannot be read as one sentence.
TABLE_CELL = regex.compile(r"\|")
#: A goal sentence longer than this is cut to the clauses that hold its figures.
LONG_SENTENCE = 300


def _sentences(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``folded[start:end]`` as (start, end), full stop included, spaces not."""
    position = start
    for match in [*SENTENCE_END.finditer(folded, start, end), None]:
        stop = match.end() if match else end
        left = position + len(folded[position:stop]) - len(folded[position:stop].lstrip())
        if folded[left:stop].strip():
            yield left, stop
        position = stop


def _value_start(folded: str, metric: Metric) -> int:
    """Where a metric's figure starts (its span may open with a qualifier or a year)."""
    value = next((v for v in VALUE.finditer(folded, metric.span.start, metric.span.end) if not _is_year(v)), None)
    return value.start() if value else metric.span.start


def _goal_metrics(text: str, folded: str, start: int, end: int, region: _Region) -> list[Metric]:
    """The figures of one sentence that are goals (see :mod:`viplan_ocr.parse.goals`)."""
    kept: list[Metric] = []
    previous_kept = False
    metrics = read_metrics(text, folded, start, end)
    for metric in metrics:
        value_start = _value_start(folded, metric)
        clause_start = _clause_start(folded, start, value_start)
        if is_result(text, folded, clause_start, value_start, end):
            previous_kept = False
            continue
        shared = "shared-qualifier" in metric.flags and previous_kept
        governed = is_governed(folded, clause_start, value_start, metric.unit, bounds=not region.norms)
        previous_kept = region.future or shared or governed
        if previous_kept:
            kept.append(metric)
    if region.future:
        for metric in quota_metrics(text, folded, start, end, [m.span for m in metrics]):
            clause_start = _clause_start(folded, start, metric.span.start)
            if not is_result(text, folded, clause_start, metric.span.start, end):
                kept.append(metric)
        kept.sort(key=lambda m: m.span.start)
    return kept


def _goal_sentences(text: str, folded: str, region: _Region) -> Iterator[tuple[Span, tuple[Metric, ...]]]:
    """Each sentence of a region that holds goal figures, as its span (cut to the clauses with
    the figures when it is long) and those figures."""
    for start, end in _sentences(folded, region.start, region.end):
        if TABLE_CELL.search(folded, start, end):
            continue  # a row of a table read as text: its columns run together (see the module's notes)
        metrics = _goal_metrics(text, folded, start, end, region)
        if not metrics:
            continue
        if end - start > LONG_SENTENCE:
            first = _clause_start(folded, start, metrics[0].span.start)
            last = _clause_end(folded, metrics[-1].span.end, end)
            start, end = first + len(folded[first:last]) - len(folded[first:last].lstrip()), last
        yield Span(start, end), tuple(metrics)


def read_targets(
    text: str,
    folded: str,
    sections: tuple[Section, ...],
    document: Period | None,
    year: int | None = None,
    *,
    norms: bool = False,
) -> tuple[tuple[Target, ...], list[str]]:
    """The plan's targets in document order, and warnings (duplicate ids).

    ``year`` is the document's own year (of its date): a heading naming a later year with a
    planning word (``Kế hoạch năm 2019`` in a report of 2018) opens a part about the future.
    ``norms`` says the document lays down standing rules (:func:`~viplan_ocr.parse.goals.states_norms`).
    """
    targets: list[Target] = []
    warnings: list[str] = []
    unlabelled: Counter[str | None] = Counter()
    ids: Counter[str] = Counter()
    for region in _regions(folded, sections, year, norms):
        if region.origin in ("label", "goals-section"):
            figures_from = TARGET_LABEL.match(folded, region.start).end() if region.label else region.start
            found = [(Span(region.start, region.end), read_metrics(text, folded, figures_from, region.end))]
        else:
            found = list(_goal_sentences(text, folded, region))
        for span, metrics in found:
            if region.label is None and not metrics:
                continue
            path = _section_path(region.ancestors)
            if region.label is None:
                unlabelled[path] += 1
            local = region.label if region.label is not None else f"#{unlabelled[path]}"
            target_id = f"{path}/{local}" if path else local
            ids[target_id] += 1
            if ids[target_id] > 1:
                warnings.append(
                    f"target id {target_id} appears {ids[target_id]} times; numbered {target_id}~{ids[target_id]}"
                )
                target_id = f"{target_id}~{ids[target_id]}"
            source: str | None = "heading"
            phase = _heading_phase(folded, span.start, region.ancestors, document)
            if phase is None:
                phase, source = _text_phase(folded[span.start : span.end], metrics, document), "text"
            if phase is None:
                phase, source = document, ("document" if document else None)
            targets.append(
                Target(
                    id=target_id,
                    number=region.label,
                    section=path,
                    phase=phase,
                    phase_source=source,
                    text=squash(text[span.start : span.end]),
                    span=span,
                    metrics=metrics,
                    origin=region.origin,
                )
            )
    return tuple(targets), warnings
