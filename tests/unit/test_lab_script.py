"""The `lab` script's setup steps, run from bash with stand-ins for apt-get and the browsers.

The script, sourced, defines its functions and runs nothing (`main` runs only when it is
executed); each test runs one function with a PATH that holds only the tools it needs and
the stand-ins the test writes, so nothing is installed and no real browser is looked at.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ["bash", "cat", "dirname", "grep", "id", "mktemp", "rm", "sleep", "tee"]


def bin_dir(tmp_path: Path, scripts: dict[str, str]) -> Path:
    """A folder for PATH: the basic tools, and `scripts` (name -> bash body) as executables."""
    folder = tmp_path / "bin"
    folder.mkdir(parents=True)
    for tool in TOOLS:
        (folder / tool).symlink_to(shutil.which(tool))
    for name, body in scripts.items():
        (folder / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (folder / name).chmod(0o755)
    return folder


def run(tmp_path: Path, call: str, scripts: dict[str, str] | None = None, **env: str):
    folder = bin_dir(tmp_path, {"sudo": 'exec "$@"', **(scripts or {})})
    environment = {"PATH": str(folder), "HOME": str(tmp_path), **env}
    return subprocess.run([str(folder / "bash"), "-c", f'source "{ROOT / "lab"}"; {call}'],
                          env=environment, capture_output=True, text=True, timeout=30)


def executable(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_sourcing_the_script_runs_nothing(tmp_path):
    done = run(tmp_path, "echo sourced")
    assert done.returncode == 0 and done.stdout == "sourced\n", done.stderr


def test_missing_browsers_are_debians_unless_the_environment_names_others(tmp_path):
    """Issue 34, item 18: on Ubuntu the browsers are snaps and firefox-esr does not exist, so a
    browser named by LAB_CHROMIUM / LAB_FIREFOX is used as it is and never installed."""
    assert run(tmp_path / "a", "missing_browsers").stdout == "chromium firefox-esr\n"
    named = run(tmp_path / "b", "missing_browsers", LAB_CHROMIUM=executable(tmp_path, "my-chrome"),
                LAB_FIREFOX=executable(tmp_path, "my-firefox"))
    assert named.returncode == 0 and named.stdout == "\n", named.stderr
    one = run(tmp_path / "c", "missing_browsers", LAB_FIREFOX=executable(tmp_path, "ff"))
    assert one.stdout == "chromium\n"
    installed = run(tmp_path / "d", "missing_browsers", {"chromium": "", "firefox-esr": ""})
    assert installed.stdout == "\n"


def test_a_browser_named_that_is_not_a_program_is_refused_with_what_to_do(tmp_path):
    done = run(tmp_path / "a", "missing_browsers", LAB_FIREFOX=str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert f"LAB_FIREFOX={tmp_path / 'nowhere'} is not an executable file" in done.stderr
    assert "command -v firefox" in done.stderr


APT_STAND_IN = """
echo "$*" >> "$APT_LOG"
calls=$(grep -c . "$APT_LOG")
if (( calls <= ${APT_LOCKED_CALLS:-0} )); then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 42 (apt-get)" >&2
  exit 100
fi
echo "apt-get did $*"
"""


def test_apt_waits_for_another_apt_to_let_go_of_its_lock(tmp_path):
    """Issue 34, item 18: a fresh machine's updater holds apt's lock; setup waits for it
    (DPkg::Lock::Timeout, and again while apt says its lock is held) instead of failing."""
    log = tmp_path / "apt.log"
    done = run(tmp_path, "apt_get update -q && apt_get install -y -q chromium",
               {"apt-get": APT_STAND_IN}, APT_LOG=str(log), APT_LOCKED_CALLS="2",
               LAB_APT_POLL="0", LAB_APT_WAIT="120")
    assert done.returncode == 0, done.stdout + done.stderr
    calls = log.read_text().splitlines()
    assert calls == ["-o DPkg::Lock::Timeout=120 update -q"] * 3 + [
        "-o DPkg::Lock::Timeout=120 install -y -q chromium"]
    assert done.stdout.count("Another apt process holds its lock") == 2


def test_apt_fails_at_once_for_anything_but_a_lock_and_gives_up_in_time(tmp_path):
    log = tmp_path / "apt.log"
    broken = 'echo "$*" >> "$APT_LOG"; echo "E: Unable to locate package chromium" >&2; exit 100'
    done = run(tmp_path, "apt_get install -y chromium", {"apt-get": broken}, APT_LOG=str(log),
               LAB_APT_POLL="0")
    assert done.returncode == 100 and len(log.read_text().splitlines()) == 1
    assert "apt-get install -y chromium failed" in done.stderr
    log.unlink()
    held = run(tmp_path / "b", "apt_get update", {"apt-get": APT_STAND_IN}, APT_LOG=str(log),
               APT_LOCKED_CALLS="1000", LAB_APT_POLL="0", LAB_APT_WAIT="0")
    assert held.returncode == 100 and len(log.read_text().splitlines()) == 1


def test_the_script_is_executable_and_its_help_names_the_browser_variables():
    assert os.access(ROOT / "lab", os.X_OK)
    done = subprocess.run([str(ROOT / "lab"), "help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "LAB_CHROMIUM" in done.stdout and "LAB_FIREFOX" in done.stdout


def test_the_tests_and_the_bench_drive_the_browsers_the_environment_names(tmp_path):
    """tests/harness.py (conftest, the Firefox driver's caller and bench/ read it)."""
    code = "import harness; print(harness.CHROMIUM); print(harness.FIREFOX)"
    chromium, firefox = str(tmp_path / "chromium"), str(tmp_path / "firefox")  # any names will do
    env = {**os.environ, "LAB_CHROMIUM": chromium, "LAB_FIREFOX": firefox}
    named = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tests", env=env,
                           capture_output=True, text=True, timeout=30)
    assert named.stdout.split() == [chromium, firefox], named.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("LAB_CHROMIUM", "LAB_FIREFOX")}
    default = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tests", env=env,
                             capture_output=True, text=True, timeout=30)
    assert default.stdout.split() == ["/usr/bin/chromium", "/usr/bin/firefox-esr"], default.stderr
