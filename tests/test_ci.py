"""CI's script: the README's test command, then lint and types, failing if either fails.

`.ci/run` and `.ci/lint` are run for real on a copy of them, with a stand-in `python3` on
PATH that makes a `.venv` whose pip, python, ruff and mypy only exit with the codes a test
chose (and log that they ran): the wiring is checked in milliseconds, without installing
anything or running the real tools (CI runs those).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The stand-in interpreter: `python3 -m venv .venv` makes a venv of stand-in tools, each
#: exiting with the code named by its variable (0 if unset) after logging its name.
FAKE_PYTHON3 = """#!/usr/bin/env bash
[ "$1 $2" = "-m venv" ] || exit 99
mkdir -p "$3/bin"
for tool in pip python ruff mypy; do
  var="$(echo "$tool" | tr a-z A-Z)_RC"
  printf '#!/usr/bin/env bash\\necho %s >> "$CI_LOG"\\nexit "${%s:-0}"\\n' "$tool" "$var" \\
    > "$3/bin/$tool"
  chmod +x "$3/bin/$tool"
done
"""


def _readme_test_command() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    intro = re.search(r"this is what\s+`\.ci/run`\s+runs", text)
    assert intro, "README: no line saying which command .ci/run runs"
    block = re.search(r"```sh\n(.*?)\n```", text[intro.end():], re.S)
    assert block, "README: no command block after the line naming .ci/run"
    return block.group(1)


def test_ci_runs_the_readmes_test_command_exactly():
    command = _readme_test_command()
    lines = (ROOT / ".ci/run").read_text("utf-8").splitlines()
    assert command in lines, f".ci/run does not run the README's command: {command}"
    assert "lint" in command and "pytest" in command


def _run_ci(tmp_path: Path, **exit_codes: int) -> tuple[int, list[str], str]:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / ".ci", repo / ".ci")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "python3").write_text(FAKE_PYTHON3)
    (fake_bin / "python3").chmod(0o755)
    log = tmp_path / "ran.log"
    env = {**os.environ, "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}",
           "CI_LOG": str(log), **{f"{k.upper()}_RC": str(v) for k, v in exit_codes.items()}}
    env.pop("VENV", None)
    done = subprocess.run(["bash", str(repo / ".ci/run")], env=env, capture_output=True,
                          text=True, timeout=60)
    ran = log.read_text().split() if log.exists() else []
    return done.returncode, ran, done.stderr


def test_ci_passes_when_tests_and_lint_pass(tmp_path):
    status, ran, _ = _run_ci(tmp_path)
    assert status == 0
    assert ran == ["pip", "python", "ruff", "mypy"]


@pytest.mark.parametrize("failing", ["ruff", "mypy"])
def test_ci_fails_when_lint_fails_after_passing_tests(tmp_path, failing):
    status, ran, stderr = _run_ci(tmp_path, **{failing: 1})
    assert status != 0
    assert ran == ["pip", "python", "ruff", "mypy"]  # both tools report, whichever failed
    assert "lint or types failed" in stderr


def test_ci_keeps_the_tests_exit_code_and_still_lints(tmp_path):
    status, ran, _ = _run_ci(tmp_path, python=2, ruff=1)
    assert status == 2
    assert ran == ["pip", "python", "ruff", "mypy"]


def test_ci_calls_no_tests_collected_a_failure(tmp_path):
    status, _, stderr = _run_ci(tmp_path, python=5)
    assert status == 1
    assert "collected no tests" in stderr


def test_ci_fails_when_the_install_fails(tmp_path):
    status, ran, _ = _run_ci(tmp_path, pip=1)
    assert status != 0
    assert "python" not in ran
