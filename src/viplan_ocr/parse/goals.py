"""Goal sentences: the figures a document sets as targets outside its ``Mục tiêu``/``Chỉ tiêu`` parts.

Real plans and reports state targets wherever they need them: in a plan's ``Yêu cầu`` (``Bảo đảm
100% học sinh được tham gia``), in a report's tasks for the next period (``đảm bảo hoàn thành
chỉ tiêu 100% thủ tục``), in a note (``tăng không quá 20% so với năm trước``), in a quota list
(``Đối với giáo viên: 120 chỉ tiêu``), or in a whole part about the next year (``2.4. Kế hoạch
đào tạo năm 2019``: ``Bồi dưỡng cấp phòng: 30 người``). A report is also full of figures that
are *results* (``đã tổ chức 12 lớp``, ``kết quả đạt 95%``), so a figure outside a target section
is a target only when something governs it as a goal:

- a bound right before it: ``ít nhất``, ``tối thiểu``, ``tối đa``, ``không quá``, ``không vượt quá``,
  ``không dưới``, ``không ít hơn``, ``≤``, ``≥`` (:data:`BOUND`);
- an intention anywhere before it in its clause: ``phấn đấu``, ``dự kiến``, ``quyết tâm`` (:data:`INTENT`);
- a goal noun or pledge a few words before it: ``mục tiêu``, ``chỉ tiêu``, ``hoàn thành kế hoạch``,
  ``bảo đảm``/``đảm bảo`` (:data:`PLEDGE`, :data:`PLEDGE_WORDS`);
- its unit is ``chỉ tiêu`` itself (``85 chỉ tiêu``: a quota);
- or it stands in a part about a later period (:func:`is_future_heading`), where every figure
  with a unit is planned, and so is a bare number after a label's colon (``Trung cấp: 45``).

Words of a result earlier in the clause (``đã``, ``đạt được``, ``kết quả``, ``thực hiện được``,
``chưa``, ``ước thực hiện``) or ``so với cùng kỳ`` after it in its sentence veto all of these
(:func:`is_result`).
"""

from __future__ import annotations

import regex

from viplan_ocr.parse.model import Metric, Span
from viplan_ocr.parse.patterns import YEAR
from viplan_ocr.parse.text import squash
from viplan_ocr.vietnamese.syllables import shadow

#: Bounds that make a figure a requirement: ``ít nhất 01 đề án``, ``tối đa 03 dự án``,
#: ``tăng không quá 20%``, ``mỗi nhóm ≤05 học sinh``.
BOUND = regex.compile(
    r"(?:(?<![a-z])(?:it\s+nhat|toi\s+thieu|toi\s+da|khong\s+(?:vuot\s+)?qua|khong\s+duoi|khong\s+it\s+hon)"
    r"(?![a-z])|[≤≥])"
)
#: Intentions that govern every figure after them in the clause: ``Phấn đấu đến cuối năm có
#: 95% ...``, ``Dự kiến cử 600 người``, ``quyết tâm hoàn thành ... 100%``.
INTENT = regex.compile(r"(?<![a-z])(?:phan\s+dau|du\s+kien|quyet\s+tam)(?![a-z])")
#: Goal nouns and pledges that govern a figure a few words after them: ``mục tiêu giải ngân
#: 100%``, ``hoàn thành chỉ tiêu 100% thủ tục``, ``Bảo đảm 100% học sinh``. (``hoàn thành 100%
#: kế hoạch`` is as often a result as a goal, so the noun must come first.)
PLEDGE = regex.compile(
    r"(?<![a-z])(?:muc\s+tieu|chi\s+tieu|hoan\s+thanh\s+k\S?\s*hoach|(?<!tu\s)bao\s+dam|dam\s+bao)(?![a-z])"
)
#: How many words a pledge may stand before its figure.
PLEDGE_WORDS = 5
#: Words of a result, on the shadow (where they cannot be mistaken for other words once accents
#: are gone): ``kết quả đạt 100%``, ``thực hiện được 60%``, ``ước thực hiện 95%``.
RESULT = regex.compile(
    r"(?<![a-z])(?:dat\s+duoc|ket\s+qua|thuc\s+hien\s+duoc|tuyen\s+duoc|uoc\s+(?:thuc\s+hien|dat))(?![a-z])"
)
#: ``đã`` and ``chưa`` on the accented text: their shadows ``da``, ``chua`` are also ``tối đa``,
#: ``đa khoa``, ``chùa``.
RESULT_ACCENTED = regex.compile(r"(?<!\w)(?:đã|chưa)(?!\w)", regex.IGNORECASE)
#: A comparison with the same period of the year before: what a report of results says.
SAME_PERIOD = regex.compile(r"(?<![a-z])(?:so\s+voi\s+)?cung\s+ky(?![a-z])")
#: The unit of a quota: ``Đối với viên chức quản lý: 85 chỉ tiêu``.
QUOTA_UNIT = regex.compile(r"^ch[il1]\s*t[il1]eu$")
#: A quota's figure follows its label's colon: ``Đối với viên chức quản lý: 85 chỉ tiêu`` (not
#: ``còn dư 10 chỉ tiêu``, a result).
AFTER_COLON = regex.compile(r":\s*$")

#: Headings of parts about a later period whatever the year: ``III. PHƯƠNG HƯỚNG, NHIỆM VỤ``,
#: ``Dự kiến kế hoạch``, ``Nhiệm vụ trong thời gian tới``, ``Kế hoạch tháng tới``.
FUTURE_HEADING = regex.compile(
    r"(?<![a-z])(?:phuong\s+huong|du\s+kien|thoi\s+gian\s+(?:toi|den|sap\s+toi)"
    r"|(?:nam|thang|quy|ky|hoc\s+ky)\s+(?:toi|sap\s+toi|tiep\s+theo))(?![a-z])"
)
#: Planning words that, with a year after the document's own, make a heading about the future:
#: ``2.4. Xây dựng kế hoạch đào tạo năm 2019`` in a report of 2018, ``III. Chương trình công tác
#: năm 2019``, ``Nhiệm vụ năm 2026``.
PLANNING = regex.compile(
    r"(?<![a-z])(?:k\S?\s*hoach|chuong\s+trinh|nhiem\s+vu|muc\s+tieu|chi\s+tieu|dang\s+ky)(?![a-z])"
)
#: A year a heading names: ``năm 2019``, ``năm, 2019`` (an OCR comma), ``2019-2020``.

#: A bare number after a label's colon, in a part about a later period: ``Đào tạo trong ngân
#: sách: 295 (...)``, ``(cao cấp: 17; trung cấp: 100)``. A letter or a bracket must stand before
#: the colon (``8:30`` is a time), and punctuation or the line end after the number.
QUOTA_NUMBER = regex.compile(
    r"(?<=[a-z)]\s?:[^\S\n]*)(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,6})(?![.,]?\d)(?=[^\S\n]*(?:[;,.)(]|$))",
    regex.MULTILINE,
)


def document_year(date: str | None, date_text: str | None) -> int | None:
    """The year a document was written: of its date, else of its date line as printed.

    A report's own year tells a part about the next year (``Kế hoạch năm 2019`` in a report of
    2018) from one about this year's results; an illegible day (``ngày A2 tháng 12 năm 2017``)
    still leaves the year.

    >>> document_year("2018-12-05", None), document_year(None, "Kiên Giang, ngày A2 tháng 12 năm 2017")
    (2018, 2017)
    """
    if date:
        return int(date[:4])
    years = YEAR.findall(date_text or "")
    return int(years[-1]) if years else None


#: Kinds of documents that lay down standing rules: their bounds (``≥ 60% giảng viên``, ``không
#: quá 01 người``) are standards to meet, not goals for a period.
NORM_KINDS = frozenset({"Luật", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch", "Quy chế", "Quy định"})
#: A title that issues rules: ``Ban hành Quy chế ...``, ``Quy định việc tuyển chọn ...``,
#: ``Ban hành Danh mục các loại hình, tiêu chí quy mô, tiêu chuẩn ...``.
NORM_TITLE = regex.compile(
    r"^\W*(?:ban\s+hanh\s+)?(?:quy\s+che|quy\s+dinh|dieu\s+le|tieu\s+chi|tieu\s+chuan|dinh\s+muc|danh\s+muc)(?![a-z])"
)


def states_norms(doc_type: str | None, title: str | None) -> bool:
    """Whether a document lays down standing rules (a decree, a regulation, a list of criteria).

    >>> states_norms("Nghị định", None), states_norms("Quyết định", "Ban hành Quy chế làm việc")
    (True, True)
    >>> states_norms("Kế hoạch", "Tổ chức cuộc thi ý tưởng khởi nghiệp")
    False
    """
    return doc_type in NORM_KINDS or bool(title and NORM_TITLE.search(shadow(title)))


def is_future_heading(folded_title: str, year: int | None) -> bool:
    """Whether a heading (accent-free) opens a part about a later period than the document's.

    >>> is_future_heading("iii. phuong huong, nhiem vu", None)
    True
    >>> is_future_heading("xay dung ke hoach dao tao nam 2019", 2018), is_future_heading("ke hoach nam 2018", 2018)
    (True, False)
    >>> is_future_heading("ket qua thuc hien ke hoach nam 2019", 2018)
    False
    """
    if FUTURE_HEADING.search(folded_title):
        return True
    if year is None or not PLANNING.search(folded_title) or regex.search(r"(?<![a-z])ket\s+qua", folded_title):
        return False
    return any(int(m.group()) > year for m in YEAR.finditer(folded_title))


def is_result(text: str, folded: str, clause_start: int, value_start: int, sentence_end: int) -> bool:
    """Whether words of a result govern a figure: before it in its clause, or ``so với cùng kỳ``
    after it in its sentence (``thu bảo đảm 105% dự toán; tăng 8% so với cùng kỳ``).

    >>> t = "Năm qua đã tổ chức ít nhất 12 lớp"; is_result(t, shadow(t), 0, t.index("12"), len(t))
    True
    >>> t = "Phấn đấu tăng 5% so với cùng kỳ"; is_result(t, shadow(t), 0, t.index("5%"), len(t))
    False
    """
    window = folded[clause_start:value_start]
    if RESULT.search(window) or RESULT_ACCENTED.search(text, clause_start, value_start):
        return True
    return bool(SAME_PERIOD.search(folded, clause_start, sentence_end)) and not INTENT.search(window)


def is_governed(folded: str, clause_start: int, value_start: int, unit: str | None, *, bounds: bool = True) -> bool:
    """Whether a goal word governs a figure (see the module's list); results are not checked here.

    Without ``bounds``, a bound alone does not make a goal: in the articles of a regulation
    (``Hội đồng có không quá 01 người của tổ chức chủ trì``) it states a standing rule.

    >>> t = "mỗi khối lớp ít nhất 01 đề án"; is_governed(shadow(t), 0, t.index("01"), "đề án")
    True
    >>> t = "các trường tổ chức 12 lớp"; is_governed(shadow(t), 0, t.index("12"), "lớp")
    False
    """
    window = folded[clause_start:value_start]
    if unit and QUOTA_UNIT.match(squash(shadow(unit))) and AFTER_COLON.search(window):
        return True
    if INTENT.search(window):
        return True
    near = _last_words(window, PLEDGE_WORDS)
    return bool((bounds and BOUND.search(_last_words(window, 2))) or PLEDGE.search(near))


def _last_words(window: str, count: int) -> str:
    """The last ``count`` words of a window (with what stands between them)."""
    words = list(regex.finditer(r"\S+", window))
    return window[words[-count].start() :] if len(words) >= count else window


def quota_metrics(text: str, folded: str, start: int, end: int, taken: list[Span]) -> list[Metric]:
    """Bare numbers after a label's colon in ``text[start:end]`` that no figure in ``taken`` holds.

    >>> t = "Bồi dưỡng lý luận: 120 người (cao cấp: 17; trung cấp: 100)."
    >>> [m.value for m in quota_metrics(t, shadow(t), 0, len(t), [])]
    [17.0, 100.0]
    """
    metrics = []
    for match in QUOTA_NUMBER.finditer(folded, start, end):
        if any(span.start <= match.start() < span.end for span in taken):
            continue
        label_start = max(start, *(folded.rfind(c, start, match.start() - 1) + 1 for c in ";,(+\n"))
        while label_start < match.start() and text[label_start].isspace():
            label_start += 1
        metrics.append(
            Metric(
                value=float(match.group("num").replace(".", "")),
                unit=None,
                comparator="=",
                year=None,
                text=squash(text[label_start : match.end()]),
                span=Span(label_start, match.end()),
                flags=("quota",),
            )
        )
    return metrics
