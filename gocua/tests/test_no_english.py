"""Every page of the demo, for every demo role, in Vietnamese: no leftover English, no raw codes.

The pages are found by following the links from the home page (two pages of each address shape),
and the pages a form leads to (the checker's letters, the import's column choice and preview) are
reached by posting to them. Every page of the demo must be reached by some role: a page added
without a way to it here fails :meth:`test_every_page_is_reached` until it is.
Codes may stay where a person does not read them as text: tooltips (``title=``), ``<code>``,
addresses and data attributes; text marked as another language (``lang="en"``, the language switch)
is not Vietnamese text, nor is a user's own data marked ``translate="no"`` (a file's name).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from gocua.accounts.demo import DEMO_USERS
from gocua.accounts.models import Role, User
from gocua.checker.checks import CODES as CHECKER_CODES
from gocua.checker.services import letters_check
from gocua.indicators.models import IndicatorDefinition, ValidationRule
from gocua.lib.dates import today
from gocua.registry.models import ImportJob
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
# Pages that are not reached by a link or a posted form: where to start from.
START = ["/", "/checker/"]
# Views that are not a page of the demo: files, posts, the API, Django's admin.
NOT_PAGE_VIEWS = {
    "logout",  # a post
    "set_language",  # a post
    "unit-xlsx",
    "registry:import_errors",  # a CSV file
    "registry:import_template",  # a CSV or Excel file
    "registry:export",
    "registry:import_confirm",  # a post; the preview it confirms is read after the roster's post
    "outreach:session_delete",  # posts (their confirmations are on the pages that hold them)
    "outreach:conflict_resolve",
    "outreach:document_file",
    "outreach:team_add",  # a unit whose team exists is sent to it; the demo's units all have one
    "indicators:export",
    "indicators:check",  # JSON for the entry page's script
    "indicators:source",
    "reports:request_xlsx",
    "reports:request_letter",
    "reports:report_letter",
    "reports:report_start",
    "reports:report_submit",
    "reports:report_return",
    "reports:report_accept",
    "checker:set_ward",
    "field:sw",
    "field:manifest",
    "field:session",
    "guides:leaflet",  # a PDF
    "outreach:session_restore",  # posts: the undo banners' buttons
    "registry:resident_move_out_undo",
}
# A roster with a column the officer must name (the column page), then one without (the preview).
ROSTER_UNKNOWN = (
    "Mã hộ,Khu phố,Họ và tên,Ngày sinh,Ghi chú\nH-1,Khu phố 1,Đỗ Văn Mẫu,05/02/1980,x\n"
)
ROSTER = "Mã hộ,Khu phố,Họ và tên,Ngày sinh\nH-1,Khu phố 1,Đỗ Văn Mẫu,05/02/1980\n"


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
        hidden = tag in SKIP_TAGS or (a.get("lang") or "vi") != "vi" or a.get("translate") == "no"
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


def _read(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


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
        # Letters checked by the city: the checker's batch and take-in pages.
        city = User.objects.get(username="thanhpho")
        assert city.unit is not None
        letters = Path(__file__).resolve().parents[1] / "checker" / "tests" / "letters"
        files = [(p.name, p.read_bytes()) for p in sorted(letters.glob("*.md"))[:3]]
        files.append(("297.txt", (letters / "seed_297_tuan_chau.txt").read_bytes()))
        letters_check(scope=city.unit, files=files, user=city)

    def posted_pages(self, user: User, codes: set[str]) -> tuple[list[str], dict[str, list[str]]]:
        """What a ward officer reads after posting a roster to import: the preview (the answer
        to the post), then the page to name an unknown column (to fetch next)."""
        if user.role != Role.WARD_OFFICER or user.unit is None:
            return [], {}
        url = f"/u/{user.unit.code}/registry/import/"
        problems: dict[str, list[str]] = {}
        for text in (ROSTER, ROSTER_UNKNOWN):
            roster = SimpleUploadedFile("nhan-khau.csv", text.encode(), content_type="text/csv")
            response = self.client.post(url, {"file": roster, "as_of": "2023-06-26"})
            if response.status_code == 302:
                return [response["Location"]], problems
            self.assertContains(response, 'data-testid="confirm-import"')
            found = leftovers("\n".join(_read(response.content.decode()).text), codes)
            if found:
                problems[f"POST {url}"] = sorted(set(found))
        self.fail("a roster with an unknown column did not lead to the column page")

    def passing_pages(self) -> Iterator[str]:
        """Pages shown for a moment only, which no link leads to: a running import's, and the
        password to choose at a first login."""
        officer = User.objects.get(username="tuanchau")
        assert officer.unit is not None
        job = ImportJob.objects.create(
            unit=officer.unit, user=officer, name="nhan-khau.xlsx", token="x", as_of=today()
        )
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
        self.client.force_login(officer)
        yield reverse("registry:import_job", args=[officer.unit.code, job.pk])
        member = User.objects.get(username="tuanchau.kp1")
        User.objects.filter(pk=member.pk).update(must_change_password=True)
        self.client.force_login(member)
        yield reverse("password_choose")

    def crawl(self, user: User) -> dict[str, list[str]]:
        self.client.force_login(user)
        codes = set(IndicatorDefinition.objects.values_list("code", flat=True))
        codes |= set(ValidationRule.objects.values_list("code", flat=True)) | set(CHECKER_CODES)
        codes = {c for c in codes if len(c) > 2}
        seen: set[str] = set()
        shapes: Counter[str] = Counter()
        todo = [*START]
        problems: dict[str, list[str]] = {}
        while todo and len(seen) < MAX_PAGES:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            if url == "/":  # the import's pages hold the last posted roster: fetch them next
                posted, problems_posted = self.posted_pages(user, codes)
                todo[:0] = posted
                problems.update(problems_posted)
            response = self.client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            self.covered.add(resolve(urlsplit(url).path).view_name)
            parser = _read(response.content.decode())
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
        return problems

    def test_every_page_for_every_role(self) -> None:
        self.covered: set[str] = set()
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
        # Every page of the demo was read by at least one role.
        self.client.logout()
        response = self.client.get("/accounts/login/")
        parser = _read(response.content.decode())
        self.assertEqual(leftovers("\n".join(parser.text), set()), [])
        self.covered.add("login")
        for url in self.passing_pages():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(leftovers("\n".join(_read(response.content.decode()).text), set()), [])
            self.covered.add(resolve(urlsplit(url).path).view_name)
        pages = {name for name in _view_names(get_resolver()) if name not in NOT_PAGE_VIEWS}
        self.assertEqual(sorted(pages - self.covered), [], "pages no role of the demo reached")


def _view_names(resolver: URLResolver, namespace: str = "") -> list[str]:
    """The name of every view of the site (namespaced), Django's admin and the API apart."""
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += _view_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


class LabelsTestCase(TestCase):
    def test_the_signing_labels_cover_the_models_values(self) -> None:
        self.assertEqual([v for v, _ in report_labels.SIGNING_PREFIXES], SigningPrefix.values)
