import os
from unittest import mock

from django.test import SimpleTestCase

from gocua.lib.env import envbool, envint
from gocua.lib.errors import ConfigurationProblem


class EnvTestCase(SimpleTestCase):
    def test_it_reads_booleans(self) -> None:
        with mock.patch.dict(os.environ, {"X_FLAG": "yes"}):
            self.assertTrue(envbool("X_FLAG"))
        with mock.patch.dict(os.environ, {"X_FLAG": "0"}):
            self.assertFalse(envbool("X_FLAG", True))
        self.assertTrue(envbool("X_UNSET_FLAG", True))

    def test_it_fails_loudly_on_bad_values(self) -> None:
        with mock.patch.dict(os.environ, {"X_FLAG": "maybe", "X_INT": "ten"}):
            with self.assertRaises(ConfigurationProblem):
                envbool("X_FLAG")
            with self.assertRaises(ConfigurationProblem):
                envint("X_INT", 1)
