"""Numbers the Vietnamese way: ``1.328``, ``68,84%``, ``1.328/1.929 (đạt 68,84%)``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def percent(numerator: int, denominator: int | None) -> float | None:
    """numerator/denominator×100 rounded half-up to 2 decimals; None if no denominator."""
    if not denominator:
        return None
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def group(number: int) -> str:
    """``1246000`` → ``1.246.000``."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def format_percent(value: float) -> str:
    """``68.84`` → ``68,84%``; whole figures without decimals: ``100%``."""
    quantized = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if quantized == quantized.to_integral_value():
        return f"{group(int(quantized))}%"
    whole, _, fraction = f"{quantized:.2f}".partition(".")
    return f"{group(int(whole))},{fraction}%"


def format_ratio(numerator: int, denominator: int) -> str:
    """``1.328/1.929 (đạt 68,84%)``."""
    share = percent(numerator, denominator)
    text = f"{group(numerator)}/{group(denominator)}"
    return f"{text} (đạt {format_percent(share)})" if share is not None else text


def number_text(value: float | None, language: str) -> str:
    """A figure as a reader of ``language`` writes it: ``1.246.000`` and ``2,50`` in
    Vietnamese, ``1,246,000`` and ``2.50`` in English; ``—`` for no figure."""
    if value is None:
        return "—"
    english = language.startswith("en")
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.2f}"
        return text if english else text.replace(".", ",")
    grouped = group(int(value))
    return grouped.replace(".", ",") if english else grouped


def percent_text(value: float | None, language: str) -> str:
    """``68.84`` → ``68,84%`` in Vietnamese, ``68.84%`` in English; ``—`` for no figure."""
    if value is None:
        return "—"
    text = format_percent(value)
    return text.replace(".", "").replace(",", ".") if language.startswith("en") else text


def localized_number(value: float | None) -> str:
    """:func:`number_text` in the language of the request (the ``num`` template filter)."""
    from django.utils.translation import get_language

    return number_text(value, get_language() or "vi")


def localized_percent(value: float | None) -> str:
    """:func:`percent_text` in the language of the request (the ``pct`` template filter)."""
    from django.utils.translation import get_language

    return percent_text(value, get_language() or "vi")
