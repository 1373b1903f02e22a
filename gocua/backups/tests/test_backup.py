"""`gocua backup` and `gocua restore` as an administrator runs them, on the test run's
database kind (SQLite, or PostgreSQL under scripts/with-postgres)."""

import json
import zipfile
from pathlib import Path

from django.test import SimpleTestCase

from gocua.tests.fresh import FreshDatabase

FILL = (
    "from gocua.accounts.models import User; "
    "from gocua.orgunits.services import UnitRow, orgunits_upsert; "
    "orgunits_upsert([UnitRow('T01', 'Tỉnh Thử', 'province', 'tỉnh', None, 'legacy', '01', "
    "None, None)]); "
    "User.objects.create_superuser('root', '', 'Tuan-Chau-2023!')"
)
SHOW = (
    "from gocua.accounts.models import User; from gocua.orgunits.models import OrgUnit; "
    "print(sorted(User.objects.values_list('username', flat=True)), "
    "list(OrgUnit.objects.values_list('code', flat=True)))"
)


class BackupRestoreTestCase(SimpleTestCase):
    def fresh(self) -> FreshDatabase:
        db = FreshDatabase()
        self.addCleanup(db.close)
        return db

    def assertRefused(self, result: object, *words: str) -> None:
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)  # type: ignore[attr-defined]
        lines = [line for line in result.stderr.splitlines() if line.strip()]  # type: ignore[attr-defined]
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(" / ", lines[0])
        for word in words:
            self.assertIn(word, lines[0])

    def test_backup_then_restore_elsewhere_with_the_uploaded_files(self) -> None:
        source = self.fresh()
        self.assertEqual(source.gocua("migrate", "--noinput").returncode, 0)
        source.python(FILL)
        letter = source.media / "letters" / "297-UBND.pdf"
        letter.parent.mkdir(parents=True)
        letter.write_bytes(b"%PDF-1.7 the signed letter")
        out = source.dir / "backup.zip"

        made = source.gocua("backup", "--out", str(out))
        self.assertEqual(made.returncode, 0, made.stderr)
        with zipfile.ZipFile(out) as bundle:
            manifest = json.loads(bundle.read("manifest.json"))
            self.assertEqual(bundle.read("media/letters/297-UBND.pdf"), letter.read_bytes())
        self.assertEqual(manifest["format"], "gocua-backup")
        self.assertEqual(manifest["media_files"], 1)
        self.assertIn(["accounts", "0001_initial"], manifest["migrations"])

        # Into an empty database (not even migrated): everything comes back.
        target = self.fresh()
        restored = target.gocua("restore", str(out))
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertEqual(target.python(SHOW), "['root'] ['T01']")
        self.assertEqual(
            (target.media / "letters" / "297-UBND.pdf").read_bytes(), letter.read_bytes()
        )

        # Now it holds data: refused without --force, and nothing changes.
        target.python(
            "from gocua.accounts.models import User; "
            "User.objects.create_superuser('newer', '', 'Tuan-Chau-2023!')"
        )
        self.assertRefused(target.gocua("restore", str(out)), "--force", "2 tài khoản")
        self.assertEqual(target.python(SHOW), "['newer', 'root'] ['T01']")

        # A damaged file is refused before anything is touched, even with --force.
        damaged = target.dir / "damaged.zip"
        data = bytearray(out.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 64] = bytes(64)
        damaged.write_bytes(bytes(data))
        self.assertRefused(target.gocua("restore", str(damaged), "--force"), "damaged")
        not_a_backup = target.dir / "notes.zip"
        with zipfile.ZipFile(not_a_backup, "w") as bundle:
            bundle.writestr("notes.txt", "hello")
        self.assertRefused(target.gocua("restore", str(not_a_backup), "--force"), "gocua backup")
        self.assertEqual(target.python(SHOW), "['newer', 'root'] ['T01']")
        self.assertTrue((target.media / "letters" / "297-UBND.pdf").exists())

        # With --force the backup replaces all of it.
        forced = target.gocua("restore", str(out), "--force")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertEqual(target.python(SHOW), "['root'] ['T01']")

    def test_bad_usage_and_a_missing_file(self) -> None:
        db = self.fresh()
        usage = db.gocua("restore")
        self.assertEqual(usage.returncode, 2, usage.stderr)
        self.assertIn("bad usage", usage.stderr)
        self.assertRefused(db.gocua("restore", str(Path(db.dir) / "none.zip")), "no file")
