"""The suite refuses sources shadowed by compiled modules of an in-tree build (they would go untested)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _collect(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*command, str(TESTS / "test_verdict.py")], cwd=TESTS.parent, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_compiled_leftovers_next_to_the_sources_stop_the_run(tmp_path: Path) -> None:
    package = tmp_path / "src" / "linkguard"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    clean = _collect(tmp_path / "src")
    assert "compiled modules" not in clean.stdout + clean.stderr
    (package / "engine.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    shadowed = _collect(tmp_path / "src")
    assert shadowed.returncode != 0
    assert "compiled modules from an in-tree build shadow the sources" in shadowed.stdout + shadowed.stderr
    assert "linkguard/engine.cpython-311-x86_64-linux-gnu.so" in shadowed.stdout + shadowed.stderr
