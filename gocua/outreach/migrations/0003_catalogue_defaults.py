"""The services and session channels a fresh install carries (the seed names them)."""

from django.db import migrations

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
    ("meeting", "Cuộc họp", "Meeting"),
    ("conference", "Hội nghị", "Conference"),
    ("loudspeaker", "Hệ thống loa không dây", "Wireless loudspeakers"),
    ("web_portal", "Cổng thông tin điện tử", "Web portal"),
    ("zalo", "Zalo", "Zalo"),
    ("facebook", "Facebook", "Facebook"),
    ("door_to_door", "Đi từng ngõ, gõ từng nhà", "Door to door"),
    ("other", "Hình thức khác", "Other"),
]


def install(apps, schema_editor):
    Service = apps.get_model("outreach", "Service")
    ActivityChannel = apps.get_model("outreach", "ActivityChannel")
    for order, (code, vi, en, fact) in enumerate(SERVICES, start=1):
        Service.objects.update_or_create(
            code=code, defaults={"name_vi": vi, "name_en": en, "fact": fact, "order": order * 10}
        )
    for order, (code, vi, en) in enumerate(CHANNELS, start=1):
        ActivityChannel.objects.update_or_create(
            code=code, defaults={"name_vi": vi, "name_en": en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
