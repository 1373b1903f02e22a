"""The first administrator of a real install, made with Django's own command."""

import fcntl
import os
import select
import subprocess
import sys
import termios
import time

from django.test import SimpleTestCase

from gocua.tests.fresh import FreshDatabase

SHOW = (
    "from gocua.accounts.models import User; "
    "u = User.objects.get(username='root'); "
    "print(u.role, u.unit_id, u.is_superuser, u.is_staff, u.check_password('Tuan-Chau-2023!'))"
)


class CreateSuperuserTestCase(SimpleTestCase):
    db: FreshDatabase

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.db = FreshDatabase()  # one migrated database for both ways (migrating is slow)
        migrated = cls.db.gocua("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr

    @classmethod
    def tearDownClass(cls) -> None:
        cls.db.close()
        super().tearDownClass()

    def show(self, username: str) -> str:
        return self.db.python(SHOW.replace("'root'", repr(username)))

    def test_without_questions_it_makes_an_administrator_without_a_unit(self) -> None:
        self.db.env["DJANGO_SUPERUSER_PASSWORD"] = "Tuan-Chau-2023!"
        result = self.db.gocua(
            "createsuperuser", "--noinput", "--username", "root", "--email", "root@example.vn"
        )
        del self.db.env["DJANGO_SUPERUSER_PASSWORD"]
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.show("root"), "admin None True True True")

    def test_asking_on_a_terminal_it_makes_the_same(self) -> None:
        """Typed answers on a real terminal (a pseudo-terminal), as an administrator would."""
        main, child = os.openpty()
        env = {**os.environ, "GOCUA_FAST_PASSWORDS": "1", **self.db.env}

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        process = subprocess.Popen(
            [sys.executable, "-m", "gocua.cli", "createsuperuser"],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            preexec_fn=controlling_terminal,
        )
        os.close(child)
        seen = b""
        # user name, e-mail, password, password again: each question ends with ": "
        answers = [b"admin2\n", b"root@example.vn\n", b"Tuan-Chau-2023!\n", b"Tuan-Chau-2023!\n"]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([main], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(main, 1024)
            except OSError:
                break
            seen += chunk
            if answers and seen.rstrip(b" ").endswith(b":"):
                os.write(main, answers.pop(0))
                seen = b""
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
        os.close(main)
        self.assertEqual(process.returncode, 0, seen.decode(errors="replace"))
        self.assertEqual(self.show("admin2"), "admin None True True True")
