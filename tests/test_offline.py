"""The service worker (js/service-worker.js): the offline copy, versions, compressed files.

The sites and fixtures are tests/offline_site.py's.
"""

import hashlib
import re

import pytest

from conftest import ROOT

pytest_plugins = ["offline_site"]  # its fixtures: site, offline_app (an OfflineApp)
# how many of the lab's files js/tar_files.mjs wrote from the archive, and how many pyscript.toml lists
UNPACKED = "performance.getEntriesByName('lab:files-unpacked').at(-1)?.detail ?? null"
LISTED = re.findall(r'^"\{FROM\}/', (ROOT / "pyscript.toml").read_text(), re.M)


@pytest.mark.camera("astronaut_640x480")
@pytest.mark.isolated
def test_second_visit_with_the_server_stopped_every_demo_runs(offline_app, site):
    """Served as ./lab serve serves it (cross-origin isolated, vendor/ gzip-encoded): the first
    visit loads plainly, the server's gzip inflated by the browser, the .py files in one archive,
    and registers the worker once
    the page is ready, which keeps the copy from the server's gzip too (never a .gz asked for);
    the kept copies keep the isolation headers, so the page and its model workers stay isolated,
    on the threaded wasm, offline."""
    said = offline_app.visit(worker="after-ready")
    assert "Kept for offline use" in said
    snapshot = offline_app.page.evaluate("""performance.getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/vendor/pyodide/snapshot.bin'))
        .map((e) => [e.workerStart, e.encodedBodySize, e.decodedBodySize])""")
    assert len(snapshot) == 1 and snapshot[0][0] == 0, snapshot  # not through the worker
    assert 0 < snapshot[0][1] < snapshot[0][2] / 2, snapshot     # gzip-encoded on the wire
    assert not [p for p in site.asked if p.endswith(".gz")], site.asked
    # the lab's .py files came in one archive (tools/py_archive.py), not one request each; the
    # worker then kept each of them, so the second visit below starts from them offline
    archives = [p for p in site.asked if p.startswith("__lab/py-lab-")]
    # (asked early by the page, then by PyScript: the harness's routing turns the HTTP cache off)
    assert archives and len(set(archives)) == 1 and "pyscript.archive.toml" in site.asked, site.asked
    assert "py/lab/app.py" not in site.asked[:site.asked.index(archives[0])], site.asked
    # ...and written into Python's file system from JavaScript (js/tar_files.mjs), each file of it
    assert offline_app.page.evaluate(UNPACKED) == len(LISTED)
    assert offline_app.page.evaluate("document.documentElement.dataset.offline") == "ready"
    site.stop()
    site.httpd = None

    offline_app.open(demo="tensors")
    assert offline_app.result("tensors")["add"] == [11, 22, 33, 44]
    assert "Working offline" in offline_app.page.text_content("#boot-offline")
    assert offline_app.page.evaluate("crossOriginIsolated")
    assert offline_app.train_regression(epochs=20)["status"] == "trained"
    offline_app.open(demo="classify")
    top = offline_app.wait_result("classify", "r.frames >= 1", timeout=90_000)
    assert top
    offline_app.open(demo="pose", worker=None)  # the default: its worker, from the kept copy
    assert offline_app.wait_result("pose", "r.frame >= 1 && r.where === 'worker'", timeout=90_000)
    assert offline_app.page.evaluate("crossOriginIsolated")
    assert offline_app.failed_requests == []


def test_a_changed_file_is_fetched_again_an_unchanged_one_is_not(offline_app, site):
    offline_app.visit()
    changed = "vendor/codemirror/addon/edit/closebrackets.js"
    new = (ROOT / changed).read_bytes() + b"\n// version 2\n"
    site.write(changed, new)
    site.asked.clear()

    said = offline_app.visit()
    assert "A new version of the lab is ready (1 file changed" in said, said
    assert changed in site.asked
    vendor = [p for p in site.asked if p.startswith("vendor/") and p != "vendor/manifest.json"]
    assert vendor == [changed], vendor  # nothing else of vendor/ again: not the snapshot, not ml5
    served = offline_app.page.evaluate(f"fetch('{changed}').then(r => r.text())")
    assert served.endswith("// version 2\n")
    assert not [k for k in offline_app.cache_keys()
                if changed in k and hashlib.sha256(new).hexdigest() not in k]  # the old one went


def test_python_files_never_go_stale(offline_app, site):
    """The rule: py/ (and the app's other own files) come from the server whenever it answers,
    manifest or not; the cached copy is the last one the server gave, used only without it."""
    edited = []
    offline_app.page.on("console", lambda m: edited.append(m.text) if "edited since" in m.text else None)
    offline_app.visit()
    assert edited == []
    asked_by_page = ("performance.getEntriesByType('resource')"
                     ".filter((e) => e.name.endsWith('/py/lab/__init__.py')).length")
    assert offline_app.page.evaluate(asked_by_page) == 2  # preloaded while Python downloads; PyScript
    main = (ROOT / "py" / "main.py").read_bytes()
    site.write("py/main.py", main + b'\nprint("py/main.py edited since the first visit")\n',
               manifest=False)  # a user's edit: setup did not run again
    # a file of the package, which PyScript puts in Python's file system (pyscript.toml)
    package = (ROOT / "py" / "lab" / "__init__.py").read_bytes()
    site.write("py/lab/__init__.py", package + b'\nprint("py/lab edited since the first visit")\n',
               manifest=False)
    site.asked.clear()

    offline_app.visit()  # the edited files are kept as a whole version, once the page is ready
    assert sorted(edited) == ["py/lab edited since the first visit",
                              "py/main.py edited since the first visit"]
    # the server was asked once, by the worker, which gave the page the package as one archive
    # (js/sw_bundle.js); not preloaded on a later visit
    assert site.asked.count("py/lab/__init__.py") == 1, site.asked
    assert offline_app.page.evaluate(asked_by_page) == 0
    assert offline_app.page.evaluate("performance.getEntriesByType('resource')"
                                     ".filter((e) => e.name.endsWith('/__lab/py-lab.tar')).length") == 1
    assert offline_app.page.evaluate(UNPACKED) == len(LISTED)  # js/tar_files.mjs wrote them
    site.stop()
    site.httpd = None
    offline_app.open(demo="tensors")
    assert len(edited) == 4  # offline, the copies kept are the edited ones


def test_a_corrupt_gzip_or_a_file_unlike_the_manifest_is_named_and_fetched_plainly(offline_app, site):
    offline_app.guards.allow_console_error(r"^$")  # never: warnings only, checked below
    site.write("vendor/p5/p5.min.js.gz", b"\x1f\x8b\x08\x00 not gzip at all" * 100, manifest=False)
    mismatched = "vendor/codemirror/mode/python/python.js"
    site.manifest["files"][mismatched]["sha256"] = "0" * 64
    site.save_manifest()
    said = offline_app.visit()

    notes = offline_app.page.text_content("#boot-notes")
    assert "vendor/p5/p5.min.js.gz could not be used" in notes, notes
    assert "fetched vendor/p5/p5.min.js uncompressed instead" in notes
    assert f"{mismatched} does not match the sha256 in vendor/manifest.json" in notes
    assert "Not everything could be kept for offline use" in said
    assert offline_app.page.evaluate("document.documentElement.dataset.offline") == "incomplete"
    assert "vendor/p5/p5.min.js" in site.asked  # the plain file, after the bad .gz
    keys = offline_app.cache_keys()
    assert [k for k in keys if "p5.min.js?sha256=" in k]  # checked against the manifest: kept
    assert not [k for k in keys if "python/python.js" in k]  # unlike the manifest: never kept
    assert offline_app.page.evaluate("typeof p5 === 'function' && typeof CodeMirror === 'function'")


@pytest.mark.camera("astronaut_640x480")
def test_the_preload_asks_for_the_model_the_address_picks_not_the_default(offline_app):
    """js/boot.js preloads the first demo's own model (its section's data-model), unless the
    address picks another (its data-model-param: ?pose=). The page's own requests are in its
    resource timing; the service worker's offline copy, made later, is not."""
    offline_app.open(demo="pose", query="pose=movenet")
    assert offline_app.page.evaluate("document.documentElement.dataset.worker") == "1"
    offline_app.wait_result("pose", "r.frame >= 1 && r.model === 'movenet'", timeout=120_000)
    asked = offline_app.page.evaluate(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    assert not [p for p in asked if "/vendor/models/posenet/" in p], asked
    assert [p for p in asked if "/vendor/models/movenet-lightning/" in p], asked
