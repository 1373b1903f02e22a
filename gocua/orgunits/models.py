"""Administrative units: province › (district) › commune › neighbourhood.

Both hierarchies are kept: the list in force before 1 July 2025 (with
districts) and the one after it (without). Each unit has the dates in which it
existed and, where the official data gives it, its successors.

Every screen and indicator asks "everything under X", so each unit stores a
materialized path of its ancestors' codes; a subtree is one range scan on an
indexed column. Every query of "everything under X" goes through
:meth:`OrgUnit.subtree_q` (or ``OrgUnit.objects.under``); the column compares
bytes on every database (:class:`gocua.lib.fields.BinaryCharField`), so the
range does not depend on the collation the database was created with.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gocua.lib.fields import BinaryCharField

PATH_SEPARATOR = "/"
# Codes never contain the separator and sort below "~" in byte order, which closes a subtree range.
PATH_END = "~"
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$",
    "Mã đơn vị chỉ gồm chữ, số, '.', '_' và '-' / "
    "a unit code holds only letters, digits, '.', '_' and '-'",
)


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("ward / commune")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")


LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.NEIGHBOURHOOD]


class Source(models.TextChoices):
    OFFICIAL = "official", _("official list (from 1 July 2025)")
    LEGACY = "legacy", _("official list before 1 July 2025")
    LOCAL = "local", _("added locally")


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def under(self, unit: OrgUnit, *, include_self: bool = True) -> OrgUnitQuerySet:
        """The unit's subtree: one range condition on the indexed path."""
        return self.filter(unit.subtree_q(include_self=include_self))

    def existing_on(self, day: dt.date) -> OrgUnitQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )


class OrgUnit(models.Model):
    code = models.CharField(max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(max_length=200)
    # fold(name), and fold(name) without its division word: "tuan chau" finds "Phường Tuần Châu".
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    search_short_name = models.CharField(max_length=200, db_index=True, editable=False)
    level = models.CharField(max_length=16, choices=Level.choices)
    division_type = models.CharField(max_length=40, blank=True)  # phường, xã, thành phố, khu phố...
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = BinaryCharField(max_length=400, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.LOCAL)
    official_code = models.CharField(max_length=10, blank=True)  # as the official list writes it
    valid_from = models.DateField(null=True, blank=True)  # null: since before our records
    valid_until = models.DateField(null=True, blank=True)  # last day it existed; null: exists
    successors = models.ManyToManyField(
        "self", through="Succession", symmetrical=False, related_name="predecessors"
    )

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name

    def subtree_bounds(self) -> tuple[str, str]:
        return self.path, self.path + PATH_END

    def subtree_q(self, through: str = "", *, include_self: bool = True) -> Q:
        """The condition "lies in this unit's subtree", one range on the indexed path.

        ``through`` is the lookup from the filtered model to its unit: ``""`` for units
        themselves, ``"unit"`` for households, ``"activity__unit"`` for attendances...
        """
        field = f"{through}__path" if through else "path"
        low, high = self.subtree_bounds()
        condition = Q(**{f"{field}__gte": low, f"{field}__lt": high})
        return condition if include_self else condition & ~Q(**{field: self.path})

    def is_ancestor_of(self, other: OrgUnit) -> bool:
        return other.path.startswith(self.path)

    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to the parent."""
        return self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]

    def ancestors(self) -> list[OrgUnit]:
        """Root first; one query."""
        codes = self.ancestor_codes()
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def short_name(self) -> str:
        """``Phường Tuần Châu`` → ``Tuần Châu`` (the name without its division word)."""
        prefix = self.division_type
        if prefix and self.name.lower().startswith(prefix.lower() + " "):
            return self.name[len(prefix) + 1 :]
        return self.name


class Succession(models.Model):
    """An old unit whose territory went (wholly or partly) to a new one."""

    predecessor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    successor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    partly = models.BooleanField(default=False)
    effective = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"
