"""Under `./lab serve` (tools/serve.py's list of the app's files and their sha256), a later visit
asks the server for that list once and serves the files listed as unchanged from the copies it
kept (js/sw_listing.js); an edited file is still asked for, and shows at once. Plain
`python3 -m http.server` has no list: test_offline.py's test_python_files_never_go_stale."""

import pytest

from conftest import ROOT

pytest_plugins = ["offline_site"]  # its fixtures: site, offline_app (an OfflineApp)


def own(asked: list[str]) -> list[str]:
    """The app files of py/, css/ and the toml the server was asked for (the browser itself
    checks sw.js and its scripts in js/ for an update, past the worker)."""
    return sorted(p for p in asked if p.startswith(("py/", "css/")) or p == "pyscript.toml")


@pytest.mark.isolated
def test_a_later_visit_asks_once_for_the_list_and_only_for_an_edited_file(offline_app, site):
    edited = []
    offline_app.page.on("console", lambda m: edited.append(m.text) if "edited since" in m.text else None)
    said = offline_app.visit(worker="after-ready")   # tools/serve.py sends vendor/ gzip-encoded
    assert "Kept for offline use" in said, said
    package = (ROOT / "py" / "lab" / "__init__.py").read_bytes()
    site.write("py/lab/__init__.py", package + b'\nprint("py/lab edited since the first visit")\n',
               manifest=False)  # a user's edit: setup did not run again
    site.asked.clear()

    offline_app.visit()   # the edit shows; the rest of py/ comes from the copies kept
    assert edited == ["py/lab edited since the first visit"]
    assert site.asked.count("__lab/own-files.json") == 1, site.asked
    assert own(site.asked) == ["py/lab/__init__.py"], own(site.asked)
    assert offline_app.page.evaluate("performance.getEntriesByType('resource')"
                                     ".filter((e) => e.name.endsWith('/__lab/py-lab.tar')).length") == 1
    site.asked.clear()

    offline_app.visit()   # the edited copy was kept with its version: nothing of py/ is asked
    assert edited == ["py/lab edited since the first visit"] * 2
    assert own(site.asked) == [] and site.asked.count("__lab/own-files.json") == 1, site.asked
    assert offline_app.result("tensors")["add"] == [11, 22, 33, 44]
