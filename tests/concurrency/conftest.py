"""The shared database of the two-counter races."""

from __future__ import annotations

import pytest

from tests.concurrency.counters import shared_town


@pytest.fixture
def town(catalog_2017):
    return shared_town(catalog_2017)
