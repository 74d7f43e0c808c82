"""The Document through cleaning: pages, lines and words survive, and every change is anchored.

``clean(document)`` returns the cleaned Document. Its text is exactly what cleaning the text
gives; its lines and words keep their page, source, boxes and OCR confidence; every change
names its page and line (and word on OCR pages); replaying the changes on the original gives
the output; each page is judged for damage on its own; OCR confidences reach noise and restore.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from viplan_ocr import clean, extract, parse, replay
from viplan_ocr.document import Document, Line, Page, PageSource, Word
from viplan_ocr.extract.synthetic import text_pdf


def _ocr_line(text: str, confidence: float | None, y: int, block: int = 0) -> Line:
    """A line as an OCR engine gives it: one word per token, each with a box and a confidence."""
    words = tuple(Word(token, confidence, (40 * i, y, 36, 20)) for i, token in enumerate(text.split()))
    return Line(text, words, block, (0, y, 40 * len(words), 20))


def _ocr_page(number: int, lines: list[str], confidence: float | None = 95.0) -> Page:
    made = tuple(_ocr_line(text, confidence, 30 * i, block=i) for i, text in enumerate(lines))
    return Page(number, PageSource.OCR, made, confidence, dpi=300)


def test_a_text_cleans_the_same_as_a_document_of_it(seeds):
    text = seeds["ocr"].read_text(encoding="utf-8")
    cleaned = clean(Document.from_text(text, "seed.txt"))
    assert cleaned.text == clean(text)
    assert replay(text, cleaned.changes) == cleaned.text
    assert cleaned.path == "seed.txt"


def test_every_change_is_anchored_to_its_page_and_line(seeds):
    text = seeds["ocr"].read_text(encoding="utf-8")
    original = Document.from_text(text)
    cleaned = clean(original)
    lines = original.pages[0].lines
    assert cleaned.changes and all(c.page == 1 and c.line is not None for c in cleaned.changes)
    made: dict[int, list[str]] = {}  # what earlier changes wrote on each line
    for change in cleaned.changes:
        if change.step in ("restore", "noise") and "\n" not in change.before:
            # the word it changed stands on that line of the original (earlier steps only removed
            # noise), or an earlier change on that line wrote it (a later round of the steps)
            word = change.before.split()[0]
            assert word in lines[change.line].text or word in " ".join(made.get(change.line, [])), change
        if change.applied and change.line is not None:
            made.setdefault(change.line, []).append(change.after)


def test_an_ocr_document_keeps_pages_lines_boxes_and_confidences():
    document = Document(
        "scan.pdf",
        (
            _ocr_page(1, ["KE HOACH", "Thuc hien nhiem vu nam hoc 2022-2023 cua truong"]),
            _ocr_page(2, ["Cac to chuyen mon xay dung ke hoach", "Noi nhan:"], confidence=88.0),
        ),
    )
    cleaned = clean(document)
    assert replay(document, cleaned.changes) == cleaned.text
    assert [p.number for p in cleaned.pages] == [1, 2]
    assert [p.source for p in cleaned.pages] == [PageSource.OCR, PageSource.OCR]
    assert cleaned.pages[1].confidence == 88.0
    assert cleaned.pages[0].lines[1].text == "Thực hiện nhiệm vụ năm học 2022-2023 của trường"
    for page, before in zip(cleaned.pages, document.pages, strict=True):
        for line, old in zip(page.lines, before.lines, strict=True):
            assert line.box == old.box
            assert [w.box for w in line.words] == [w.box for w in old.words]
            assert [w.confidence for w in line.words] == [w.confidence for w in old.words]
    changed = [w for p in cleaned.pages for line in p.lines for w in line.words if w.original]
    assert ("Thực", "Thuc") in [(w.text, w.original) for w in changed]
    anchored = {(c.page, c.line, c.word) for c in cleaned.changes if c.before == "nhiem"}
    assert anchored == {(1, 1, 2)}


def test_parse_of_a_cleaned_document_keeps_its_real_source(tmp_path: Path):
    pdf = text_pdf("KẾ HOẠCH\nThực hiện năm học 2021 - 2022\nI. MỤC TIÊU\n- Chỉ tiêu 1: đạt 90%", tmp_path / "kh.pdf")
    plan = parse(clean(extract(pdf)))
    assert plan.source.path == str(pdf)
    assert plan.source.text_sources == ["text-layer"]
    assert [s.number for s in plan.sections] == ["I"]


def test_each_page_is_judged_for_damage_on_its_own():
    """A page an English engine read keeps its OCR repairs beside pages read with accents."""
    accented = ["Kế hoạch thực hiện nhiệm vụ năm học của các trường trên địa bàn quận"] * 3
    damaged = ["Thurc hien K§ hoach s6 342/KH-SGDDT ngay 08/02/2022"]
    document = Document("mixed.pdf", (_ocr_page(1, accented, None), _ocr_page(2, damaged, None)))
    by_page = clean(document).pages[1].lines[0].text
    as_one_text = clean(document.text).split("\n")[-1]
    assert by_page == "Thực hiện Kế hoạch số 342/KH-SGDĐT ngày 08/02/2022"
    assert as_one_text != by_page  # judged as one accented text, the damaged words are left alone


@pytest.mark.parametrize(("confidence", "kept"), [(96.0, True), (45.0, False)])
def test_a_word_the_engine_was_sure_of_is_never_changed(confidence: float, kept: bool):
    """``phòng thi`` read at 96 stays (a change is only suggested); read at 45 the model may decide."""
    lines = ["Các điểm thi bố trí đủ phòng thi cho thí sinh dự thi tốt nghiệp năm nay"] * 2
    cleaned = clean(Document("scan.pdf", (_ocr_page(1, lines, confidence),)))
    touched = [c for c in cleaned.changes if c.before == "thi"]
    assert touched, "the model must want to change some 'thi' for this test to mean anything"
    assert all(not c.applied for c in touched) == kept
    assert (cleaned.text == "\n\n".join(lines)) == kept


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ỦY BAN NHÂN DÂN THÀNH PHÓ ĐÀ NẴNG", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"),  # Ố lost its circumflex
        ("TM. HỘI ĐÔNG", "TM. HỘI ĐỒNG"),  # Ồ lost its grave
        ("RẤT MONG CÁC ĐƠN VỊ QUAN TÂM", "RẤT MONG CÁC ĐƠN VỊ QUAN TÂM"),  # a tone added is no mark lost
        ("Ủy ban nhân dân thành phó Đà Nẵng", "Ủy ban nhân dân thành phố Đà Nẵng"),  # small letters too
        ("cải cách hệ thông hành chính", "cải cách hệ thống hành chính"),  # ố lost its acute
        ("đây mạnh thanh toán không dùng tiên mặt", "đẩy mạnh thanh toán không dùng tiền mặt"),
        ("các đơn vị cân nhắc kỹ trước khi thi hành", "các đơn vị cân nhắc kỹ trước khi thi hành"),  # a word as read
    ],
)
def test_a_sure_word_may_get_back_a_mark_of_a_stack(line: str, expected: str):
    """The engine's confidence does not see a tone mark squeezed onto a circumflex or breve:
    ``PHÓ`` read at 96 for ``PHỐ``, ``thông`` for ``thống``, ``đây`` for ``đẩy`` are mended
    where the sentence is sure; anything else it was sure of stays."""
    lines = ["Các cơ quan, đơn vị trên địa bàn triển khai thực hiện", line]
    cleaned = clean(Document("scan.pdf", (_ocr_page(1, lines, 96.0),)))
    assert cleaned.pages[0].lines[1].text == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("II. ĐỐI TƯỢNG VÀ ĐIỀU KIỆN DỰ THỊ", "II. ĐỐI TƯỢNG VÀ ĐIỀU KIỆN DỰ THI"),  # a dot below added
        ("III. THỜI GIAN VÀ THÀNH PHẢN THAM DỰ", "III. THỜI GIAN VÀ THÀNH PHẦN THAM DỰ"),  # circumflex read as a hook
        ("I. KẾT QUÁ THỰC HIỆN", "I. KẾT QUẢ THỰC HIỆN"),  # a hook read as an acute
        ("UBND THỊ XÃ SƠN TÂY", "UBND THỊ XÃ SƠN TÂY"),  # right as read
        ("Đối tượng và điều kiện dự thị", "Đối tượng và điều kiện dự thị"),  # small letters: suggested only
    ],
)
def test_a_sure_word_in_a_heading_in_capitals_may_get_any_mark_mended(line: str, expected: str):
    """Marks on capitals are squeezed above and below the letters: in a heading set in capitals
    an engine sure of a word may have read any of its marks wrong, and the sentence decides
    where it is sure. In small letters only a lost mark of a stack is mended so."""
    lines = ["Các cơ quan, đơn vị trên địa bàn triển khai thực hiện", line]
    cleaned = clean(Document("scan.pdf", (_ocr_page(1, lines, 96.0),)))
    assert cleaned.pages[0].lines[1].text == expected


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Căn cứ Luật Giáo dục Quôc phòng và an ninh năm 2013", "Giáo dục Quốc phòng"),  # tone lost
        ("Viêc triển khai thực hiện các nội dung trên", "Việc triển khai"),
        ("Tâp trung chỉ đạo các đơn vị trực thuộc", "Tập trung chỉ đạo"),
        ("Ông Nguyễn Văn Phát và bà Lê Thị Cúc dự họp", "Nguyễn Văn Phát và bà Lê Thị Cúc"),  # names
    ],
)
def test_a_capitalised_word_closed_by_a_stop_with_a_tone_it_cannot_take_is_no_name(read: str, meant: str):
    """A syllable closed by ``c``, ``ch``, ``p`` or ``t`` takes only the acute or the dot below:
    a capitalised ``Quôc`` or ``Viêc`` read surely is no name but a lost tone, mended where the
    sentence is sure; names spelt as syllables stay."""
    lines = ["Các cơ quan, đơn vị trên địa bàn triển khai thực hiện", read]
    cleaned = clean(Document("scan.pdf", (_ocr_page(1, lines, 96.0),)))
    assert meant in cleaned.pages[0].lines[1].text


def test_a_typed_word_in_capitals_keeps_its_marks_as_typed():
    """The stacked-mark exception is the engine's, not an author's: typed ``PHÓ`` is suggested only."""
    lines = ["Các cơ quan, đơn vị trên địa bàn triển khai thực hiện", "ỦY BAN NHÂN DÂN THÀNH PHÓ ĐÀ NẴNG"]
    page = Page(1, PageSource.TEXT_LAYER, tuple(Line(text, block=i) for i, text in enumerate(lines)))
    cleaned = clean(Document("typed.pdf", (page,)))
    assert cleaned.pages[0].lines[1].text == lines[1]
    assert [(c.before, c.after, c.applied) for c in cleaned.changes if c.before == "PHÓ"] == [("PHÓ", "PHỐ", False)]


@pytest.mark.parametrize(("confidence", "kept"), [(97.0, True), (None, False)])
def test_noise_removal_trusts_the_engine_where_it_was_sure(confidence: float | None, kept: bool):
    lines = ["Phòng Giáo dục tổ chức thực hiện kế hoạch", "r r y y", "Các trường báo cáo kết quả"]
    cleaned = clean(Document("scan.pdf", (_ocr_page(1, lines, confidence),)))
    assert ("r r y y" in cleaned.text) == kept


@pytest.mark.parametrize("token", ["/#⁄/UBND-", "Øƒ/KH-SYT", "//CT-UBND"])
def test_a_symbol_glued_to_handwritten_strokes_survives_the_engine_s_doubt(token):
    """A handwritten number before the printed code (``4532/UBND-``) is strokes to the engine,
    which is unsure of the whole word (confidence 0): the code stays, for the parser to read."""
    specks = [("›", 0.0), ("|", 54.0), ("LỊ", 0.0)]  # the rule under the header, read as a line
    words = [("Số:", 88.0), (token, 0.0), ("KSTTHC", 90.0), ("Phú", 95.0), ("Thọ,", 96.0), ("ngày", 96.0)]
    lines = tuple(
        Line(" ".join(w for w, _ in row), tuple(Word(w, c, (60 * i, y, 50, 20)) for i, (w, c) in enumerate(row)))
        for y, row in ((0, specks), (30, words))
    )
    cleaned = clean(Document("scan.pdf", (Page(1, PageSource.OCR, lines, 80.0, dpi=300),)))
    assert token in cleaned.text
    number = parse(cleaned).header.number
    assert number.startswith("/") and "number-handwritten" in parse(cleaned).header.flags


@pytest.mark.parametrize(("source", "kept"), [(PageSource.TEXT_LAYER, True), (PageSource.OCR, False)])
def test_a_typed_misspelling_is_only_suggested(source: PageSource, kept: bool):
    """A Word file's or a born-digital PDF's accented word is what its author typed, ``TRUYỂN``
    for ``TRUYỀN`` included: restoration suggests the fix and leaves the text as typed. The
    same word read by OCR, the engine unsure of it, is the engine's slip and is fixed."""
    lines = ["SỞ THÔNG TIN VÀ TRUYỂN THÔNG", "Các phòng ban thực hiện kế hoạch đúng thời gian quy định."]
    page = Page(
        1,
        source,
        tuple(
            Line(text, tuple(Word(w, 70.0 if source is PageSource.OCR else None) for w in text.split()))
            for text in lines
        ),
    )
    cleaned = clean(Document("plan.docx", (page,)))
    touched = [c for c in cleaned.changes if c.before == "TRUYỂN"]
    assert touched and touched[0].after == "TRUYỀN"
    assert ("TRUYỂN" in cleaned.text) == kept
    assert touched[0].applied is not kept


@pytest.mark.parametrize("bullet", ["o", "o_", "o.", "o,"])
def test_word_bullet_o_is_no_word_to_restore(bullet):
    """Word's ``o`` bullet, with the speck an OCR engine adds to it, opens a list item: neither
    joined to the line before nor restored to ``ở``."""
    cleaned = clean(
        f"4. Yêu cầu cụ thể:\n{bullet} Mỗi khối lớp tổ chức một buổi sinh hoạt\n{bullet} Các tổ chuyên môn báo cáo\n"
    )
    assert f"\n{bullet} Mỗi khối" in cleaned and f"\n{bullet} Các tổ" in cleaned


def test_a_rare_spelling_is_no_proof_the_engine_was_right():
    """``uông`` read at 95 is the engine's slip on the common ``uống``: restored all the same."""
    line = "Quán triệt học sinh thực hiện nghiêm túc quy định không lái xe khi đã uông rượu, bia"
    cleaned = clean(Document("scan.pdf", (_ocr_page(1, [line, line], 95.0),)))
    assert "đã uống rượu" in cleaned.text and "uông" not in cleaned.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [("KT. GIÁM ĐÓC", "KT. GIÁM ĐỐC"), ("SỞ Y TẾ TĨNH KIÊN GIANG", "SỞ Y TẾ TỈNH KIÊN GIANG")],
)
def test_in_a_line_of_capitals_a_capitalised_word_is_no_name(line: str, expected: str):
    """A wrong mark in a heading or signature set in capitals is repaired, not only flagged."""
    page = ["Các đơn vị thực hiện nghiêm túc kế hoạch và báo cáo kết quả về Sở.", line, "PHÓ GIÁM ĐỐC"]
    assert clean(Document("scan.pdf", (_ocr_page(1, page, None),))).pages[0].lines[1].text == expected


def test_each_column_of_a_header_row_is_judged_for_capitals_on_its_own():
    """The issuer in capitals beside the motto in small letters: its marks are repaired."""
    text = (
        "Các đơn vị thực hiện.\nSỞ Y TÉ     Độc lập - Tự do - Hạnh phúc\nCỤC THUE     Hà Nội, ngày 10 tháng 4 năm 2026"
    )
    assert clean(text).split("\n")[1:] == [
        "SỞ Y TẾ     Độc lập - Tự do - Hạnh phúc",
        "CỤC THUẾ     Hà Nội, ngày 10 tháng 4 năm 2026",
    ]


#: Lines as the Vietnamese engine reads a worn copy: a speck read as a mark between two words.
GLUED = [
    ("Ban hành Danh:mục các loại hình trong lĩnh vực giáo dục", "Ban hành Danh mục các loại hình"),
    ("có giấy.khám sức khỏe hằng năm của cơ quan y tế", "có giấy khám sức khỏe hằng năm"),
    ("vệ sinh thực phẩm:của:cơ quan có thẩm quyền", "vệ sinh thực phẩm của cơ quan có"),
    ("Bộ Lao động chủ trì,phối hợp với Bộ Tài chính", "chủ trì, phối hợp với"),
    ("trách nhiệm của cơ quan quản lý trực tiếp, cơ quan cử:đi:học", "cơ quan cử đi học"),
    ("phối hợp với tình nguyện viên và'cán bộ y tế", "viên và cán bộ y tế"),
    ("chính sách-khuyến khích xã hội hóa trong lĩnh vực giáo dục", "chính sách khuyến khích"),
    ("các cơ-quan có liên quan thực-hiện kế hoạch", "các cơ quan có liên quan thực hiện kế hoạch"),
    ("trong lĩnh vực giáo. dục và đào tạo", "trong lĩnh vực giáo dục và đào tạo"),
    ("Văn bản của Bộ-Giáo dục và Đào tạo gửi Cục-Khoa học", "của Bộ Giáo dục và Đào tạo gửi Cục Khoa học"),
]


@pytest.mark.parametrize(("read", "meant"), GLUED)
def test_a_speck_glued_between_two_words_becomes_a_space(read: str, meant: str):
    """OCR glues a speck between two words as a stop, colon, semicolon, apostrophe or hyphen
    (``Danh:mục``, ``và'cán``, ``cơ-quan``), sets one as a stop before a lowercase word
    (``giáo. dục``), or loses the space after a comma (``trì,phối``): a space again (the stop
    before its space goes), the comma kept, each a noise change."""
    words = tuple(Word(w, 60.0) for w in read.split())
    cleaned = clean(Document("scan.pdf", (Page(1, PageSource.OCR, (Line(read, words),)),)))
    assert meant in cleaned.text
    glued = [c for c in cleaned.changes if c.step == "noise"]
    assert glued and all(c.before + c.after in {". ", ": ", "; ", ",, ", "' ", "- ", "."} for c in glued)


@pytest.mark.parametrize(
    "kept",
    [
        "Số 12 đường Lê Lợi, TP.HCM, Q.1",
        "Xem tại moet.gov.vn hoặc gửi thư về lan.anh@gmail.com",
        "Tải Phụ lục.doc và Phu luc.pdf kèm theo",
        "phòng chống bệnh truyền nhiễm.Bệnh viện tỉnh",
        "các loại sách, báo, tạp chí v.v. đều được",
        "Điều 13.1.NĐ.21.11. Quyền và trách nhiệm",
        "Cấp số sê-ri cho ăng-ten và dung dịch a-xít",
        "phát triển kinh tế-xã hội và tuyến đường bắc-nam",
        "tỉnh Bà Rịa-Vũng Tàu học tập chủ nghĩa Mác-Lênin theo Quyết định số 12/QĐ-UBND",
        "kết quả được báo cáo về Sở. Các đơn vị thực hiện. a) nội dung",
    ],
)
def test_marks_that_belong_to_the_text_stay(kept: str):
    """Abbreviations, addresses, file names, a stop before a capital or a list's letter,
    numbered codes and the hyphens the corpus writes (loanwords, pairs) keep their marks: only
    a mark between two lowercase syllables is taken for a speck."""
    words = tuple(Word(w, 60.0) for w in kept.split())
    cleaned = clean(Document("scan.pdf", (Page(1, PageSource.OCR, (Line(kept, words),)),)))
    assert not [c for c in cleaned.changes if c.step == "noise"]
    assert [c for c in cleaned.text if c in ".:;,@-"] == [c for c in kept if c in ".:;,@-"]


def test_a_glued_mark_in_typed_text_is_its_author_s():
    """A Word file's ``bổ;sung`` is a typo, not a speck: the noise step leaves typed text alone."""
    text = "Đề nghị các đơn vị bổ;sung hồ sơ đúng hạn."
    cleaned = clean(Document("plan.docx", (Page(1, PageSource.TEXT_LAYER, (Line(text),)),)))
    assert "bổ;sung" in cleaned.text


@pytest.mark.parametrize(("read", "meant"), [("kỷ", "ký"), ("thủ", "thu")])
def test_a_doubted_marked_word_yields_to_its_sentence(read: str, meant: str):
    """A marked word the engine doubted is more likely misread: where the sentence only leans
    to a neighbour (``Các đơn vị ký và báo cáo``), the neighbour wins at confidence 30, and
    the word stays as read at 89, when the engine's slips are as rare as the channel assumes."""
    text = f"Các đơn vị {read} và báo cáo kết quả"

    def cleaned(confidence: float) -> str:
        words = tuple(Word(w, confidence if w == read else 96.0) for w in text.split())
        return clean(Document("scan.pdf", (Page(1, PageSource.OCR, (Line(text, words),)),))).text

    assert cleaned(30.0) == text.replace(read, meant)
    assert cleaned(89.0) == text


def _scan(*pages: list[tuple[str, float]]) -> Document:
    """A scan whose pages hold one line each, each word read with its confidence."""
    made = []
    for number, words in enumerate(pages, start=1):
        text = " ".join(w for w, _ in words)
        made.append(Page(number, PageSource.OCR, (Line(text, tuple(Word(w, c) for w, c in words)),), dpi=300))
    return Document("scan.pdf", tuple(made))


def _read(text: str, doubted: str, confidence: float) -> list[tuple[str, float]]:
    return [(w, confidence if w.strip(".,") == doubted else 96.0) for w in text.split()]


@pytest.mark.parametrize(
    ("read", "doubted", "meant"),
    [
        ("Văn bản này gửi Bổ Giáo dục và Đào tạo để báo cáo", "Bổ", "gửi Bộ Giáo dục"),
        ("Các đơn vị thực hiện theo Diều 56 của Luật Giáo dục", "Diều", "theo Điều 56"),
        ("Đề nghị các trường gửi Sổ Giáo dục và Đào tạo tổng hợp", "Sổ", "gửi Sở Giáo dục"),
    ],
)
def test_a_doubted_capitalised_word_is_the_word_people_capitalise(read: str, doubted: str, meant: str):
    """A capitalised word is taken for a name; but when the engine doubted it and the sentence
    reads it as a word the corpus capitalises ten times as often (``Bộ``, ``Điều``, ``Sở``), it
    is that word. Read surely, it stays as read."""
    assert meant in clean(_scan(_read(read, doubted, 55.0))).text
    assert clean(_scan(_read(read, doubted, 95.0))).text == read


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Thực hiện theo Kê hoạch số 15/KH-UBND của tỉnh", "Thực hiện theo Kế hoạch số 15/KH-UBND của tỉnh"),
        ("Gửi Sở Kế hoạch và Đâu tư tỉnh Quảng Ngãi", "Gửi Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi"),
        ("Các đơn vị tổ chức Lê hội xuân năm 2022", "Các đơn vị tổ chức Lễ hội xuân năm 2022"),
        ("Bà Nguyễn Thị Trân phụ trách công tác", "Bà Nguyễn Thị Trân phụ trách công tác"),  # names
        ("Ông Trần Thanh Vũ phát biểu ý kiến", "Ông Trần Thanh Vũ phát biểu ý kiến"),
        ("Nay thông báo để các đơn vị biết", "Nay thông báo để các đơn vị biết"),
    ],
)
def test_a_capitalised_word_is_no_name_where_only_its_mended_form_makes_a_phrase(read: str, meant: str):
    """An engine loses the marks of capitalised words too (``Kê hoạch``, ``Lê hội``): where the
    word the sentence chooses makes a phrase with a lowercase word beside it that the engine
    was sure of, and the word as read makes none, it is no name. Names beside function words
    or other names stay."""
    assert clean(_scan(_read(read, "", 0.0))).text == meant


def test_only_a_neighbour_the_engine_was_sure_of_makes_the_phrase():
    """The phrase is evidence only if the engine read the neighbour surely: beside a doubted
    ``hoạch``, one the restorer itself wrote (``hoach`` mended in a first pass), or in text no
    engine read, a capitalised ``Kê`` keeps the name's rule."""
    read = "Thực hiện theo Kê hoạch số 15/KH-UBND của tỉnh"
    assert "theo Kế hoạch số" in clean(_scan(_read(read, "", 0.0))).text
    assert clean(_scan(_read(read, "hoạch", 70.0))).text == read
    unmarked = read.replace("hoạch", "hoach")
    assert clean(_scan(_read(unmarked, "", 0.0))).text == read
    assert clean(read) == read


@pytest.mark.parametrize(
    ("read", "doubted", "meant"),
    [
        ("Bà Nguyễn Thị My phụ trách chung", "My", "Bà Nguyễn Thị My phụ trách chung"),
        ("Em Tú đạt giải nhất cuộc thi", "Tú", "Em Tú đạt giải nhất cuộc thi"),
        ("Giao đồng chí Trân chủ trì thực hiện", "Trân", "Giao đồng chí Trân chủ trì thực hiện"),
        ("Ông Lê Hông Giang phụ trách chung", "Hông", "Ông Lê Hồng Giang phụ trách chung"),  # nobody's name
        ("Văn bản này gửi Bổ Giáo dục và Đào tạo", "Bổ", "Văn bản này gửi Bộ Giáo dục và Đào tạo"),  # no name
    ],
)
def test_a_doubted_word_of_a_person_s_name_stays_if_people_have_it_as_a_name(read: str, doubted: str, meant: str):
    """After a form of address or a surname a capitalised word goes on a person's name: doubted,
    it stays as read if the corpus capitalises it inside sentences at all (``My``, though
    ``Mỹ`` is capitalised a hundred times as often); a word it never capitalises is a misreading
    there too, and elsewhere the word people capitalise wins as before."""
    assert clean(_scan(_read(read, doubted, 55.0))).text == meant


def test_a_capitalised_word_read_surely_elsewhere_in_the_document_stays():
    """A capitalised word the engine read surely elsewhere in the document is written so there
    (a name, ``Nhâm Dần``): doubted on another page, it stays as read, whatever the corpus
    capitalises more often."""
    name = _read("Tổ công tác do ông Lê Văn Bổ làm tổ trưởng", "", 0.0)
    letter = _read("Văn bản này gửi Bổ Giáo dục và Đào tạo để báo cáo", "Bổ", 55.0)
    assert "gửi Bộ Giáo dục" in clean(_scan(letter)).text
    assert "gửi Bổ Giáo dục" in clean(_scan(name, letter)).text
