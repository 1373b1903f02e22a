"""The checker's vocabulary: the indicators and their keywords, the nouns of counts and
ratios, the words of plans and changes, and how a line is folded and its numbers parsed.

Every pattern of the checker runs on a *folded* copy of each line: lower case, no
diacritics, one character for one character, so that positions in the folded copy are
positions in the original (excerpts come from the original). Letters typed without
diacritics, in NFD or in capitals read the same. Pure, no database.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Indicators -------------------------------------------------------------------------------

INDICATORS: dict[str, tuple[str, str]] = {
    "eid": ("Định danh điện tử (từ 14 tuổi)", "e-ID accounts (aged 14+)"),
    "online_services": ("Dịch vụ công trực tuyến", "Online public services"),
    "cashless": ("Tài khoản thanh toán (từ 18 tuổi)", "Payment accounts (aged 18+)"),
    "essential_apps": ("Ứng dụng thiết yếu", "Essential apps"),
    "civic_engagement": ("Tham gia khảo sát, góp ý", "Civic engagement (surveys)"),
    "household_skills": ("Hộ gia đình có kỹ năng số", "Households with digital skills"),
    "sessions": ("Buổi tuyên truyền", "Outreach sessions"),
    "guided": ("Người dân được hướng dẫn", "Residents guided"),
}
RATIO_INDICATORS = [
    "eid",
    "online_services",
    "cashless",
    "essential_apps",
    "civic_engagement",
    "household_skills",
]

# Folded keywords and their weights; the indicator with the highest sum wins, ties go to
# the earlier one in this order (the more specific wordings first).
KEYWORDS: dict[str, dict[str, int]] = {
    "civic_engagement": {
        "khao sat": 5,
        "thu thap y kien": 5,
        "lay y kien": 5,
        "gop y": 3,
        "y kien cua nguoi dan": 3,
        "tuong tac voi chinh quyen": 2,
        "phan anh": 2,
    },
    "household_skills": {
        "ho gia dinh": 4,
        "so ho": 3,
        "ky nang so": 3,
        "internet an toan": 3,
        "mang an toan": 2,
    },
    "essential_apps": {
        "ung dung thiet yeu": 6,
        "ung dung so thiet yeu": 6,
        "dien thoai thong minh": 4,
        "smartphone": 4,
        "vssid": 3,
        "so suc khoe dien tu": 2,
        "bao hiem xa hoi so": 2,
        "cai dat": 1,
    },
    "cashless": {
        "18 tuoi": 4,
        "mobile money": 4,
        "mobile-money": 4,
        "tai khoan ngan hang": 4,
        "tai khoan giao dich tai ngan hang": 4,
        "tai khoan thanh toan": 4,
        "khong dung tien mat": 4,
        "vi dien tu": 3,
        "ngan hang": 2,
        "thanh toan": 2,
    },
    "online_services": {
        "dich vu cong truc tuyen": 4,
        "thu tuc hanh chinh": 4,
        "buu chinh cong ich": 4,
        "dvctt": 3,
        "tthc": 3,
        "bcci": 3,
        "ho so truc tuyen": 3,
        "dich vu cong": 2,
    },
    "eid": {
        "dinh danh dien tu": 4,
        "dinh danh": 2,
        "14 tuoi": 2,
        "vneid": 1,
        "xac thuc dien tu": 2,
        "kich hoat tai khoan": 1,
        "muc do 1, 2": 1,
        "muc do 2": 1,
    },
}
MIN_SCORE = 2

# Numbers ------------------------------------------------------------------------------------

# An integer as letters write it: 1.246.000 (Vietnamese), 1,246,000 (English), 1246000.
INT = r"(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)"
INT_END = r"(?!\d|[.,]\d)"
# Nouns a ratio may carry (folded → as written with diacritics).
RATIO_NOUNS = {
    "nguoi dan": "người dân",
    "nguoi": "người",
    "cong dan": "công dân",
    "nhan khau": "nhân khẩu",
    "ho gia dinh": "hộ gia đình",
    "ho dan": "hộ dân",
    "ho": "hộ",
    "khu pho": "khu phố",
    "thon": "thôn",
    "to dan pho": "tổ dân phố",
    "thanh vien": "thành viên",
    "ho so": "hồ sơ",
    "tai khoan": "tài khoản",
    "truong hop": "trường hợp",
}
HOUSEHOLD_NOUNS = {"ho gia dinh", "ho dan", "ho"}
PEOPLE_NOUNS = {"nguoi dan", "nguoi", "cong dan", "nhan khau"}


def alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


NOUN_ALTERNATIVES = alternatives(list(RATIO_NOUNS))

COUNT_NOUNS = {
    # folded: (as written, kind)
    "luot nguoi dan": ("lượt người dân", "visits"),
    "luot nguoi": ("lượt người", "visits"),
    "luot": ("lượt", "visits"),
    "nguoi dan": ("người dân", "residents"),
    "nguoi": ("người", "residents"),
    "cong dan": ("công dân", "residents"),
    "nhan khau": ("nhân khẩu", "residents"),
    "ho gia dinh": ("hộ gia đình", "households"),
    "ho dan": ("hộ dân", "households"),
    "ho": ("hộ", "households"),
    "buoi": ("buổi", "sessions"),
    "cuoc": ("cuộc", "meetings"),
    "hoi nghi": ("hội nghị", "meetings"),
    "thanh vien": ("thành viên", "members"),
    "to cong nghe so": ("tổ công nghệ số", "teams"),
    "khu pho": ("khu phố", "neighbourhoods"),
    "thon": ("thôn", "neighbourhoods"),
    "tin bai": ("tin bài", "articles"),
}

# A percent against a plan or a past figure, not a share: "đạt 112% kế hoạch", "tăng 15%".
_RELATIVE = re.compile(
    r"(?<![a-z])(?:ke hoach|chi tieu|muc tieu|so voi|cung ky|tang|giam|vuot)(?![a-z])"
)
RELATIVE_SHORT = {"tang": "tăng", "giam": "giảm", "vuot": "vượt"}


def is_relative(line: str, low: str, start: int, end: int) -> bool:
    """Does ``line[start:end]`` speak of a plan, a target or a change? ("nền tảng" does not)."""
    for match in _RELATIVE.finditer(low, start, end):
        word = match.group()
        written = RELATIVE_SHORT.get(word)
        if written is None or diacritics_agree(line[match.start() : match.end()], word, written):
            return True
    return False


# Folding --------------------------------------------------------------------------------------

_FOLD_EXTRA = {"đ": "d", "Đ": "d", "％": "%", "–": "-", "—": "-", "‐": "-", "−": "-", "⁄": "/"}
_FOLD_EXTRA |= {"∕": "/", "／": "/", "“": '"', "”": '"'}


def fold_keep_length(text: str) -> str:
    """``"Tỷ lệ ĐẠT"`` → ``"ty le dat"``: one character for one, so positions match."""
    out = []
    for ch in text:
        extra = _FOLD_EXTRA.get(ch)
        if extra is not None:
            out.append(extra)
            continue
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def parse_int(text: str) -> int:
    """``1.246.000``, ``1,246,000`` or ``1246000`` → 1246000."""
    return int(text.replace(".", "").replace(",", ""))


def parse_percent(text: str) -> tuple[Decimal, int]:
    """``68,84`` or ``68.84`` → (68.84, 2 decimals); ``55`` → (55, 0)."""
    value = text.replace(",", ".")
    decimals = len(value.partition(".")[2])
    return Decimal(value), decimals


def diacritics_agree(original: str, folded_word: str, written: str) -> bool:
    """The original word is the expected one, with its diacritics or with none at all.

    ``hộ`` and ``ho`` are households; ``họ`` (they) is not.
    """
    low = original.lower()
    return low in (written, folded_word)


def is_plain(lines: list[str]) -> bool:
    marked = 0
    for line in lines:
        for ch in line:
            if ord(ch) > 127 and (ch in "đĐ" or unicodedata.normalize("NFD", ch) != ch):
                marked += 1
                if marked >= 8:
                    return False
    return True


def indicator_of(text: str) -> str | None:
    best, best_score = None, 0
    for code, keywords in KEYWORDS.items():
        score = sum(weight for word, weight in keywords.items() if word in text)
        if score > best_score:
            best, best_score = code, score
    return best if best_score >= MIN_SCORE else None
