"""Test set-up shared by every app: fast passwords, and Chromium for browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_migrate

os.environ.setdefault("GOCUA_FAST_PASSWORDS", "1")
# Playwright's sync API runs an event loop; Django refuses ORM calls inside one
# unless told that these tests call it from a plain thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _defaults_back(sender: Any, **kwargs: Any) -> None:
    """Put back what data migrations install, after a transactional test's flush.

    A live-server (transactional) test ends by emptying every table, and Django
    then sends ``post_migrate``; without this, a test that runs after it on the same
    xdist worker (``--dist loadfile`` does not keep Django's order of transactional
    tests last) would find no indicator definitions, services or channels.
    """
    if sender.label == "indicators":
        from gocua.indicators.defaults import install_defaults

        install_defaults()
    elif sender.label == "outreach":
        from gocua.outreach.catalogue import install_defaults as install_catalogue

        install_catalogue()


post_migrate.connect(_defaults_back, dispatch_uid="gocua-tests-defaults-back")


@pytest.fixture(autouse=True)
def _import_jobs_inline(settings: Any) -> None:
    """A confirmed web import runs in the request: a TestCase's data lives in one transaction
    that a thread would not see (the thread is tested on a real file: test_import_concurrency)."""
    settings.IMPORT_JOBS = "inline"


CHROMIUM = os.environ.get("GOCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Không có Chromium tại {CHROMIUM} (make install-test) / "
            f"no Chromium at {CHROMIUM} (make install-test)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page the size of a 360-px phone screen."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def pytest_configure(config: Any) -> None:
    """Tests roll the database back but not a process cache: no cached indicators unless a
    test asks (``override_settings(INDICATORS_CACHE_SECONDS=...)``). The settings are
    already read when this file is, so the environment is too late for this."""
    from django.conf import settings

    settings.INDICATORS_CACHE_SECONDS = 0
    _one_request_at_a_time()


def _one_request_at_a_time() -> None:
    """The live server of browser tests answers one request at a time.

    Its threads share the test's one in-memory SQLite connection (Django makes it
    shareable for them), and a page such as the field app's asks for several things at
    once: two requests running queries on that connection together mix their rows (CI:
    ``IndexError`` reading a session, a 500, a page that never filled). Requests still
    arrive on their own threads (a kept-alive connection blocks nobody); only the work
    of the application, body included, is done under one lock."""
    import threading

    from django.test.testcases import LiveServerThread

    create = getattr(LiveServerThread, "_create_server")  # noqa: B009 - typed stubs lack it
    if getattr(create, "one_at_a_time", False):
        return
    lock = threading.Lock()

    def _create_server(self: Any, connections_override: Any = None) -> Any:
        server = create(self, connections_override=connections_override)
        set_app = server.set_app

        def set_serialized_app(app: Any) -> None:
            def serialized(environ: Any, start_response: Any) -> list[bytes]:
                with lock:
                    response = app(environ, start_response)
                    try:
                        return [b"".join(response)]
                    finally:
                        if hasattr(response, "close"):
                            response.close()

            set_app(serialized)

        server.set_app = set_serialized_app
        return server

    _create_server.one_at_a_time = True  # type: ignore[attr-defined]
    setattr(LiveServerThread, "_create_server", _create_server)  # noqa: B010
