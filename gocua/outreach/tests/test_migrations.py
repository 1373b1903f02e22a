import datetime as dt
import importlib

from django.apps import apps

from gocua.outreach.models import LegalDocument
from gocua.outreach.tests.helpers import decision
from gocua.testing import BaseTestCase

backfill = importlib.import_module(
    "gocua.outreach.migrations.0006_backfill_document_sequence"
).backfill


class SequenceBackfillTestCase(BaseTestCase):
    def test_it_fills_the_sequence_of_documents_registered_before_it_existed(self) -> None:
        old = decision(self.ward, "237/QĐ-UBND", dt.date(2023, 3, 1))
        kept = decision(self.ward, "48/QĐ-UBND", dt.date(2023, 3, 2))
        LegalDocument.objects.filter(pk=old.pk).update(sequence=0)  # as 0004 left it
        LegalDocument.objects.filter(pk=kept.pk).update(sequence=7)  # set since: not touched
        backfill(apps, None)
        self.assertEqual(LegalDocument.objects.get(pk=old.pk).sequence, 237)
        self.assertEqual(LegalDocument.objects.get(pk=kept.pk).sequence, 7)
