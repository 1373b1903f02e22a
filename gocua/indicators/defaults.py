"""The indicators and validation rules a fresh install carries (domain.md).

Migration 0002 installs them; :func:`install_defaults` puts back any that are
missing (after a flush, in tests, in the demo) and never changes others.
Plain data here, so that the migration can use it with historical models.
"""

from __future__ import annotations

from typing import Any

DEFINITIONS: list[dict[str, Any]] = [
    {
        "code": "eid",
        "short_vi": "Định danh điện tử",
        "short_en": "e-ID",
        "name_vi": "Người dân từ 14 tuổi trở lên được cấp, kích hoạt tài khoản định danh điện tử "
        "mức độ 1, 2",
        "name_en": "Residents aged 14+ with an e-ID account activated at level 1 or 2",
        "population": "residents",
        "numerator": {"fact": "eid"},
        "denominator": {"age_at_least": 14},
        "measure": "percent",
        "order": 10,
    },
    {
        "code": "online_services",
        "short_vi": "Dịch vụ công trực tuyến",
        "short_en": "Online services",
        "name_vi": "Người dân có giao dịch thủ tục hành chính sử dụng dịch vụ công trực tuyến, "
        "dịch vụ bưu chính công ích",
        "name_en": "Residents with an administrative transaction done online or through the "
        "public postal service",
        "population": "residents",
        "numerator": {"event": "transaction", "channels": ["online", "postal"]},
        "denominator": {"event": "transaction"},
        "measure": "percent",
        "order": 20,
    },
    {
        "code": "cashless",
        "short_vi": "Tài khoản thanh toán",
        "short_en": "Cashless",
        "name_vi": "Người dân từ 18 tuổi trở lên có tài khoản mobile money hoặc tài khoản giao "
        "dịch tại ngân hàng",
        "name_en": "Residents aged 18+ with a mobile-money or bank account",
        "population": "residents",
        "numerator": {"fact": "payment"},
        "denominator": {"age_at_least": 18},
        "measure": "percent",
        "order": 30,
    },
    {
        "code": "essential_apps",
        "short_vi": "Ứng dụng thiết yếu",
        "short_en": "Essential apps",
        "name_vi": "Người dân có điện thoại thông minh đã cài đặt, sử dụng các ứng dụng thiết yếu "
        "(VNeID, VssID, Sổ sức khỏe điện tử)",
        "name_en": "Residents with a smartphone who use the essential apps (VNeID, VssID, "
        "e-health book)",
        "population": "residents",
        "numerator": {"apps": ["vneid", "vssid", "ehealth"]},
        "denominator": {"fact": "smartphone"},
        "measure": "percent",
        "order": 40,
    },
    {
        "code": "civic_engagement",
        "short_vi": "Tương tác chính quyền",
        "short_en": "Civic engagement",
        "name_vi": "Người dân từ 14 tuổi trở lên tham gia, tương tác với chính quyền qua nền tảng "
        "khảo sát, thu thập ý kiến",
        "name_en": "Residents aged 14+ who took part in the authority's survey and feedback "
        "platform",
        "population": "residents",
        "numerator": {"event": "survey"},
        "denominator": {"age_at_least": 14},
        "measure": "percent",
        "order": 50,
    },
    {
        "code": "household_skills",
        "short_vi": "Hộ có kỹ năng số",
        "short_en": "Household skills",
        "name_vi": "Hộ gia đình có kỹ năng số, biết sử dụng mạng Internet an toàn",
        "name_en": "Households with digital skills that use the Internet safely",
        "population": "households",
        "numerator": {"fact": "digital_skills"},
        "denominator": True,
        "measure": "percent",
        "order": 60,
    },
    {
        "code": "sessions",
        "short_vi": "Buổi tuyên truyền",
        "short_en": "Sessions",
        "name_vi": "Buổi tuyên truyền",
        "name_en": "Outreach sessions",
        "population": "activity",
        "numerator": {"activity": "sessions"},
        "denominator": None,
        "measure": "count",
        "order": 70,
    },
    {
        "code": "guided",
        "short_vi": "Người được hướng dẫn",
        "short_en": "Residents guided",
        "name_vi": "Người dân được hướng dẫn",
        "name_en": "Residents guided",
        "population": "activity",
        "numerator": {"activity": "guided"},
        "denominator": None,
        "measure": "count",
        "order": 80,
    },
]

RULES: list[dict[str, Any]] = [
    {
        "code": "numerator_above_denominator",
        "name_vi": "Tử số không lớn hơn mẫu số",
        "name_en": "Numerator not above denominator",
        "left": {"numerator": "*"},
        "operator": "<=",
        "right": {"denominator": "*"},
        "importance": "high",
        "message_vi": "{indicator}: tử số {left} lớn hơn mẫu số {right}",
        "message_en": "{indicator}: numerator {left} is above denominator {right}",
        "action_vi": "Kiểm tra lại số liệu: số đạt không thể vượt tổng số",
        "action_en": "Check the figures: those who achieved it cannot outnumber the population",
        "order": 10,
    },
    {
        "code": "adults_above_14",
        "name_vi": "Số người từ 18 tuổi trở lên không vượt số người từ 14 tuổi trở lên",
        "name_en": "Residents 18+ do not outnumber residents 14+",
        "left": {"denominator": "cashless"},
        "operator": "<=",
        "right": {"denominator": "eid"},
        "importance": "high",
        "message_vi": "{left} người từ 18 tuổi trở lên không thể nhiều hơn {right} người từ 14 "
        "tuổi trở lên",
        "message_en": "{left} residents aged 18+ cannot outnumber {right} aged 14+",
        "action_vi": "Đối chiếu mẫu số của chỉ tiêu tài khoản thanh toán (18+) và định danh "
        "điện tử (14+) với sổ hộ khẩu",
        "action_en": "Check the denominators of the cashless (18+) and e-ID (14+) indicators "
        "against the population records",
        "order": 20,
    },
    {
        "code": "guided_above_residents",
        "name_vi": "Số người được hướng dẫn không vượt số dân",
        "name_en": "Residents guided do not outnumber residents",
        "left": {"numerator": "guided"},
        "operator": "<=",
        "right": {"population": "residents"},
        "importance": "high",
        "message_vi": "{left} người dân được hướng dẫn là không thể: đơn vị có {right} người",
        "message_en": "{left} residents guided is impossible: the unit has {right} residents",
        "action_vi": "Đếm số người được hướng dẫn (mỗi người một lần), không đếm lượt",
        "action_en": "Count the people guided (each once), not the visits",
        "order": 30,
    },
    {
        "code": "households_above_residents",
        "name_vi": "Số hộ không vượt số dân",
        "name_en": "Households do not outnumber residents",
        "left": {"population": "households"},
        "operator": "<=",
        "right": {"population": "residents"},
        "importance": "high",
        "message_vi": "{left} hộ gia đình nhiều hơn {right} người dân",
        "message_en": "{left} households outnumber {right} residents",
        "action_vi": "Kiểm tra số hộ và số nhân khẩu",
        "action_en": "Check the numbers of households and residents",
        "order": 40,
    },
    {
        "code": "households_equal_residents",
        "name_vi": "Số hộ bằng số dân",
        "name_en": "As many households as residents",
        "left": {"population": "households"},
        "operator": "!=",
        "right": {"population": "residents"},
        "importance": "low",
        "message_vi": "Số hộ ({left}) bằng số dân ({right}): mỗi hộ chỉ một người?",
        "message_en": "As many households ({left}) as residents ({right}): one person per "
        "household?",
        "action_vi": "Kiểm tra lại số hộ và số nhân khẩu",
        "action_en": "Check the numbers of households and residents",
        "order": 50,
    },
    {
        "code": "residents_14_mismatch",
        "name_vi": "Số người từ 14 tuổi trở lên thống nhất giữa các chỉ tiêu",
        "name_en": "One figure for residents aged 14+",
        "left": {"denominator": "eid"},
        "operator": "==",
        "right": {"denominator": "civic_engagement"},
        "importance": "medium",
        "message_vi": "Số người từ 14 tuổi trở lên ghi hai con số khác nhau: {left} (định danh "
        "điện tử) và {right} (khảo sát, góp ý)",
        "message_en": "Residents aged 14+ given as two different figures: {left} (e-ID) and "
        "{right} (civic engagement)",
        "action_vi": "Dùng cùng một số người từ 14 tuổi trở lên cho các chỉ tiêu",
        "action_en": "Use one figure of residents aged 14+ for every indicator",
        "order": 60,
    },
    {
        "code": "figure_jump",
        "name_vi": "Số liệu biến động mạnh so với kỳ trước",
        "name_en": "Figure moved sharply since the last period",
        "kind": "change",
        "left": {"numerator": "*"},
        "operator": "",
        "right": None,
        "max_share": "0.5",
        "importance": "low",
        "message_vi": "{indicator}: {left} so với {right} kỳ trước (ngày {previous_as_of}), "
        "thay đổi {share}",
        "message_en": "{indicator}: {left} against {right} in the last period "
        "({previous_as_of}), a change of {share}",
        "action_vi": "Kiểm tra lại số liệu đã nhập",
        "action_en": "Check the figures entered",
        "order": 70,
    },
]


# Decision 411/QĐ-TTg (domain.md): national targets, installed as everywhere's default
# target (unit empty, no dates) of the default indicator that matches each. The decision
# counts payment accounts from age 15 and the seed's ``cashless`` from 18: the closest
# indicator, so it carries the 80%. "Adults with a smartphone" and "adults with an
# e-signature" match no default indicator: an indicator defined for them takes them
# through the targets page.
NATIONAL_TARGETS: list[dict[str, Any]] = [
    {"code": "cashless", "value": "80", "source": "411/QĐ-TTg"},
]


def install_targets(definition_model: Any, target_model: Any) -> None:
    """Create the national targets whose indicator exists and which have no default yet."""
    for item in NATIONAL_TARGETS:
        if not definition_model.objects.filter(code=item["code"]).exists():
            continue
        if target_model.objects.filter(code=item["code"], unit__isnull=True).exists():
            continue
        target_model.objects.create(code=item["code"], unit=None, value=item["value"])


def install(definition_model: Any, rule_model: Any) -> None:
    """Create the default definitions and rules that are missing (by code)."""
    for item in DEFINITIONS:
        if not definition_model.objects.filter(code=item["code"]).exists():
            definition_model.objects.create(**item)
    for item in RULES:
        if not rule_model.objects.filter(code=item["code"]).exists():
            rule_model.objects.create(**item)


def install_defaults() -> None:
    from gocua.indicators.models import IndicatorDefinition, IndicatorTarget, ValidationRule

    install(IndicatorDefinition, ValidationRule)
    install_targets(IndicatorDefinition, IndicatorTarget)
