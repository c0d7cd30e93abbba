"""BENCHMARKS.md's hand-written sections survive the report rewriting the page (bench/report_kept.py)."""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402
import report_kept  # noqa: E402

HAND = ["## By hand (issue 99)", "", "Measured apart: 12 ms.", ""]


def _render(tmp_path, old_lines):
    results = json.loads((ROOT / "bench" / "latest.json").read_text())
    results["summary"] = []  # the rows' bootstraps take a second; the page's sections are the point
    page = tmp_path / "BENCHMARKS.md"
    page.write_text("\n".join(old_lines))
    report.write_markdown(results, page)
    return page.read_text()


def test_generated_lists_every_heading_the_report_writes():
    sources = [*(ROOT / "bench").glob("report*.py"), ROOT / "bench" / "completion.py"]
    written = {m for path in sources for m in re.findall(r'"## ([^"]+)"', path.read_text())}
    assert written == set(report_kept.GENERATED)


def test_a_hand_written_section_keeps_its_place_across_reruns(tmp_path):
    fresh = _render(tmp_path, [])
    assert "## By hand" not in fresh
    heads = [line for line in fresh.splitlines() if line.startswith("## ")]
    after = heads[-3]
    lines = fresh.splitlines()
    at = lines.index(heads[-2])
    old = lines[:at] + HAND + lines[at:]
    once = _render(tmp_path, old)
    assert "\n".join(HAND) in once
    order = [line for line in once.splitlines() if line.startswith("## ")]
    assert order.index("## By hand (issue 99)") == order.index(after) + 1
    assert _render(tmp_path, once.splitlines()) == once


def test_old_numbers_of_a_section_the_report_writes_are_not_kept():
    new = "# T\n\n## Frame loops\n\nnew\n\nRaw numbers: x\n"
    old = "# T\n\n## Frame loops\n\nold\n\n## The teach demo\n\nstale\n\n## Mine\n\nkept\n\nRaw numbers: x\n"
    text, kept = report_kept.keep_hand_written(new, old)
    assert kept == ["Mine"]
    assert "stale" not in text
    assert text == "# T\n\n## Frame loops\n\nnew\n\n## Mine\n\nkept\n\nRaw numbers: x\n"


def test_after_the_last_section_a_kept_one_goes_before_the_closing_line():
    new = "# T\n\n## Notes\n\n- n\n\nRaw numbers: x\n"
    old = "# T\n\n## Notes\n\n- o\n\n## Mine\n\nkept\n\nRaw numbers: x\n"
    text, kept = report_kept.keep_hand_written(new, old)
    assert kept == ["Mine"]
    assert text == "# T\n\n## Notes\n\n- n\n\n## Mine\n\nkept\n\nRaw numbers: x\n"
