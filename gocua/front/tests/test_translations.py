"""Every text a user reads is translated: no empty or fuzzy entry in a Vietnamese catalogue."""

import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]


class TranslationsTestCase(SimpleTestCase):
    def test_every_catalogue_is_complete(self) -> None:
        catalogues = sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po"))
        self.assertTrue(catalogues)
        for path in catalogues:
            text = path.read_text(encoding="utf-8")
            entries = text.split("\n\n")[1:]  # the first block is the header
            for entry in entries:
                if entry.startswith("#~"):  # obsolete
                    continue
                self.assertNotIn("#, fuzzy", entry, f"{path}: {entry}")
                msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', entry, re.M)
                self.assertIsNotNone(msgstr, f"{path}: {entry}")
                assert msgstr is not None
                self.assertNotEqual(
                    "".join(re.findall(r'"(.*)"', msgstr.group(1))), "", f"{path}: {entry}"
                )


def _entries(path: Path) -> list[tuple[str | None, str, str]]:
    """(context, msgid, msgstr) of each singular, current entry of a catalogue."""

    def joined(lines: str) -> str:
        text = "".join(re.findall(r'"(.*)"', lines))
        return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    found = []
    for entry in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        if entry.startswith("#~") or "msgid_plural" in entry:
            continue
        context = re.search(r'^msgctxt ((?:".*"\n?)+)', entry, re.M)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', entry, re.M)
        if msgid and msgstr:
            found.append(
                (joined(context.group(1)) if context else None, joined(msgid[1]), joined(msgstr[1]))
            )
    return found


# Where another catalogue's words win over an app's own, and the page's words are still right:
# Django's admin ("Save" is "Lưu lại") or an app listed earlier in INSTALLED_APPS.
ACCEPTED = {
    "Add", "Cancel", "Change", "Decision", "Figures as of", "Household", "Kind", "Members",
    "None", "Nothing recorded.", "Number", "Page not found", "Pages", "Period", "Phone", "Save",
    "Search", "neighbourhood", "waiting",
}  # fmt: skip


class ShadowedWordsTestCase(SimpleTestCase):
    def test_no_other_catalogue_changes_what_a_page_says(self) -> None:
        """Django looks a text up in every catalogue and the first one wins: Django's admin
        made the header's "Log out" "Thoát", the history's button "Bộ lọc" (filters, a noun)
        and a guide's "History" "Bản ghi nhớ" (a memo). A word used differently takes a
        context (``{% translate "Filter" context "verb" %}``)."""
        from django.utils import translation

        shadowed = []
        with translation.override("vi"):
            for path in sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po")):
                for context, msgid, msgstr in _entries(path):
                    if not msgid or msgid in ACCEPTED:
                        continue
                    shown = (
                        translation.pgettext(context, msgid)
                        if context is not None
                        else translation.gettext(msgid)
                    )
                    if shown != msgstr:
                        shadowed.append(f"{path.parts[-5]}: {msgid!r} shows {shown!r}")
        self.assertEqual(shadowed, [])
