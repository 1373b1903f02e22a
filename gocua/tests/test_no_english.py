"""Every page of the demo, for every demo role, in Vietnamese: no leftover English, no raw codes.

The pages are found by following the links from the home page (two pages of each address shape).
Codes may stay where a person does not read them as text: tooltips (``title=``), ``<code>``,
addresses and data attributes; text marked as another language (``lang="en"``, the language switch)
is not Vietnamese text.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.test import TestCase

from gocua.accounts.demo import DEMO_USERS
from gocua.accounts.models import User
from gocua.checker.checks import CODES as CHECKER_CODES
from gocua.indicators.models import IndicatorDefinition, ValidationRule
from gocua.registry.roster import HEADERS as ROSTER_COLUMNS
from gocua.reports import labels as report_labels
from gocua.reports.models import SigningPrefix

# Words that give away an untranslated text (whole words, case as written).
TELLTALE = [
    "Select an option",
    "the head signs",
    "Total",
    "Select",
    "Save",
    "Cancel",
    "Delete",
    "Edit",
    "Search",
    "Submit",
    "Back",
    "None",
    "Unknown",
    "Yes",
    "the",
    "and",
    "of",
    "with",
    "from",
    "please",
    "Please",
    "required",
    "This field",
    "accepted",
    "submitted",
    "returned",
    "draft",
]
# Vietnamese words that are wrong here (Django admin's "History" is not this page's history).
WRONG_VI = ["Bản ghi nhớ"]
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
SKIP_TAGS = {"script", "style", "code", "noscript", "template"}
NOT_PAGES = re.compile(
    r"^/(admin|api|static|media|i18n|accounts/logout)/|\.(xlsx|pdf|docx|csv|json|zip)$|/file/$|/export"
)
PER_SHAPE = 2
MAX_PAGES = 120


class _Text(HTMLParser):
    """The text a person reads on the page (and placeholders), and the links."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True where the text is not read as Vietnamese text
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        hidden = tag in SKIP_TAGS or (a.get("lang") or "vi") != "vi"
        if tag in ("input", "textarea") and a.get("placeholder") and not self._hidden():
            self.text.append(a["placeholder"] or "")
        if tag not in self.VOID:
            self.stack.append(hidden or self._hidden())

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.text.append(data.strip())

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1]


def leftovers(text: str, codes: set[str]) -> list[str]:
    found = [w for w in TELLTALE if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    # The roster file's column names are what the officer writes in the file: they stay.
    found += [w for w in SNAKE.findall(text) if w not in ROSTER_COLUMNS]
    found += [c for c in codes if re.search(rf"(?<![\w.-]){re.escape(c)}(?![\w-])", text)]
    return found


class NoEnglishTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())

    def crawl(self, user: User) -> dict[str, list[str]]:
        self.client.force_login(user)
        codes = set(IndicatorDefinition.objects.values_list("code", flat=True))
        codes |= set(ValidationRule.objects.values_list("code", flat=True)) | set(CHECKER_CODES)
        codes = {c for c in codes if len(c) > 2}
        seen: set[str] = set()
        shapes: Counter[str] = Counter()
        todo = ["/"]
        problems: dict[str, list[str]] = {}
        while todo and len(seen) < MAX_PAGES:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = self.client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Text()
            parser.feed(response.content.decode())
            found = leftovers("\n".join(parser.text), codes)
            if found:
                problems[url] = sorted(set(found))
            for href in parser.links:
                link, _ = urldefrag(href)
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                    continue
                if NOT_PAGES.search(parts.path) or link in seen:
                    continue
                shape = re.sub(r"\d+", "N", parts.path)
                if shapes[shape] >= PER_SHAPE:
                    continue
                shapes[shape] += 1
                todo.append(link)
        self.assertGreater(len(seen), 3, "the crawl found too few pages")
        self.crawled[user.username] = seen
        return problems

    def test_every_page_for_every_role(self) -> None:
        self.crawled: dict[str, set[str]] = {}
        report = {}
        for username, *_ in DEMO_USERS:
            user = User.objects.get(username=username)
            problems = self.crawl(user)
            if problems:
                report[username] = problems
        lines = [
            f"{u} {url}: {', '.join(words)}" for u, p in report.items() for url, words in p.items()
        ]
        self.assertEqual(
            lines, [], "English or raw codes in the Vietnamese interface:\n" + "\n".join(lines)
        )
        # The crawl reaches the pages added since it was written (it follows links only).
        for username, page in [
            ("tuanchau", r"/logins/$"),
            ("tuanchau", r"/logins/new/$"),
            ("tuanchau", r"/logins/\d+/reset/$"),
            ("tuanchau", r"/history/$"),
            ("thanhpho", r"/logins/$"),
        ]:
            found = [u for u in self.crawled[username] if re.search(page, u)]
            self.assertTrue(found, f"{username} never reached {page}")


class LabelsTestCase(TestCase):
    def test_the_signing_labels_cover_the_models_values(self) -> None:
        self.assertEqual([v for v, _ in report_labels.SIGNING_PREFIXES], SigningPrefix.values)
