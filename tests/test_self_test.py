"""``ems-desktop --self-test``: the installation checked in a temporary folder, one French line a
step, exit 0 when everything works; the step that fails is named, the following ones are not run,
exit 1."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ["base de données créée et mise à jour", "catalogue et familles de démonstration",
         "séances d'une saison (vacances scolaires et jours fériés)", "facture et ticket en PDF",
         "paiement par carte avec le simulateur de TPE", "fenêtre principale ouverte puis fermée"]


def test_the_self_test_of_this_installation_passes(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "ems_desktop", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    said = [line.removeprefix("ok     ").split(" — ")[0].rsplit(" (", 1)[0] for line in lines if line.startswith("ok ")]
    assert said == STEPS
    assert lines[-1] == "Auto-test : tout fonctionne."
    assert not list(tmp_path.rglob("*.sqlite3"))  # nothing written outside its temporary folder


def test_a_failing_step_is_named_and_the_rest_not_run(monkeypatch):
    from ems_desktop import reports, self_test

    for name in ("EMS_DATA_DIR", "EMS_CONFIG_DIR", "EMS_LOG_DIR", "QT_API"):  # restored after the test
        monkeypatch.setenv(name, os.environ.get(name, ""))

    def broken(_document):
        raise OSError("police DejaVuSans.ttf introuvable")

    monkeypatch.setattr(reports, "render_invoice", broken)
    out = io.StringIO()
    assert self_test.run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[3] == "ÉCHEC  facture et ticket en PDF : OSError: police DejaVuSans.ttf introuvable"
    assert not any("paiement par carte" in line or "fenêtre principale" in line for line in lines)
    assert lines[-1] == "Auto-test : ÉCHEC (facture et ticket en PDF)."
