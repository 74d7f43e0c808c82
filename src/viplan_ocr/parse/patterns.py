"""Patterns shared by the header, section and target readers, each with a real example.

All of them run on the accent-free shadow (:func:`viplan_ocr.vietnamese.syllables.shadow`), so
``năm`` is written ``nam`` here and matches ``năm``, ``nam`` and ``NĂM`` alike (the ``Số`` and
``Chỉ tiêu N:`` labels belong to the marker grammar of :mod:`viplan_ocr.vietnamese.markers`). Where an English OCR
engine has a habit that costs nothing to allow, the pattern allows it: ``s6``/``s0`` for ``số``
(seed 004: ``Chi tieu s6 4``), a stray character for the ``ế`` of ``Kế`` (``K§ hoach``).
"""

from __future__ import annotations

import datetime as dt

import regex

#: Kinds of administrative documents (the ``doc_type`` of a header, the ``kind`` of a cited
#: document), accent-free pattern -> the name as written with accents. Longest first, so that
#: ``thông tư liên tịch`` wins over ``thông tư``. English OCR reads the ``ị`` of ``định``/``thị``
#: as ``j`` (``djnh``, ``Chi thj`` in seed 004).
DOC_KINDS: tuple[tuple[str, str], ...] = (
    (r"thong\s+tu\s+lien\s+tich", "Thông tư liên tịch"),
    (r"k\S?\s*hoach\s+lien\s+tich", "Kế hoạch liên tịch"),
    (r"k\S?\s*hoach", "Kế hoạch"),
    (r"quyet\s+d[ij]nh", "Quyết định"),
    (r"ngh[ij]\s+quyet", "Nghị quyết"),
    (r"ngh[ij]\s+d[ij]nh", "Nghị định"),
    (r"thong\s+tu", "Thông tư"),
    (r"ch[il1]\s+th[ij]", "Chỉ thị"),
    (r"cong\s+van", "Công văn"),
    (r"huong\s+dan", "Hướng dẫn"),
    (r"thong\s+bao", "Thông báo"),
    (r"bao\s+cao", "Báo cáo"),
    (r"to\s+trinh", "Tờ trình"),
    (r"chuong\s+trinh", "Chương trình"),
    (r"de\s+an", "Đề án"),
    (r"quy\s+che", "Quy chế"),
    (r"quy\s+d[ij]nh", "Quy định"),
    (r"phap\s+lenh", "Pháp lệnh"),
    (r"luat", "Luật"),
    (r"van\s+ban", "Văn bản"),
)

#: Any document kind, as one alternation with a named group per kind (``k0``, ``k1``, ...).
KIND = "|".join(f"(?P<k{i}>{pattern})" for i, (pattern, _) in enumerate(DOC_KINDS))


def kind_name(match: regex.Match[str]) -> str:
    """The accented name of the kind a :data:`KIND` alternation matched."""
    for i, (_, name) in enumerate(DOC_KINDS):
        if match.group(f"k{i}") is not None:
            return name
    raise ValueError("the match holds no document kind")


#: A span of years: ``2021 - 2030``, ``2022-2030``, ``2021 – 2030`` (en dash, seed 000).
#: A year standing alone: ``2018`` in ``KH năm 2018``, not in ``12018``.
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
YEARS_SPAN = r"(?P<start>(?:19|20)\d\d)\s*[-–—]+\s*(?P<end>(?:19|20)\d\d)"

#: A plan's period: ``giai đoạn 2021 – 2030``, ``năm học 2022-2023``, ``thời kỳ 2021-2030``.
PERIOD = regex.compile(rf"(?:giai\s+doan|nam\s+hoc|thoi\s+ky|tu\s+nam)\s*:?\s*{YEARS_SPAN}")
#: A bare span of years, for a title that says only ``2021 – 2030``.
BARE_PERIOD = regex.compile(rf"(?<!\d){YEARS_SPAN}(?!\d)")

#: A year a target aims at: ``vào năm 2025``, ``đến năm 2030``, ``năm 2025``, ``đến 2030``.
TARGET_YEAR = regex.compile(
    r"(?:(?:vao|den|toi|truoc|trong|cuoi|het|sau)\s+)?nam\s+(?P<year>(?:19|20)\d\d)(?!\d)"
    r"|(?:den|toi|truoc)\s+(?P<year>(?:19|20)\d\d)(?!\d)"
)

#: A date written with slashes: ``08/02/2022``, ``15/4/2021``, ``24/01 /2018`` (seed 004).
NUMERIC_DATE = r"(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>(?:19|20)\d\d)"
#: A date in words after its ``ngày``: ``15 tháng 3 năm 2022``.
WORDS_DATE_TAIL = r"(?P<day>\d{1,2})\s+thang\s+(?P<month>\d{1,2})\s*,?\s+nam\s+(?P<year>(?:19|20)\d\d)"
#: A date in words: ``ngày 15 tháng 3 năm 2022``.
WORDS_DATE = rf"ngay\s+{WORDS_DATE_TAIL}"


def iso_date(day: str, month: str, year: str) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date, None for an impossible one (OCR damage).

    >>> iso_date("15", "4", "2021"), iso_date("31", "2", "2022")
    ('2021-04-15', None)
    """
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def period_in(folded: str, *, bare: bool = False) -> tuple[int, int] | None:
    """The first ``giai đoạn X - Y`` (or ``năm học``, ``thời kỳ``) span in a shadow, start < end;
    with ``bare``, any ``X - Y`` span of years, for a title that says only ``2021 – 2030``.

    >>> period_in("thuc hien chuong trinh giai doan 2021 - 2030")
    (2021, 2030)
    >>> period_in("chuong trinh hanh dong 2021 – 2030"), period_in("hanh dong 2021 – 2030", bare=True)
    (None, (2021, 2030))
    """
    for match in (BARE_PERIOD if bare else PERIOD).finditer(folded):
        start, end = int(match.group("start")), int(match.group("end"))
        if start < end:
            return start, end
    return None
