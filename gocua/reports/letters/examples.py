"""The seed letter (No. 297 of Tuần Châu, 26 June 2023) as plain content.

Tests, the benchmark and a quick look at the layout use it; the report workflow
builds the same :class:`ReportContent` from the database instead. The figures
are the seed's as it states them, except that percents are computed (``55,92%``
where the seed wrote ``55%``) and the typos are mended.
"""

from __future__ import annotations

import datetime as dt

from gocua.reports.letters.compose import (
    AnsweredRequest,
    IndicatorFigure,
    NeighbourhoodFigures,
    ReportContent,
)
from gocua.reports.letters.model import Signature

DE_AN_06 = (
    "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ "
    "chuyển đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030"
)
TUAN_CHAU = "UBND phường Tuần Châu"

SEED_PLANS = [
    f"Kế hoạch số 48/UBND ngày 10/3/2023 của {TUAN_CHAU} về việc chuyển đổi số toàn diện "
    "phường Tuần Châu năm 2023",
    f"Kế hoạch số 78/UBND ngày 28/4/2023 của {TUAN_CHAU} về việc thực hiện chiến dịch tuyên "
    "truyền, hướng dẫn đăng ký, kích hoạt tài khoản định danh điện tử phục vụ "
    f"{DE_AN_06} trên địa bàn phường Tuần Châu",
]
SEED_DECISIONS = [
    f"Quyết định số 235/QĐ-UBND ngày 01/4/2022 của {TUAN_CHAU} về việc thành lập Tổ công tác "
    "triển khai thực hiện Nghị quyết số 09-NQ/TU ngày 05/02/2022 của Ban Thường vụ Tỉnh ủy về "
    "chuyển đổi số toàn diện tỉnh Quảng Ninh đến năm 2025, định hướng đến năm 2030, chuyển "
    "đổi số toàn diện phường Tuần Châu",
    f"Các Quyết định số 237, 238, 239, 240, 241/QĐ-UBND ngày 04/4/2022 của {TUAN_CHAU} về "
    f"việc thành lập Tổ giúp việc triển khai {DE_AN_06} (Đề án 06) trên địa bàn các khu phố",
    f"Các Quyết định số 315, 316, 317, 318, 319/QĐ-UBND ngày 24/5/2022 của {TUAN_CHAU} về "
    "việc thành lập Tổ Công nghệ số cộng đồng các khu phố trên địa bàn phường Tuần Châu",
    f"Quyết định số 334/QĐ-UBND ngày 06/6/2022 của {TUAN_CHAU} về việc kiện toàn Tổ Công "
    "nghệ số cộng đồng khu phố 2",
]
SEED_INDICATORS = [
    IndicatorFigure("eid", 1328, 1929),
    IndicatorFigure("online_services", 2525, 2525),
    IndicatorFigure("cashless", 1412, 2525),
    IndicatorFigure("essential_apps", 1246, 2525),
    IndicatorFigure("civic_engagement", 1246, 2525),
    IndicatorFigure("household_skills", 2525, 2525),
]
SEED_LESSONS = [
    "Với sự nhiệt tình, trách nhiệm, Tổ công nghệ số cộng đồng ở phường đã tổ chức hướng dẫn "
    "người dân sử dụng dịch vụ công trực tuyến; hướng dẫn người dân tiếp cận, cài đặt, sử dụng "
    "các dịch vụ số phục vụ cho các nhu cầu thiết yếu như y tế, giáo dục, chính sách xã hội, "
    "phòng chống dịch... thông qua các nền tảng số; tham gia sàn thương mại điện tử... Qua công "
    "tác tuyên truyền phổ biến về chuyển đổi số, người dân bước đầu đã làm quen với khái niệm "
    "chuyển đổi số, từng bước cài đặt và sử dụng các ứng dụng thông minh phục vụ công việc và "
    "cuộc sống.",
    "Việc “đi từng ngõ, gõ từng nhà” để tuyên truyền, hướng dẫn người dân sử dụng công nghệ số "
    "chính là giải pháp quan trọng giúp các Tổ công nghệ số cộng đồng phổ cập kỹ năng số tới "
    "từng người dân. Đây được xem là cách làm hiệu quả để thay đổi nhận thức về chuyển đổi số "
    "của mỗi người dân.",
]
SEED_DIFFICULTIES = [
    "Hoạt động của tổ công nghệ số cộng đồng còn gặp nhiều khó khăn như: nhận thức của người "
    "dân về chuyển đổi số chưa cao.",
    "Một số thành viên trong tổ chưa nắm rõ và thành thạo về việc sử dụng các nền tảng số, "
    "dịch vụ số, công nghệ số; cơ sở vật chất để thực hiện chuyển đổi số chưa đồng bộ, các công "
    "cụ liên quan như điện thoại thông minh, máy tính, đường truyền, mạng chưa phủ đến 100% "
    "người dân.",
    "Kinh phí để các tổ công nghệ số hoạt động không có; gây khó khăn cho công tác vận động các "
    "thành viên tham gia vào tổ công nghệ số cộng đồng, cũng như quá trình hoạt động.",
]
SEED_PROPOSALS = [
    "Đề nghị các cơ quan, đơn vị chuyên môn tiếp tục tổ chức tập huấn, hướng dẫn nâng cao năng "
    "lực về chuyển đổi số cho các thành viên tổ công nghệ số cộng đồng; in các tài liệu hướng "
    "dẫn cài đặt, sử dụng từng ứng dụng số thông qua các áp phích hoặc tờ rơi để các thành viên "
    "tổ công nghệ số cộng đồng tuyên truyền, hướng dẫn trực tiếp người dân cài đặt, sử dụng.",
    "Các cơ quan truyền thông tiếp tục phát sóng các tài liệu hướng dẫn cài đặt, hướng dẫn sử "
    "dụng các ứng dụng số để tuyên truyền phổ biến hướng dẫn gián tiếp đến người dân cài đặt "
    "và sử dụng.",
    "Tiếp tục tuyên truyền trên các phương tiện thông tin đại chúng về tiện ích của các ứng "
    "dụng công nghệ số để người dân cùng hưởng ứng thực hiện.",
]
SEED_SERVICES = [
    "Định danh điện tử cá nhân (VNeID)",
    "Bảo hiểm xã hội số (VssID)",
    "Sổ sức khỏe điện tử",
    "Tài khoản mobile money",
    "Dịch vụ công trực tuyến trên Cổng Dịch vụ công của tỉnh",
    "Cổng Dịch vụ công quốc gia",
]
# The demo's 35 sessions by channel (gocua/outreach/demo.py).
SEED_CHANNELS = [
    ("Cuộc họp", 13),
    ("Hội nghị", 3),
    ("Hệ thống loa không dây", 8),
    ("Cổng thông tin điện tử", 4),
    ("Zalo", 4),
    ("Facebook", 3),
]
# Illustrative neighbourhood percents for the chart (the seed gives none).
EXAMPLE_NEIGHBOURHOODS = [
    NeighbourhoodFigures(
        f"Khu phố {i + 1}",
        {
            "eid": eid,
            "online_services": 100.0,
            "cashless": cash,
            "essential_apps": apps,
            "civic_engagement": civic,
            "household_skills": 100.0,
        },
    )
    for i, (eid, cash, apps, civic) in enumerate(
        [
            (72.4, 58.1, 51.3, 47.9),
            (65.2, 54.0, 46.8, 50.2),
            (70.9, 57.7, 49.5, 48.6),
            (63.5, 52.3, 47.2, 51.0),
            (71.8, 57.5, 50.9, 48.4),
        ]
    )
]


def seed_content(*, with_chart: bool = False, number: str = "297/UBND-VHTT") -> ReportContent:
    """The seed letter's content; ``with_chart`` adds an illustrative chart."""
    return ReportContent(
        unit_name="Phường Tuần Châu",
        parent_name="Thành phố Hạ Long",
        place="Tuần Châu",
        number=number,
        day=dt.date(2023, 6, 26),
        signature=Signature(name="Nguyễn Song Giang"),
        recipients=["UBND thành phố Hạ Long", "Phòng Văn hoá - Thông tin thành phố"],
        request=AnsweredRequest(
            number="389/UBND-VHTT",
            day=dt.date(2023, 6, 26),
            subject="báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên "
            "địa bàn phường",
            issuer="UBND thành phố Hạ Long",
        ),
        plans=SEED_PLANS,
        decisions=SEED_DECISIONS,
        sessions=35,
        sessions_by_channel=SEED_CHANNELS,
        session_topics=SEED_SERVICES,
        guided=1_246_000,
        guided_services=SEED_SERVICES,
        indicators=SEED_INDICATORS,
        neighbourhoods=EXAMPLE_NEIGHBOURHOODS if with_chart else (),
        lessons=SEED_LESSONS,
        difficulties=SEED_DIFFICULTIES,
        proposals=SEED_PROPOSALS,
        copies=["TT. Đảng ủy, HĐND, UBND phường"],
    )
