"""Closing sentence, signature block and recipients, in one column or two."""

from __future__ import annotations

import pytest

from viplan_ocr.parse import parse

BODY = "KẾ HOẠCH\nTổ chức hội thi\nI. MỤC ĐÍCH\n1. Nâng cao chất lượng.\n"


@pytest.mark.parametrize(
    ("authority", "mode"),
    [("KT. HIỆU TRƯỞNG", "KT"), ("TM. ỦY BAN NHÂN DÂN", "TM"), ("Q. TRƯỞNG PHÒNG", "Q"), ("TL. GIÁM ĐỐC", "TL")],
)
def test_signing_modes(authority, mode):
    plan = parse(f"{BODY}\n{authority}\nPHÓ CHỦ TỊCH\n\nNGUYỄN VĂN AN\n")
    assert plan.signature.to_dict() == {
        "authority": authority,
        "position": "PHÓ CHỦ TỊCH",
        "name": "NGUYỄN VĂN AN",
        "mode": mode,
    }


def test_position_without_authority_and_closing_sentence():
    plan = parse(
        f"{BODY}Trên đây là kế hoạch của nhà trường,\nđề nghị các tổ thực hiện./.\n\nHIỆU TRƯỞNG\n\n\nTrần Minh Đức"
    )
    assert plan.closing == "Trên đây là kế hoạch của nhà trường, đề nghị các tổ thực hiện./."
    assert plan.signature.to_dict() == {
        "authority": None,
        "position": "HIỆU TRƯỞNG",
        "name": "Trần Minh Đức",
        "mode": None,
    }
    assert plan.sections[0].children[0].title == "Nâng cao chất lượng"


def test_closing_sentence_right_above_the_position():
    plan = parse(f"{BODY}Trên đây là kế hoạch của nhà trường./.\nHIỆU TRƯỞNG\nTrần Minh Đức")
    assert plan.closing == "Trên đây là kế hoạch của nhà trường./."
    assert (plan.signature.position, plan.signature.name) == ("HIỆU TRƯỞNG", "Trần Minh Đức")


def test_name_with_an_academic_title_after_a_signed_mark():
    plan = parse(f"{BODY}\nHIỆU TRƯỞNG\n(Đã ký)\nThS. Nguyễn Văn An")
    assert plan.signature.name == "ThS. Nguyễn Văn An"


def test_two_columns_side_by_side():
    plan = parse(
        f"{BODY}\nNơi nhận:                                  KT. TRƯỞNG PHÒNG\n"
        "- Sở GDĐT (để                                PHÓ TRƯỞNG PHÒNG\n"
        "báo cáo);\n- Các trường MN, TH, THCS;\n- Lưu: VT.                                  Nguyễn Thị Hằng\n"
    )
    assert plan.recipients == ("Sở GDĐT (để báo cáo)", "Các trường MN, TH, THCS", "Lưu: VT")
    assert (plan.signature.position, plan.signature.name) == ("PHÓ TRƯỞNG PHÒNG", "Nguyễn Thị Hằng")


def test_two_columns_run_together_by_ocr():
    plan = parse(
        f"{BODY}\nNơi nhận: KT. TRƯỞNG PHÒNG\n- Sở GDĐT Hà Nội (để b/c); PHÓ TRƯỞNG PHÒNG\n"
        "- UBND quận (để b/c);\n- Lưu: VT.\nNguyễn Thị Hằng\n"
    )
    assert plan.recipients == ("Sở GDĐT Hà Nội (để b/c)", "UBND quận (để b/c)", "Lưu: VT")
    assert plan.signature.to_dict() == {
        "authority": "KT. TRƯỞNG PHÒNG",
        "position": "PHÓ TRƯỞNG PHÒNG",
        "name": "Nguyễn Thị Hằng",
        "mode": "KT",
    }


def test_no_signature_in_a_plan_without_one():
    plan = parse(BODY)
    assert (plan.signature, plan.recipients, plan.closing) == (None, (), None)


def test_a_role_named_inside_the_body_does_not_end_it():
    plan = parse(f"{BODY}2. Phân công\nHIỆU TRƯỞNG\nchỉ đạo chung.\n3. Kinh phí\n")
    assert [c.number for c in plan.sections[0].children] == ["1", "2", "3"]


PLAN = "KẾ HOẠCH\nTổ chức sinh hoạt chuyên môn\nI. MỤC ĐÍCH\nNâng cao chất lượng.\n"


@pytest.mark.parametrize("head", ["Nơi nhận:", "Nơinhận:", "NƠI NHẬN:", ".\\ơi nhận:", "/\\ơi nhận:"])
def test_the_tail_in_two_columns_with_the_seal_s_specks(head):
    """Columns told apart by a gap; ``s``, ``4`` are the red seal as OCR reads it."""
    tail = "\n".join(
        [
            f"{head}     KT. HIỆU TRƯỞNG",
            "- Sở GDĐT (bc);     s     4",
            "- Các đơn vị Cụm 2 (ph/h);     PHÓ HIỆU TRƯỞNG",
            "- Lưu: VT.",
            "",
            "Trần Thanh Vũ",
        ]
    )
    plan = parse(PLAN + tail)
    assert plan.signature is not None
    assert (plan.signature.authority, plan.signature.position, plan.signature.name) == (
        "KT. HIỆU TRƯỞNG",
        "PHÓ HIỆU TRƯỞNG",
        "Trần Thanh Vũ",
    )
    assert plan.recipients == ("Sở GDĐT (bc)", "Các đơn vị Cụm 2 (ph/h)", "Lưu: VT")


def test_a_position_on_its_own_line_does_not_end_the_recipients():
    tail = (
        "Nơi nhận:     KT. HIỆU TRƯỞNG\n- Hiệu trưởng (b/c);\nPHÓ HIỆU TRƯỞNG\n"
        "- Tổ trưởng (th/h);\n- Lưu VT.\nNguyễn Văn Thành"
    )
    plan = parse(PLAN + tail)
    assert plan.recipients == ("Hiệu trưởng (b/c)", "Tổ trưởng (th/h)", "Lưu VT")
    assert (plan.signature.position, plan.signature.name) == ("PHÓ HIỆU TRƯỞNG", "Nguyễn Văn Thành")


@pytest.mark.parametrize(
    ("first", "second", "position"),
    [
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ("TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    ],
)
def test_signing_on_behalf_twice(first, second, position):
    tail = (
        f"Nơi nhận:     {first}\n- Như Điều 5;     {second}\n"
        f"- CT, PCT UBND tỉnh;     {position}\n- Lưu: VT.\n\nTrần Phước Hiền"
    )
    signature = parse(PLAN + tail).signature
    assert (signature.authority, signature.position, signature.name, signature.mode) == (
        f"{first} {second}",
        position,
        "Trần Phước Hiền",
        first[:2],
    )


def test_a_name_alone_under_the_recipients_is_the_signer():
    """OCR lost the position under a seal; the name below it is still the signer."""
    tail = "Nơi nhận:\n- VP. UBND tỉnh;\n- Lưu: VT.\n\nGIẢ\n\nLê Hoàng Anh\n\n10"
    signature = parse(PLAN + tail).signature
    assert signature is not None
    assert (signature.authority, signature.position, signature.name) == (None, None, "Lê Hoàng Anh")


@pytest.mark.parametrize(
    ("printed", "position"),
    [
        ("GIẢÁM ĐÓC", "GIÁM ĐỐC"),
        ("PHÓ HIỆU TRƯỚNG", "PHÓ HIỆU TRƯỞNG"),
        ("CHỦTỊCH", "CHỦ TỊCH"),
        ("VỤ TRƯỞNG", "VỤ TRƯỞNG"),
    ],
)
def test_a_position_one_letter_off_or_run_together_is_the_position(printed, position):
    """Positions are a closed list: a seal's damage (``GIẢÁM``) or a lost space is read back."""
    tail = f"Nơi nhận:\n- VP. UBND tỉnh;\n- Lưu: VT.\n\n{printed}\n\nLê Hoàng Anh\n"
    signature = parse(PLAN + tail).signature
    assert (signature.position, signature.name) == (position, "Lê Hoàng Anh")


@pytest.mark.parametrize(
    ("printed", "authority", "mode"),
    [("TLBỘTRƯỞNG", "TL. BỘ TRƯỞNG", "TL"), ("_TM, ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN", "TM")],
)
def test_an_authority_with_its_stop_misread_or_run_together(printed, authority, mode):
    tail = f"Nơi nhận:     {printed}\n- Như trên;     CHÁNH VĂN PHÒNG\n- Lưu: VT.\n\nTrần Văn Bình\n"
    signature = parse(PLAN + tail).signature
    assert (signature.authority, signature.mode, signature.position) == (authority, mode, "CHÁNH VĂN PHÒNG")


def test_a_title_carried_over_two_lines_is_no_name():
    """``GIÁM ĐỐC SỞ GIÁO DỤC VÀ`` / ``ĐÀO TẠO`` under a council's seal: the name is below."""
    tail = (
        "Nơi nhận:     TM. HỘI ĐỒNG\n- Như trên;     CHỦ TỊCH\n- Lưu: VT.\n\n"
        "GIÁM ĐỐC SỞ GIÁO DỤC VÀ\nĐÀO TẠO\nLê Văn Tâm\n"
    )
    assert parse(PLAN + tail).signature.name == "Lê Văn Tâm"


def test_a_recipient_broken_after_commas_goes_on_with_capitals():
    """A long item lists offices over several lines, each ending with a comma; the signer's
    name stands beside one of them. The list goes on to the items after it."""
    tail = (
        "Nơi nhận:     KT. CHỦ TỊCH\n- Thường trực Tỉnh ủy;     PHÓ CHỦ TỊCH\n"
        "- Các sở, ngành: Tài chính, Nội vụ,\nXây dựng, Y tế,     Lê Văn Tâm\nCông Thương;\n"
        "- UBND các huyện;\n- Lưu: VT.\n"
    )
    plan = parse(PLAN + tail)
    assert plan.recipients == (
        "Thường trực Tỉnh ủy",
        "Các sở, ngành: Tài chính, Nội vụ, Xây dựng, Y tế, Công Thương",
        "UBND các huyện",
        "Lưu: VT",
    )
    assert plan.signature.name == "Lê Văn Tâm"


def test_ocr_debris_shaped_like_a_name_is_no_signer():
    """The seal's specks under ``Nơi nhận:`` read ``CƯ NN``: no name (``NN`` is no syllable)."""
    tail = "Nơi nhận:\nCƯ NN\n- VP. UBND tỉnh;\n- Lưu: VT.\n"
    signature = parse(PLAN + tail).signature
    assert signature is None or signature.name is None


TITLES = ("GIÁM ĐỐC", "HIỆU TRƯỞNG", "CHỦ TỊCH", "TRƯỞNG PHÒNG", "CỤC TRƯỞNG")


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize(
    "block",
    [
        "KT. {t}\n{t}",  # the seal hid PHÓ
        ';#*T, {t}\n"{t},',  # KT. damaged, PHÓ hidden
        "{t}\n{t}",  # both lost
        "{t}\nPHÓ {t}",  # KT. lost
        "KT. {t}",  # the deputy's line lost
    ],
)
def test_a_deputy_s_block_damaged_under_the_seal_is_read_from_its_shape(title, block):
    """The head's title twice can only be ``KT. X`` / ``PHÓ X``; the reading is flagged."""
    plan = parse(f"{BODY}\n{block.format(t=title)}\n\nNguyễn Văn An\n")
    assert plan.signature.to_dict() == {
        "authority": f"KT. {title}",
        "position": f"PHÓ {title}",
        "name": "Nguyễn Văn An",
        "mode": "KT",
    }
    assert any("read from the block's shape" in warning for warning in plan.warnings)


@pytest.mark.parametrize(
    ("block", "authority", "position"),
    [
        ("GIÁM ĐỐC", None, "GIÁM ĐỐC"),
        ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        ("TUQ. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG", "TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
        ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
        ("SỞ Y TẾ\nGIÁM ĐỐC", None, "GIÁM ĐỐC"),
    ],
)
def test_a_whole_block_is_read_as_printed(block, authority, position):
    plan = parse(f"{BODY}\n{block}\n\nNguyễn Văn An\n")
    assert (plan.signature.authority, plan.signature.position) == (authority, position)
    assert not any("read from the block's shape" in warning for warning in plan.warnings)


@pytest.mark.parametrize(
    ("block", "authority", "position"),
    [
        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ("KT.GIÁM ĐỐC", "KT.GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        ("TL. GIÁM ĐỐC", "TL. GIÁM ĐỐC", None),  # by order: any officer signs, nothing to infer
        ("KT. HỘI ĐỒNG", "KT. HỘI ĐỒNG", None),  # no position of the closed list
    ],
)
def test_a_deputy_s_line_lost_is_read_from_the_authority_it_signs_for(block, authority, position):
    """``KT. X`` and the name with no line between: the seal hid the deputy's line, ``PHÓ X``."""
    plan = parse(f"{BODY}\n{block}\n\nNguyễn Văn An\n")
    assert (plan.signature.authority, plan.signature.position, plan.signature.name) == (
        authority,
        position,
        "Nguyễn Văn An",
    )
    assert any("the seal hid the deputy's line" in warning for warning in plan.warnings) == bool(position)


@pytest.mark.parametrize(
    ("printed", "name", "note"),
    [
        ("Trần Thanh Vũ", "Trần Thanh Vũ", None),
        ("#fân Thanh Vũ", "Thanh Vũ", "surname '#fân' unreadable"),  # the signature's ink over the surname
        ("guyến Văn Thành", "Nguyễn Văn Thành", "surname 'guyến' read as 'Nguyễn'"),  # the seal took the N
        ("|Lê Quang Trí", "Lê Quang Trí", "surname '|Lê' read as 'Lê'"),
        ("Tần Duy Đông", "Tần Duy Đông", None),  # a clean word is never changed: it may be a surname
        ("fần Thanh Vũ", "Thanh Vũ", "surname 'fần' unreadable"),  # letters no syllable has
    ],
)
def test_a_name_whose_first_word_the_ink_damaged(printed, name, note):
    tail = f"Nơi nhận:     KT. HIỆU TRƯỞNG\n- Sở GDĐT (bc);     PHÓ HIỆU TRƯỞNG\n- Lưu: VT.\n\n{printed}"
    plan = parse(PLAN + tail)
    assert plan.signature.name == name
    assert [w for w in plan.warnings if "surname" in w] == ([f"signature: {note}"] if note else [])


@pytest.mark.parametrize("ring", ["GIÁO DỤC", "VÀ ĐÀO TẠO"])
def test_a_seal_s_ring_in_capitals_is_no_name_before_the_printed_one(ring):
    """The ring of a seal reads as capitals shaped like a name; the name is printed as names are."""
    tail = (
        "Nơi nhận:     TM. HỘI ĐỒNG\n- Như trên;     CHỦ TỊCH\n- Lưu: VT.\n\n"
        f"{ring}\nGIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO\nLê Quang Trí"
    )
    assert parse(PLAN + tail).signature.name == "Lê Quang Trí"


def test_a_list_goes_on_after_a_stop_ocr_made_of_a_comma_while_items_follow():
    tail = (
        "Nơi nhận:     TL. CHỦ TỊCH\n- Thường trực Tỉnh ủy (báo cáo):     CHÁNH VĂN PHÒNG\n"
        "- Các sở, ngành: Kế hoạch và Đầu tư, Tài chính.\nNông nghiệp và Phát triển nông thôn, Xây dựng.\n"
        "Văn hóa, Thể thao và Du lịch, Y tế,\n- Hội LHPN tỉnh;\n- Lưu: VT, KGVX.\n\nNguyễn Văn Phước"
    )
    plan = parse(PLAN + tail)
    assert plan.recipients == (
        "Thường trực Tỉnh ủy (báo cáo):",
        "Các sở, ngành: Kế hoạch và Đầu tư, Tài chính Nông nghiệp và Phát triển nông thôn, Xây dựng "
        "Văn hóa, Thể thao và Du lịch, Y tế",
        "Hội LHPN tỉnh",
        "Lưu: VT, KGVX",
    )
    assert plan.signature.name == "Nguyễn Văn Phước"


def test_the_archive_copy_ends_the_list():
    """``Lưu: VT`` is the last recipient: the seal's debris after it (``Lưu: VT, V,`` read with a
    comma for its stop) is no part of it."""
    tail = (
        "Nơi nhận:     KT.HIỆU TRƯỞNG\n- Sở GDĐT (bc):     PHÓ HIỆU TRƯỞNG\n- Lưu: VT, V,\n"
        "“     ổ›\ntí ấn\nụ CAO LANH 2\n"
    )
    assert parse(PLAN + tail).recipients == ("Sở GDĐT (bc):", "Lưu: VT, V")


@pytest.mark.parametrize("head", ["Xơi nhận:", "Ai nhận :"])
def test_a_recipients_head_ocr_misread(head):
    tail = f"{head}     KT. HIỆU TRƯỞNG\n- Hiệu trưởng (b/c);     PHÓ HIỆU TRƯỞNG\n- Lưu VT.\n\nNguyễn Văn Thành"
    assert parse(PLAN + tail).recipients == ("Hiệu trưởng (b/c)", "Lưu VT")


def test_a_position_the_seal_s_debris_ran_into():
    tail = (
        "Nơi nhận:     TM. HỘI ĐỒNG\n- Như trên;     2\n- UBND Tỉnh (Báo cáo);     TƯNCHU TỊCH\n"
        "- Lưu: VT.\n\nLê Quang Trí"
    )
    signature = parse(PLAN + tail).signature
    assert (signature.authority, signature.position, signature.name) == ("TM. HỘI ĐỒNG", "CHỦ TỊCH", "Lê Quang Trí")


@pytest.mark.parametrize("sign", ["€", "'", "«", "*", "„"])
@pytest.mark.parametrize("stop", [";", ":"])
def test_an_item_whose_dash_ocr_read_as_another_sign(sign, stop):
    """``€VP, PCVP, KTTH;``: the item's dash read as another sign glued to it, after a closed item
    (its ``;`` read as ``:`` too), opens an item all the same; the list goes on to ``Lưu``."""
    tail = (
        f"Nơi nhận:     TL. CHỦ TỊCH\n- Hội LHPN tỉnh{stop}     CHÁNH VĂN PHÒNG\n"
        f"{sign}VP, PCVP, KTTH{stop}\n{sign}Cổng TTĐT tỉnh{stop}\n- Lưu: VT, KGVX.\n\nNguyễn Văn Phước"
    )
    plan = parse(PLAN + tail)
    expected = ["Hội LHPN tỉnh", "VP, PCVP, KTTH", "Cổng TTĐT tỉnh", "Lưu: VT, KGVX"]
    assert [r.rstrip(":") for r in plan.recipients] == expected
    assert plan.signature.name == "Nguyễn Văn Phước"


def test_a_sign_glued_to_a_word_after_an_open_item_is_no_new_item():
    tail = "Nơi nhận:     TL. CHỦ TỊCH\n- Sở Y tế (để     CHÁNH VĂN PHÒNG\n“báo cáo”);\n- Lưu: VT.\n\nNguyễn Văn Phước"
    assert parse(PLAN + tail).recipients == ("Sở Y tế (để “báo cáo”)", "Lưu: VT")


LETTER = "TRƯỜNG ĐẠI HỌC CÔNG NGHỆ THÔNG TIN\nSố: 01/TB-BGH\nTHÔNG BÁO\nV/v giám sát phòng thi\n1. Cho phép.\n"


@pytest.mark.parametrize("gap", ["     ", " "], ids=["columns apart", "run together"])
def test_a_deputy_s_title_printed_abbreviated_is_read_as_printed(gap):
    """``P. HIỆU TRƯỞNG`` is how universities print a vice-rector's title under ``KT.``."""
    tail = f"Nơi nhận:{gap}KT. HIỆU TRƯỞNG\n- Các Khoa;{gap}P. HIỆU TRƯỞNG\n- Lưu: VT.\n     Đinh Đức Anh Vũ\n"
    plan = parse(LETTER + tail)
    assert (plan.signature.authority, plan.signature.position) == ("KT. HIỆU TRƯỞNG", "P. HIỆU TRƯỞNG")
    assert plan.signature.name == "Đinh Đức Anh Vũ"
    assert plan.recipients == ("Các Khoa", "Lưu: VT")


def test_the_head_s_title_twice_with_a_seal_s_strokes_round_the_second():
    """``HIỆU TRƯỞNG`` then, under the seal, ``“SA HIỆU TRƯỜNG” —``: the block of a deputy."""
    tail = 'HIỆU TRƯỞNG\n"——     2     F\n“SA HIỆU TRƯỜNG” —\nNơi nhận:\n- Các Khoa;\n- Lưu: VT, CTSV.\n'
    signature = parse(LETTER + tail).signature
    assert (signature.authority, signature.position, signature.mode) == ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "KT")


@pytest.mark.parametrize(
    ("deputy", "position"),
    [
        ("PID Eh ƯỞNG BAN", "PHÓ TRƯỞNG BAN"),  # the seal's ring ate the line's start
        ("PHÓ TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),  # read right: kept
    ],
)
def test_a_deputy_s_line_damaged_under_the_seal_is_read_from_the_block_s_shape(deputy, position):
    tail = f"Nơi nhận:     KT. TRƯỞNG BAN\n- Như trên;     {deputy}\n- Lưu: VT.\n     Nguyễn Tuyết Mai\n"
    signature = parse(LETTER + tail).signature
    assert (signature.authority, signature.position, signature.name) == ("KT. TRƯỞNG BAN", position, "Nguyễn Tuyết Mai")
