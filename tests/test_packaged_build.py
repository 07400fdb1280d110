"""The packaged application (``make dist``) passes its own self-test. Skipped when no build is there:
`make dist` makes one (about a minute); the test suite does not build it each time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "dist" / "ems-desktop" / ("ems-desktop.exe" if sys.platform == "win32" else "ems-desktop")


@pytest.mark.skipif(not PACKAGED.exists(), reason="no packaged build in dist/ (make dist)")
def test_the_packaged_application_passes_its_self_test(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run([str(PACKAGED), "--self-test"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "Auto-test : tout fonctionne."


def test_the_spec_ships_what_the_application_reads_as_files():
    """The data read from files at run time are in the spec: resources, migrations, the packages'
    data (holidays, babel's locales, escpos's printer profiles, zxcvbn's word lists)."""
    spec = (ROOT / "packaging" / "ems-desktop.spec").read_text(encoding="utf-8")
    for needed in ('"resources"', '"ems_desktop" / "database" / "migrations"', '"vacances_scolaires_france"',
                   '"holidays"', '"babel"', '"escpos"', '"zxcvbn"'):
        assert needed in spec
