"""Errors a user reads: Vietnamese first, then English after ` / `.

Every message that reaches a person (a command line, a form, an import
report) is built from a pair of texts, so that the CLI can print both on one
line and the web can show the one in the user's language.
"""

from __future__ import annotations

from django.utils import translation


class Problem(Exception):
    """A refusal that names what is wrong, in Vietnamese and English.

    ``exit_status`` follows interfaces.md: 1 for refused input, 2 for bad usage.
    """

    exit_status = 1

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.vi = vi
        self.en = en

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"

    @classmethod
    def from_text(cls, text: str) -> Problem:
        """From a text already written as ``vi / en`` (validators, model choices)."""
        vi, sep, en = text.partition(" / ")
        return cls(vi, en if sep else vi)

    def localized(self) -> str:
        """The text in the active language (the web shows one language)."""
        return self.en if translation.get_language() == "en" else self.vi


class UsageProblem(Problem):
    """The command was called wrongly (unknown unit, bad date, bad option)."""

    exit_status = 2


class ConfigurationProblem(Problem):
    """The environment is wrong (bad DATABASE_URL, missing package)."""

    exit_status = 2


def bilingual(vi: str, en: str) -> str:
    return f"{vi} / {en}"
