"""Shared test configuration.

Browser tests (``@pytest.mark.browser``) need Chromium. Without it they are skipped with a
reason — except in CI (``D43_REQUIRE_BROWSER=1``), where a missing browser is an error so
that a green run cannot hide untested browser code.
"""

from __future__ import annotations

import os

import pytest

from crawlers.browser import find_chromium


def pytest_collection_modifyitems(config, items):
    if find_chromium():
        return
    if os.environ.get("D43_REQUIRE_BROWSER"):
        raise pytest.UsageError("D43_REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)")
    skip = pytest.mark.skip(reason="no Chromium found (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
