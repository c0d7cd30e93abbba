"""The order tests/schedule_support.py hands test files to pytest-xdist's workers."""

import json
from pathlib import Path

from schedule_support import TABLE, UNKNOWN_SECONDS, order_key

TESTS = Path(__file__).resolve().parents[1]


def test_unit_files_first_then_the_longest_and_an_unknown_file_mid_table():
    seconds = {"tests/test_long.py": 120, "tests/test_short.py": 5, "tests/unit/test_x.py": 0.2}
    files = ["tests/test_short.py", "tests/test_new.py", "tests/unit/test_y.py", "tests/test_long.py",
             "tests/unit/test_x.py"]
    ordered = sorted(files, key=lambda scope: order_key(scope, seconds))
    assert ordered == ["tests/unit/test_x.py", "tests/unit/test_y.py", "tests/test_long.py",
                       "tests/test_new.py", "tests/test_short.py"]
    assert 5 < UNKNOWN_SECONDS < 120


def test_the_table_names_test_files_that_exist_with_their_seconds():
    table = json.loads(TABLE.read_text())
    assert table and all(isinstance(value, (int, float)) and value >= 0 for value in table.values())
    missing = [name for name in table if not (TESTS.parent / name).is_file()]
    assert not missing, f"tests/file_seconds.json names files that are gone: {missing}"
