"""The offline copy's versions (js/sw_versions.js) and the manifest's check
(js/manifest_check.js): a version is kept whole or not at all; an unusable manifest is named.
"""

import json

import pytest

from conftest import ROOT

pytest_plugins = ["offline_site"]  # its fixtures: site, offline_app (an OfflineApp)
# what vendor/manifest.json a worker the page starts is served: its version's files
PROBE = (b'fetch("../vendor/manifest.json").then(r => r.json()).then(m => postMessage(m.version),'
         b' (e) => postMessage("failed: " + e));')
# bounded: a worker that never answers fails the test instead of holding it (evaluate has no timeout)
VERSION_IN_A_WORKER = """() => new Promise((resolve, reject) => {
    const worker = new Worker("js/version_probe.js");
    const late = setTimeout(() => { worker.terminate(); reject(new Error("no answer in 30 s")); },
                            30000);
    worker.onmessage = (event) => { clearTimeout(late); resolve(event.data); worker.terminate(); };
    worker.onerror = (event) => { clearTimeout(late); reject(new Error(event.message)); }; })"""


def test_a_new_version_is_kept_whole_or_not_at_all(offline_app, site):
    """Issue 34, item 10: without the server the page runs one version, every file of it (app
    files included, even one this visit never asked for), never a new page with an old file."""
    offline_app.visit()
    first_version = site.manifest["version"]
    site.write("js/version_probe.js", PROBE, manifest=False)
    worker = "js/pose_worker.js"  # not asked for by the tensors tab
    old_worker = (ROOT / worker).read_bytes()
    old_main = (ROOT / "py" / "main.py").read_bytes()
    new_main = old_main + b'\nprint("version 2")\n'
    site.write("py/main.py", new_main)
    site.write(worker, old_worker + b"\n// version 2\n")
    site.list_missing("vendor/models/version-2-only.bin")  # this version cannot be kept whole
    port = site.httpd.server_address[1]
    # a newer tab opened meanwhile: a model worker the older tab starts gets the older tab's files
    newer = offline_app.page.context.new_page()
    # closed once its document is parsed: a close racing the navigation's commit can hang
    # Chromium's close for ever (microsoft/playwright#41900, crbug.com/536385539)
    newer.goto(offline_app.server + "/", wait_until="domcontentloaded")
    newer.close()
    assert offline_app.page.evaluate(VERSION_IN_A_WORKER) == first_version

    said = offline_app.visit()
    assert "Not everything could be kept" in said, said
    site.stop()
    # without the server: the last version kept whole, not this visit's main.py
    assert offline_app.served("py/main.py") == old_main.decode()
    assert offline_app.served(worker) == old_worker.decode()

    site.start(port)
    del site.manifest["files"]["vendor/models/version-2-only.bin"]
    site.write_version()
    said = offline_app.visit()
    assert "A new version of the lab is ready (2 files changed" in said, said
    site.stop()
    site.httpd = None
    assert offline_app.served("py/main.py") == new_main.decode()
    assert offline_app.served(worker).endswith("// version 2\n")  # kept though never asked for


@pytest.mark.parametrize("manifest", ["missing", "no files", "bad entry"])
def test_an_unusable_manifest_is_named_and_the_lab_runs_from_the_server(offline_app, site,
                                                                       manifest):
    """Issue 34, item 15: the server answers, so the page says what is wrong with the manifest
    (not "working offline"), and boots from the server without the worker's cache."""
    offline_app.guards.allow_console_error("404" if manifest == "missing" else r"^$")
    target = site.folder / "vendor" / "manifest.json"
    if manifest == "missing":
        target.unlink()
    elif manifest == "no files":
        target.write_text(json.dumps({"version": site.manifest["version"]}))
    else:
        site.manifest["files"]["vendor/p5/p5.min.js"]["sha256"] = "not a hash"
        site.save_manifest()
    offline_app.open(demo="tensors")
    assert offline_app.page.evaluate("document.documentElement.dataset.worker") == "1"
    assert offline_app.result("tensors")["add"] == [11, 22, 33, 44]
    offline_app.page.wait_for_function("document.documentElement.dataset.offline")
    assert offline_app.page.evaluate("document.documentElement.dataset.offline") == "unavailable"
    notes = offline_app.page.text_content("#boot-notes")
    expected = {"missing": "vendor/manifest.json is missing (the server answered 404)",
                "no files": '"files" is missing',
                "bad entry": 'files["vendor/p5/p5.min.js"].sha256 is not 64 hexadecimal digits'}
    assert expected[manifest] in notes and "./lab serve" in notes, notes
    assert "Working offline" not in (offline_app.page.text_content("#boot-offline") or "")
    assert not [k for k in offline_app.cache_keys() if "?sha256=" in k]  # nothing kept
