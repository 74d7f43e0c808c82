"""A file holding more than one document: the main one's sections and signature are its own."""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse

LETTER = """BỘ GIÁO DỤC VÀ ĐÀO TẠO     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 1849/BGDĐT-GDPT     Độc lập - Tự do - Hạnh phúc
V/v kiểm tra, khảo sát     Hà Nội, ngày 10 tháng 4 năm 2026

Kính gửi: Các Sở Giáo dục và Đào tạo

Bộ Giáo dục và Đào tạo đề nghị các Sở thực hiện:
1. Nội dung
Báo cáo theo đề cương tại Phụ lục 2.
2. Thời gian
Trước ngày 25/4/2026.
3. Tổ chức thực hiện
Các Sở báo cáo đúng hạn./.

Nơi nhận:     TL. BỘ TRƯỞNG
- Như trên;     VỤ TRƯỞNG VỤ GIÁO DỤC PHỔ THÔNG
- Lưu: VT, GDPT.

Thái Văn Tài
"""

APPENDIX = """
PHỤ LỤC 2
ĐỀ CƯƠNG BÁO CÁO
I. THỰC TRẠNG CÁC PHÒNG HỌC BỘ MÔN
II. THỰC TRẠNG THIẾT BỊ DẠY HỌC
III. ĐỀ XUẤT
"""

SECOND_LETTER = """
UBND TỈNH PHÚ THỌ     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
VĂN PHÒNG     Độc lập - Tự do - Hạnh phúc
Số: 630/VP-KSTTHC     Phú Thọ, ngày 9 tháng 12 năm 2011
I. XÂY DỰNG KẾ HOẠCH RÀ SOÁT
II. TỔ CHỨC THỰC HIỆN
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Nguyễn Văn Bình
"""


@pytest.mark.parametrize(("attached", "title"), [(APPENDIX, "PHỤ LỤC 2 ĐỀ CƯƠNG BÁO CÁO"), (SECOND_LETTER, None)])
def test_the_main_document_keeps_its_own_sections_and_signer(attached, title):
    plan = parse(LETTER + attached)
    assert plan.header.doc_type == "Công văn"
    assert [s.number for s in plan.sections] == ["1", "2", "3"]
    assert plan.signature is not None
    assert (plan.signature.authority, plan.signature.position, plan.signature.name) == (
        "TL. BỘ TRƯỞNG",
        "VỤ TRƯỞNG VỤ GIÁO DỤC PHỔ THÔNG",
        "Thái Văn Tài",
    )
    assert plan.recipients == ("Như trên", "Lưu: VT, GDPT")
    assert len(plan.attachments) == 1
    if title:
        assert plan.attachments[0].title == title


def test_a_mention_of_an_appendix_in_a_sentence_attaches_nothing():
    plan = parse(LETTER)
    assert plan.attachments == ()


def test_ve_viec_spelt_out_is_a_letter_s_subject():
    text = LETTER.replace("V/v kiểm tra, khảo sát", "Về việc kiểm tra, khảo sát")
    header = parse(text).header
    assert (header.doc_type, header.title) == ("Công văn", "Về việc kiểm tra, khảo sát")


def test_a_numbered_form_with_its_title_run_on_is_an_attachment():
    """``BIỂU 19: CHƯƠNG TRÌNH ...`` after the letter: a statistics form, its rows no signer."""
    form = "\nBIỂU 19: CHƯƠNG TRÌNH DÂN SỐ KẾ HOẠCH HÓA GIA ĐÌNH\nSTT     CHỈ TIÊU     Đơn vị\nDÂN SỐ TRUNG BÌNH\n"
    plan = parse(LETTER + form)
    assert plan.signature.name == "Thái Văn Tài"
    assert [a.title.split(":")[0] for a in plan.attachments] == ["BIỂU 19"]


def test_a_form_whose_header_row_holds_its_issuer_leaves_the_last_recipient_to_the_letter():
    """The form after a letter opens with the issuer and the motto on one row: the line above it
    is the letter's archive copy, not the form's issuer."""
    letter = LETTER.replace("- Lưu: VT, GDPT.\n\nThái Văn Tài\n", "- Lưu: VT, GDPT.\n")
    form = (
        "\nTRƯỜNG ĐẠI HỌC CẦN THƠ     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "(Tên đơn vị)     Độc lập - Tự do - Hạnh phúc\n\nGIẤY ĐĂNG KÝ BÁO CÁO\n\nKính gửi: KHOA\n"
    )
    plan = parse(letter + form)
    assert plan.recipients == ("Như trên", "Lưu: VT, GDPT")
    (attachment,) = plan.attachments
    assert (letter + form)[attachment.span.start :].startswith("TRƯỜNG ĐẠI HỌC CẦN THƠ")
