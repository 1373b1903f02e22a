"""The one description of what the registry knows about a resident and a household.

Every list that names these facts is derived from :data:`FIELDS`: the roster
file's columns (template header, English alias, the Vietnamese names wards
write, with or without diacritics), the import's database rows (built by name,
never by position), the export, the edit services, the history labels and who
may see a value in full. A new fact is one line here plus a migration.

Each :class:`Field` is one roster column; ``name`` is the model attribute it
fills (on :class:`~gocua.registry.models.Resident`, or on the household for
``owner="household"``), empty for columns that fill several attributes (the
e-ID level and its date) or events.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Kinds of value, read by gocua.registry.roster: text, date, birth, sex,
# personal_id, phone, fact, eid_level, channel, relationship, unit, ward.


@dataclass(frozen=True)
class Field:
    column: str  # the template header: Vietnamese without diacritics
    alias: str  # the English header
    kind: str
    label: Promise  # what pages call it (English source, translated)
    header: str  # the Vietnamese header with diacritics (the XLSX/CSV template)
    variants: tuple[str, ...] = ()  # other names wards write (folded when compared)
    name: str = ""  # the model attribute it fills, if one
    owner: str = "resident"  # resident, household, event, file
    required: bool = False
    private: bool = False  # masked except for ward officers on a resident's page


FIELDS: tuple[Field, ...] = (
    Field(
        "ma_ho",
        "household",
        "text",
        _("household code"),
        "Mã hộ",
        ("Số hộ", "Mã hộ gia đình", "Mã HGĐ", "Số hộ khẩu"),
        name="code",
        owner="household",
        required=True,
    ),
    Field(
        "khu_pho",
        "neighbourhood",
        "unit",
        _("neighbourhood"),
        "Khu phố",
        ("Thôn", "Tổ dân phố", "Thôn, tổ dân phố", "Ấp", "Bản", "Tổ", "TDP", "KP"),
        name="unit",
        owner="household",
        required=True,
    ),
    Field(
        "dia_chi",
        "address",
        "text",
        _("address"),
        "Địa chỉ",
        ("Nơi ở hiện tại", "Nơi ở", "Chỗ ở hiện tại", "Địa chỉ thường trú"),
        name="address",
        owner="household",
    ),
    Field(
        "ho_ten",
        "full_name",
        "text",
        _("full name"),
        "Họ và tên",
        ("Họ tên", "Tên", "Họ và tên chủ hộ, thành viên"),
        name="full_name",
        required=True,
    ),
    Field(
        "ngay_sinh",
        "birth_date",
        "birth",
        _("birth date"),
        "Ngày sinh",
        ("Ngày tháng năm sinh", "Năm sinh", "Ngày, tháng, năm sinh", "NTNS"),
        name="birth_date",
    ),
    Field("gioi_tinh", "sex", "sex", _("sex"), "Giới tính", ("Nam/Nữ", "Phái"), name="sex"),
    Field(
        "so_dinh_danh",
        "personal_id",
        "personal_id",
        _("personal ID"),
        "Số định danh cá nhân",
        ("Số CCCD", "CCCD", "Số định danh", "Số ĐDCN", "ĐDCN", "Số CMND/CCCD", "CMND/CCCD"),
        name="personal_id",
        private=True,
    ),
    Field(
        "so_dien_thoai",
        "phone",
        "phone",
        _("phone"),
        "Số điện thoại",
        ("SĐT", "Điện thoại", "ĐT", "Số ĐT", "Điện thoại liên hệ"),
        name="phone",
        private=True,
    ),
    Field(
        "ngay_den",
        "moved_in",
        "date",
        _("moved in"),
        "Ngày đến",
        ("Ngày chuyển đến",),
        name="moved_in",
    ),
    Field(
        "ngay_di",
        "moved_out",
        "date",
        _("moved out"),
        "Ngày đi",
        ("Ngày chuyển đi",),
        name="moved_out",
    ),
    Field(
        "smartphone",
        "smartphone",
        "fact",
        _("smartphone since"),
        "Điện thoại thông minh",
        ("Có điện thoại thông minh", "Smartphone"),
        name="smartphone_since",
    ),
    Field(
        "vneid",
        "eid_level",
        "eid_level",
        _("VNeID level"),
        "Mức VNeID",
        ("VNeID", "Mức định danh điện tử", "Định danh điện tử"),
        name="eid_level",
    ),
    Field("ngay_vneid", "eid_date", "date", _("VNeID since"), "Ngày VNeID", ("Ngày kích hoạt",)),
    Field("vssid", "vssid", "fact", _("VssID since"), "VssID", (), name="vssid_since"),
    Field(
        "so_suc_khoe",
        "ehealth",
        "fact",
        _("e-health book since"),
        "Sổ sức khỏe điện tử",
        ("Sổ sức khoẻ điện tử", "Sổ SKĐT"),
        name="ehealth_since",
    ),
    Field(
        "tai_khoan_tt",
        "payment_account",
        "fact",
        _("payment account since"),
        "Tài khoản thanh toán",
        ("Tài khoản ngân hàng", "TKTT"),
        name="payment_since",
    ),
    Field(
        "tthc_ngay",
        "transaction_date",
        "date",
        _("administrative transaction"),
        "Ngày TTHC",
        ("Ngày giao dịch",),
        owner="event",
    ),
    Field(
        "tthc_hinh_thuc",
        "transaction_channel",
        "channel",
        _("transaction channel"),
        "Hình thức TTHC",
        ("Hình thức giao dịch",),
        owner="event",
    ),
    Field(
        "khao_sat_ngay",
        "survey_date",
        "date",
        _("survey"),
        "Ngày khảo sát",
        (),
        owner="event",
    ),
    Field(
        "ho_ky_nang_so",
        "household_skills",
        "fact",
        _("digital skills since"),
        "Hộ có kỹ năng số",
        ("Kỹ năng số",),
        name="digital_skills_since",
        owner="household",
    ),
    Field(
        "quan_he",
        "relationship",
        "relationship",
        _("relationship to the head"),
        "Quan hệ với chủ hộ",
        ("Quan hệ", "Quan hệ chủ hộ", "QH với chủ hộ", "Quan hệ với CH"),
        name="relationship",
    ),
    # Our extension: the ward of each row, for a file that covers several wards.
    Field("phuong", "ward", "ward", _("ward"), "Phường, xã", ("Phường", "Xã"), owner="file"),
)

BY_COLUMN: dict[str, Field] = {f.column: f for f in FIELDS}

# Resident attributes the import and the export read and write, besides the fields above.
RESIDENT_EXTRA = ("birth_year_only", "eid_since", "eid2_since")

# Every stored attribute of a resident that the registry's edits and history know.
RESIDENT_VALUES: tuple[str, ...] = (
    *(f.name for f in FIELDS if f.owner == "resident" and f.name),
    *RESIDENT_EXTRA,
)
PRIVATE: frozenset[str] = frozenset(f.name for f in FIELDS if f.private)

# Relationship to the head of household (quan_he): how wards write it, stored as written.
HEAD = "Chủ hộ"
HEAD_WORDS = frozenset({"chu ho", "chuho", "ch", "chu ho gia dinh", "head"})


def is_head(relationship: str | None) -> bool:
    """``Chủ hộ`` (with or without diacritics, any case) marks the head of the household."""
    from gocua.lib.text import fold

    return bool(relationship) and fold(relationship or "") in HEAD_WORDS


def labels() -> dict[str, Promise]:
    """Model attribute → label, for the history and the forms."""
    return {f.name: f.label for f in FIELDS if f.name}
