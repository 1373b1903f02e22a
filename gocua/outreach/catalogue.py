"""The services and channels a fresh install carries (migrations 0003, 0005 and 0009 install
them; :func:`install_defaults` puts back any that are missing, e.g. after a flush)."""

from __future__ import annotations

from gocua.outreach.models import ActivityChannel, Service

SERVICES = [
    # code, Vietnamese, English, registry fact
    ("vneid", "Định danh điện tử (VNeID)", "e-ID (VNeID)", "eid"),
    ("vssid", "Bảo hiểm xã hội số (VssID)", "Social insurance (VssID)", "vssid"),
    ("ehealth", "Sổ sức khỏe điện tử", "E-health book", "ehealth"),
    ("dvc_national", "Cổng Dịch vụ công quốc gia", "National public-service portal", ""),
    ("dvc_province", "Cổng Dịch vụ công của tỉnh", "Provincial public-service portal", ""),
    ("mobile_money", "Tài khoản Mobile Money", "Mobile money account", "payment"),
    ("bank_app", "Tài khoản, ứng dụng ngân hàng", "Bank account or app", "payment"),
    ("survey", "Nền tảng khảo sát, thu thập ý kiến", "Survey and feedback platform", ""),
    ("citizen_app", "Ứng dụng công dân số của địa phương", "Local citizen app", ""),
]

CHANNELS = [
    # code, Vietnamese, English, in person
    ("meeting", "Cuộc họp", "Meeting", True),
    ("conference", "Hội nghị", "Conference", True),
    ("loudspeaker", "Hệ thống loa không dây", "Wireless loudspeakers", False),
    ("web_portal", "Cổng thông tin điện tử", "Web portal", False),
    ("zalo", "Zalo", "Zalo", False),
    ("facebook", "Facebook", "Facebook", False),
    ("door_to_door", "Đi từng ngõ, gõ từng nhà", "Door to door", True),
    ("other", "Hình thức khác", "Other", False),
    ("leaflets", "Phát tờ rơi", "Leaflets handed out", True),
]
# Channels added after the first install take an order of their own (migration 0009):
# leaflets come before "other", whose order a database already has.
CHANNEL_ORDER = {"leaflets": 75}


def install_defaults() -> None:
    """Create the default services and channels that are missing; never changes others."""
    for order, (code, vi, en, fact) in enumerate(SERVICES, start=1):
        Service.objects.get_or_create(
            code=code, defaults={"name_vi": vi, "name_en": en, "fact": fact, "order": order * 10}
        )
    for order, (code, vi, en, in_person) in enumerate(CHANNELS, start=1):
        ActivityChannel.objects.get_or_create(
            code=code,
            defaults={
                "name_vi": vi,
                "name_en": en,
                "in_person": in_person,
                "order": CHANNEL_ORDER.get(code, order * 10),
            },
        )
