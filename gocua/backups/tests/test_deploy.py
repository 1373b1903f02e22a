"""`HTTPS=1` is all a deployment behind an HTTPS proxy needs for Django's deploy checks."""

import os
import subprocess
import sys
import tempfile

from django.test import SimpleTestCase


def deploy_check(https: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "HTTPS": https, "DEBUG": "0", "GOCUA_VAR_DIR": var}
        env.pop("SECRET_KEY", None)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' switch (conftest.py)
        return subprocess.run(
            [sys.executable, "-m", "gocua.cli", "check", "--deploy", "--fail-level", "WARNING"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )


class DeployCheckTestCase(SimpleTestCase):
    def test_https_1_passes_the_deploy_checks(self) -> None:
        result = deploy_check("1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_without_it_the_checks_name_what_is_missing(self) -> None:
        result = deploy_check("0")
        self.assertNotEqual(result.returncode, 0)
        for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
            self.assertIn(check, result.stderr)
