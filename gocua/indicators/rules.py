"""The rule format of indicator definitions: small, structured, safe.

A numerator or denominator rule is JSON data, parsed into the frozen
dataclasses below and checked on save. Nothing in it is ever evaluated as
Python or pasted into SQL: the engine (:mod:`gocua.indicators.engine`)
compiles each node to SQL it writes itself, with every value bound as a
parameter.

Conditions (JSON)
-----------------
``true``                                   everyone in the population
``{"all": [c, ...]}``                      every condition holds (``{"all": []}`` is ``true``)
``{"any": [c, ...]}``                      at least one holds
``{"not": c}``                             the condition does not hold
``{"age_at_least": 14}``                   aged 14 or more in whole years on D (birthday
                                           counted; no birth date: never)
``{"age_below": 60}``                      aged less than 60 on D (no birth date: never)
``{"sex": "F"}``                           ``M``, ``F`` or ``X``
``{"head": true}``                         the head of the household (``quan_he`` ``Chủ hộ``,
                                           gocua.registry.facts)
``{"fact": "eid"}``                        the fact is recorded true with a date on or before D:
                                           ``smartphone``, ``eid`` (level 1 or 2), ``eid2``,
                                           ``vssid``, ``ehealth``, ``payment``
``{"apps": ["vneid", "vssid"]}``           every outreach service of the list is held: each must
                                           be a :class:`~gocua.outreach.models.Service` with a
                                           registry ``fact`` (VNeID counts once the e-ID is
                                           activated)
``{"event": "transaction",                 at least one event dated within F..D; transactions
  "channels": ["online", "postal"]}``      may be narrowed by channel (``online``, ``postal``,
``{"event": "survey"}``                    ``in_person``), guidance by service codes
``{"event": "guidance", "services": [..]}``

Households population: ``{"fact": "digital_skills"}`` (a household fact) and
``{"member": c}`` (at least one member living there on D meets the resident
condition ``c``), combined with ``all``/``any``/``not``.

Activity population (``sessions``, ``guided``): the numerator is
``{"activity": "sessions"}`` or ``{"activity": "guided"}`` and the denominator
``null``: these figures come from :mod:`gocua.outreach.selectors`.

Under ``not``, a missing birth date, fact or event makes the inner condition
false (so ``{"not": {"age_at_least": 18}}`` includes people without a birth
date; ``{"age_below": 18}`` does not).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gocua.lib.errors import Problem

RESIDENTS = "residents"
HOUSEHOLDS = "households"
ACTIVITY = "activity"
POPULATIONS = (RESIDENTS, HOUSEHOLDS, ACTIVITY)

# fact name → (Resident column, Vietnamese, English)
RESIDENT_FACTS: dict[str, tuple[str, str, str]] = {
    "smartphone": ("smartphone_since", "có điện thoại thông minh", "has a smartphone"),
    "eid": ("eid_since", "đã kích hoạt định danh điện tử", "e-ID activated"),
    "eid2": ("eid2_since", "định danh điện tử mức 2", "e-ID at level 2"),
    "vssid": ("vssid_since", "có VssID", "has VssID"),
    "ehealth": ("ehealth_since", "có sổ sức khỏe điện tử", "has the e-health book"),
    "payment": (
        "payment_since",
        "có tài khoản mobile money hoặc ngân hàng",
        "has a mobile-money or bank account",
    ),
}
HOUSEHOLD_FACTS: dict[str, tuple[str, str, str]] = {
    "digital_skills": (
        "digital_skills_since",
        "hộ có kỹ năng số, dùng Internet an toàn",
        "household with digital skills, safe Internet use",
    ),
}
EVENTS: dict[str, tuple[str, str]] = {
    "transaction": ("có giao dịch thủ tục hành chính", "had an administrative transaction"),
    "survey": ("tham gia khảo sát, góp ý", "took part in the survey platform"),
    "guidance": ("được hướng dẫn", "was guided"),
}
CHANNELS: dict[str, tuple[str, str]] = {
    "online": ("trực tuyến", "online"),
    "postal": ("bưu chính công ích", "public postal service"),
    "in_person": ("trực tiếp", "in person"),
}
ACTIVITIES: dict[str, tuple[str, str]] = {
    "sessions": ("buổi tuyên truyền", "outreach sessions"),
    "guided": ("người dân được hướng dẫn", "residents guided"),
}
SEXES: dict[str, tuple[str, str]] = {
    "M": ("nam", "male"),
    "F": ("nữ", "female"),
    "X": ("khác", "other"),
}
MAX_AGE = 150
MAX_DEPTH = 12


# The tree ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    def to_json(self) -> Any:
        raise NotImplementedError

    def children(self) -> tuple[Condition, ...]:
        return ()

    def walk(self) -> list[Condition]:
        found: list[Condition] = [self]
        for child in self.children():
            found.extend(child.walk())
        return found


@dataclass(frozen=True)
class All(Condition):
    items: tuple[Condition, ...]

    def to_json(self) -> Any:
        return True if not self.items else {"all": [i.to_json() for i in self.items]}

    def children(self) -> tuple[Condition, ...]:
        return self.items


EVERYONE = All(())


@dataclass(frozen=True)
class AnyOf(Condition):
    items: tuple[Condition, ...]

    def to_json(self) -> Any:
        return {"any": [i.to_json() for i in self.items]}

    def children(self) -> tuple[Condition, ...]:
        return self.items


@dataclass(frozen=True)
class Not(Condition):
    item: Condition

    def to_json(self) -> Any:
        return {"not": self.item.to_json()}

    def children(self) -> tuple[Condition, ...]:
        return (self.item,)


@dataclass(frozen=True)
class AgeAtLeast(Condition):
    years: int

    def to_json(self) -> Any:
        return {"age_at_least": self.years}


@dataclass(frozen=True)
class AgeBelow(Condition):
    years: int

    def to_json(self) -> Any:
        return {"age_below": self.years}


@dataclass(frozen=True)
class Sex(Condition):
    value: str

    def to_json(self) -> Any:
        return {"sex": self.value}


@dataclass(frozen=True)
class Head(Condition):
    """The resident is the head of the household (``Chủ hộ``)."""

    def to_json(self) -> Any:
        return {"head": True}


@dataclass(frozen=True)
class Fact(Condition):
    name: str  # a key of RESIDENT_FACTS

    def to_json(self) -> Any:
        return {"fact": self.name}


@dataclass(frozen=True)
class Apps(Condition):
    services: tuple[str, ...]
    facts: tuple[str, ...]  # the services' registry facts, resolved on parsing

    def to_json(self) -> Any:
        return {"apps": list(self.services)}


@dataclass(frozen=True)
class Event(Condition):
    kind: str  # a key of EVENTS
    channels: tuple[str, ...] = ()  # transactions: empty = any channel
    services: tuple[str, ...] = ()  # guidance: empty = any service

    def to_json(self) -> Any:
        data: dict[str, Any] = {"event": self.kind}
        if self.channels:
            data["channels"] = list(self.channels)
        if self.services:
            data["services"] = list(self.services)
        return data


@dataclass(frozen=True)
class HouseholdFact(Condition):
    name: str  # a key of HOUSEHOLD_FACTS

    def to_json(self) -> Any:
        return {"fact": self.name}


@dataclass(frozen=True)
class Member(Condition):
    item: Condition  # a resident condition

    def to_json(self) -> Any:
        return {"member": self.item.to_json()}

    def children(self) -> tuple[Condition, ...]:
        return (self.item,)


@dataclass(frozen=True)
class Activity(Condition):
    kind: str  # a key of ACTIVITIES

    def to_json(self) -> Any:
        return {"activity": self.kind}


# Parsing -------------------------------------------------------------------------------------


class RuleProblem(Problem):
    """A rule that cannot be used, naming where it is wrong."""


def _fail(path: str, vi: str, en: str) -> RuleProblem:
    return RuleProblem(f"{path}: {vi}", f"{path}: {en}")


def _known(names: Mapping[str, object] | Sequence[str]) -> str:
    return ", ".join(sorted(names))


class _Parser:
    def __init__(self, services: Mapping[str, str]) -> None:
        self.services = services  # outreach service code → registry fact ("" if none)

    def condition(self, data: Any, path: str, scope: str, depth: int = 0) -> Condition:
        """``scope``: ``residents`` or ``households`` (what the condition talks about)."""
        if depth > MAX_DEPTH:
            raise _fail(path, "lồng quá sâu", "nested too deeply")
        if data is True:
            return EVERYONE
        if not isinstance(data, dict):
            raise _fail(
                path,
                'cần true hoặc một đối tượng như {"fact": "eid"}',
                'expected true or an object such as {"fact": "eid"}',
            )
        if len(data) == 0:
            raise _fail(path, "điều kiện rỗng", "empty condition")
        key = next(iter(data))
        allowed_extra = {"event": {"channels", "services"}}.get(key, set())
        extra = set(data) - {key} - allowed_extra
        if extra:
            raise _fail(
                path,
                f"khóa không dùng được cùng “{key}”: {_known(sorted(extra))}",
                f"keys not allowed with “{key}”: {_known(sorted(extra))}",
            )
        value = data[key]
        here = f"{path} › {key}"
        if key in ("all", "any"):
            if not isinstance(value, list):
                raise _fail(here, "cần một danh sách điều kiện", "expected a list of conditions")
            items = tuple(
                self.condition(v, f"{here}[{i + 1}]", scope, depth + 1) for i, v in enumerate(value)
            )
            if key == "all":
                return All(items)
            if not items:
                raise _fail(here, "danh sách rỗng", "empty list")
            return AnyOf(items)
        if key == "not":
            return Not(self.condition(value, here, scope, depth + 1))
        if scope == HOUSEHOLDS:
            return self._household(key, value, here, depth)
        return self._resident(key, value, data, here)

    def _household(self, key: str, value: Any, here: str, depth: int) -> Condition:
        if key == "fact":
            if value not in HOUSEHOLD_FACTS:
                raise _fail(
                    here,
                    f"hộ gia đình không có dữ kiện “{value}” (có: {_known(HOUSEHOLD_FACTS)})",
                    f"no household fact “{value}” (known: {_known(HOUSEHOLD_FACTS)})",
                )
            return HouseholdFact(value)
        if key == "member":
            return Member(self.condition(value, here, RESIDENTS, depth + 1))
        raise _fail(
            here,
            "điều kiện về hộ chỉ gồm all, any, not, fact, member",
            "household conditions are all, any, not, fact and member",
        )

    def _resident(self, key: str, value: Any, data: dict[str, Any], here: str) -> Condition:
        if key in ("age_at_least", "age_below"):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
                raise _fail(
                    here,
                    f"tuổi phải là số nguyên từ 0 đến {MAX_AGE}",
                    f"the age must be a whole number from 0 to {MAX_AGE}",
                )
            return AgeAtLeast(value) if key == "age_at_least" else AgeBelow(value)
        if key == "sex":
            if value not in SEXES:
                raise _fail(here, "giới tính là M, F hoặc X", "sex is M, F or X")
            return Sex(value)
        if key == "head":
            if value is not True:
                raise _fail(
                    here,
                    "head chỉ nhận true (dùng not để lấy người không phải chủ hộ)",
                    "head takes only true (use not for residents who are not the head)",
                )
            return Head()
        if key == "fact":
            if value not in RESIDENT_FACTS:
                raise _fail(
                    here,
                    f"không có dữ kiện “{value}” (có: {_known(RESIDENT_FACTS)})",
                    f"no resident fact “{value}” (known: {_known(RESIDENT_FACTS)})",
                )
            return Fact(value)
        if key == "apps":
            codes = self._codes(value, here)
            if not codes:
                raise _fail(here, "danh sách ứng dụng rỗng", "empty app list")
            facts = []
            for code in codes:
                if code not in self.services:
                    raise _fail(
                        here,
                        f"không có dịch vụ “{code}” trong danh mục",
                        f"no service “{code}” in the catalogue",
                    )
                fact = self.services[code]
                if fact not in RESIDENT_FACTS:
                    raise _fail(
                        here,
                        f"dịch vụ “{code}” không gắn với dữ kiện nào của sổ theo dõi",
                        f"service “{code}” has no registry fact",
                    )
                facts.append(fact)
            return Apps(tuple(codes), tuple(dict.fromkeys(facts)))
        if key == "event":
            return self._event(value, data, here)
        if key == "member":
            raise _fail(
                here,
                "“member” chỉ dùng cho chỉ tiêu về hộ gia đình",
                "“member” is for household indicators only",
            )
        if key == "activity":
            raise _fail(
                here,
                "“activity” chỉ dùng cho chỉ tiêu hoạt động",
                "“activity” is for activity indicators only",
            )
        known = [
            "all",
            "any",
            "not",
            "age_at_least",
            "age_below",
            "sex",
            "head",
            "fact",
            "apps",
            "event",
        ]
        raise _fail(
            here,
            f"không hiểu “{key}” (dùng: {', '.join(known)})",
            f"unknown “{key}” (use: {', '.join(known)})",
        )

    def _event(self, kind: Any, data: dict[str, Any], here: str) -> Event:
        if kind not in EVENTS:
            raise _fail(
                here,
                f"không có sự kiện “{kind}” (có: {_known(EVENTS)})",
                f"no event “{kind}” (known: {_known(EVENTS)})",
            )
        channels: tuple[str, ...] = ()
        services: tuple[str, ...] = ()
        if "channels" in data:
            if kind != "transaction":
                raise _fail(
                    here,
                    "chỉ giao dịch thủ tục hành chính có hình thức (channels)",
                    "only transactions have channels",
                )
            channels = self._codes(data["channels"], f"{here} › channels")
            for channel in channels:
                if channel not in CHANNELS:
                    raise _fail(
                        here,
                        f"không có hình thức “{channel}” (có: {_known(CHANNELS)})",
                        f"no channel “{channel}” (known: {_known(CHANNELS)})",
                    )
        if "services" in data:
            if kind != "guidance":
                raise _fail(
                    here,
                    "chỉ việc hướng dẫn có danh sách dịch vụ (services)",
                    "only guidance has services",
                )
            services = self._codes(data["services"], f"{here} › services")
            for code in services:
                if code not in self.services:
                    raise _fail(
                        here,
                        f"không có dịch vụ “{code}” trong danh mục",
                        f"no service “{code}” in the catalogue",
                    )
        return Event(kind, channels, services)

    @staticmethod
    def _codes(value: Any, here: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(here, "cần một danh sách mã", "expected a list of codes")
        return tuple(dict.fromkeys(value))


@dataclass(frozen=True)
class Rules:
    """A definition's parsed rules."""

    population: str
    numerator: Condition
    denominator: Condition | None  # None for activity figures

    @property
    def kind(self) -> str:
        """``stock`` (facts on D), ``period`` (events in F..D) or ``activity``."""
        if self.population == ACTIVITY:
            return ACTIVITY
        nodes = self.numerator.walk() + (self.denominator.walk() if self.denominator else [])
        return "period" if any(isinstance(n, Event) for n in nodes) else "stock"

    def to_json(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "numerator": self.numerator.to_json(),
            "denominator": None if self.denominator is None else self.denominator.to_json(),
        }


def service_facts() -> dict[str, str]:
    """The outreach catalogue: service code → registry fact ("" for none)."""
    from gocua.outreach.models import Service

    return dict(Service.objects.values_list("code", "fact"))


def parse_rules(
    *,
    population: str,
    numerator: Any,
    denominator: Any,
    services: Mapping[str, str] | None = None,
) -> Rules:
    """Check and parse a definition's rules; raise :class:`RuleProblem` naming the fault."""
    if population not in POPULATIONS:
        raise _fail(
            "population",
            f"đối tượng phải là {', '.join(POPULATIONS)}",
            f"the population must be one of {', '.join(POPULATIONS)}",
        )
    if population == ACTIVITY:
        if not isinstance(numerator, dict) or set(numerator) != {"activity"}:
            raise _fail(
                "numerator",
                'chỉ tiêu hoạt động cần {"activity": "sessions"} hoặc {"activity": "guided"}',
                'an activity figure needs {"activity": "sessions"} or {"activity": "guided"}',
            )
        if numerator["activity"] not in ACTIVITIES:
            raise _fail(
                "numerator › activity",
                f"không có hoạt động “{numerator['activity']}” (có: {_known(ACTIVITIES)})",
                f"no activity “{numerator['activity']}” (known: {_known(ACTIVITIES)})",
            )
        if denominator is not None:
            raise _fail(
                "denominator",
                "chỉ tiêu hoạt động không có mẫu số (để null)",
                "an activity figure has no denominator (leave it null)",
            )
        return Rules(population, Activity(numerator["activity"]), None)
    parser = _Parser(services if services is not None else service_facts())
    scope = HOUSEHOLDS if population == HOUSEHOLDS else RESIDENTS
    if denominator is None:
        raise _fail("denominator", "cần mẫu số (true: cả đối tượng)", "a denominator is needed")
    return Rules(
        population,
        parser.condition(numerator, "numerator", scope),
        parser.condition(denominator, "denominator", scope),
    )


# Reading a rule aloud -------------------------------------------------------------------------


def describe(condition: Condition | None, language: str = "vi") -> str:
    """The condition in words, for the definitions page."""
    en = language == "en"
    if condition is None:
        return "—"

    def words(c: Condition) -> str:
        if isinstance(c, All):
            if not c.items:
                return "everyone" if en else "tất cả"
            return (" and " if en else " và ").join(_wrap(words(i), i) for i in c.items)
        if isinstance(c, AnyOf):
            return (" or " if en else " hoặc ").join(_wrap(words(i), i) for i in c.items)
        if isinstance(c, Not):
            return f"not ({words(c.item)})" if en else f"không ({words(c.item)})"
        if isinstance(c, AgeAtLeast):
            return f"aged {c.years}+" if en else f"từ {c.years} tuổi trở lên"
        if isinstance(c, AgeBelow):
            return f"aged under {c.years}" if en else f"dưới {c.years} tuổi"
        if isinstance(c, Sex):
            return SEXES[c.value][1 if en else 0]
        if isinstance(c, Head):
            return "head of the household" if en else "chủ hộ"
        if isinstance(c, Fact):
            return RESIDENT_FACTS[c.name][2 if en else 1]
        if isinstance(c, HouseholdFact):
            return HOUSEHOLD_FACTS[c.name][2 if en else 1]
        if isinstance(c, Apps):
            return ("has every app of: " if en else "có đủ các ứng dụng: ") + ", ".join(c.services)
        if isinstance(c, Event):
            text = EVENTS[c.kind][1 if en else 0]
            if c.channels:
                text += " (" + ", ".join(CHANNELS[ch][1 if en else 0] for ch in c.channels) + ")"
            if c.services:
                text += " (" + ", ".join(c.services) + ")"
            return text + (" in the period" if en else " trong kỳ")
        if isinstance(c, Member):
            return ("a member " if en else "có thành viên ") + words(c.item)
        if isinstance(c, Activity):
            return ACTIVITIES[c.kind][1 if en else 0]
        raise TypeError(c)

    return words(condition)


def _wrap(text: str, condition: Condition) -> str:
    return f"({text})" if isinstance(condition, (All, AnyOf)) and condition.items else text
