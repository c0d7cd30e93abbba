"""Which test file a pytest-xdist worker runs next (a conftest plugin, for `--dist loadfile`).

xdist's own order hands out the files with the most tests first, so the files of one long test
came last and a run ended with one worker on them while the other idled. Here the unit tests
go first (they fail in seconds), then the browser files, longest first by the seconds
tests/file_seconds.json gives each (a file it does not know counts as a middling one); and a
worker is given its next file only as it starts the last test of its current one (a worker
holds one test ahead: it needs the next to know what to tear down).

A run with workers writes what each file took, over the table's other entries, to
test-results/file-seconds.json; after a whole run:

    cp test-results/file-seconds.json tests/file_seconds.json
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest
from xdist.scheduler import LoadFileScheduling

TABLE = Path(__file__).resolve().parent / "file_seconds.json"
MEASURED = Path(__file__).resolve().parent.parent / "test-results" / "file-seconds.json"
UNKNOWN_SECONDS = 30  # a new file: mid-table, neither first nor among the short ones that end a run


def expected_seconds() -> dict[str, float]:
    try:
        return json.loads(TABLE.read_text())
    except (OSError, ValueError):
        return {}


def order_key(scope: str, seconds: dict[str, float]):
    """Unit test files first, then the longest."""
    unit = "/unit/" in f"/{scope}"
    return (not unit, -seconds.get(scope, 0 if unit else UNKNOWN_SECONDS))


class LongestFileFirst(LoadFileScheduling):
    def __init__(self, config, log=None, seconds: dict[str, float] | None = None):
        super().__init__(config, log)
        self.seconds = expected_seconds() if seconds is None else seconds

    def _assign_work_unit(self, node):
        # the queue's first file is the one handed out: put the longest there
        scope = min(self.workqueue, key=lambda scope: order_key(scope, self.seconds))
        self.workqueue.move_to_end(scope, last=False)
        super()._assign_work_unit(node)

    def _reschedule(self, node):
        # as xdist's, but the next file only when one test is left (xdist: two)
        if node.shutting_down:
            return
        if not self.workqueue:
            node.shutdown()
            return
        if self._pending_of(self.assigned_work[node]) > 1:
            return
        self._assign_work_unit(node)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadfile":
        return LongestFileFirst(config, log)
    return None


class FileSeconds:
    """The seconds each file's tests took (setup, call, teardown and reruns), as reported."""

    def __init__(self):
        self.seconds = defaultdict(float)

    def pytest_runtest_logreport(self, report):
        self.seconds[report.nodeid.split("::", 1)[0]] += report.duration

    def write(self):
        table = expected_seconds()
        table.update({scope: round(total, 1) for scope, total in self.seconds.items()})
        MEASURED.parent.mkdir(exist_ok=True)
        MEASURED.write_text(json.dumps(dict(sorted(table.items())), indent=1) + "\n")


def pytest_configure(config):
    # the controller of a run with workers (a worker has `workerinput`)
    if config.getvalue("dist") == "loadfile" and not hasattr(config, "workerinput"):
        config.pluginmanager.register(FileSeconds(), "file_seconds")


def pytest_sessionfinish(session):
    recorder = session.config.pluginmanager.get_plugin("file_seconds")
    if recorder is not None and recorder.seconds:
        recorder.write()
