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
