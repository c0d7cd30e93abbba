"""A smoke test of the page in Firefox: Debian's firefox-esr, headless, one browser and one page
for the whole module, driven over WebDriver BiDi by tests/firefox/driver.mjs (puppeteer-core).

The checks run in order on that page, as a user would go through the tabs. Each fails if the page
sent a request off its origin, logged a console error or a Python traceback (tests/guards.json,
the Chromium harness's rules); a failing check leaves test-results/firefox-<check>.png.
Firefox's fake camera is a synthetic picture (a colour fading from green to cyan), not a photo:
on it the pose demo must run frame after frame, finding nobody.
"""

import time

import pytest

from conftest import BOOT_TIMEOUT_MS, RESULTS, ROOT
from firefox_support import Firefox
from test_serve import start as start_server


@pytest.fixture(scope="module")
def firefox(server):
    browser = Firefox(server)
    yield browser
    browser.close()


@pytest.fixture
def ff(request, firefox):
    """The shared Firefox page; the guards' findings during this check fail it."""
    yield firefox
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        firefox.call("screenshot", path=str(RESULTS / f"firefox-{request.node.name}.png"))
    problems = firefox.call("problems")
    if problems:
        pytest.fail("The page misbehaved in Firefox:\n  " + "\n  ".join(problems), pytrace=False)


def test_the_guard_blocks_and_reports_a_request_off_the_origin(firefox):
    """The driver's own guard, on a page of the origin without the lab's policy (a folder listing):
    in the lab's page the Content-Security-Policy refuses such a request before it is made."""
    firefox.call("open", url=f"{firefox.server}/tests/data/")
    firefox.call("allow", pattern="^Cross-Origin Request Blocked: .*http://example.com/x")
    firefox.eval("() => fetch('http://example.com/x').catch(() => null)")
    time.sleep(1)  # Firefox logs the failed request a moment after the fetch gives up
    assert firefox.call("problems") == ["request left the origin: http://example.com/x"]


def test_boots_to_ready_with_the_core_api_results(ff):
    assert ff.version.startswith("firefox/")
    ff.open("tensors")
    assert ff.eval("() => document.documentElement.dataset.backend") == "wasm"
    result = ff.wait_result("tensors", "r.add && r.mul")
    assert (result["add"], result["mul"]) == ([11, 22, 33, 44], [10, 40, 90, 160])
    assert ff.eval("() => !!document.querySelector('#app-message').hidden || "
                   "document.querySelector('#app-message').textContent") is True


def test_a_short_regression_trains(ff):
    ff.click("#tab-regression")
    ff.eval("() => { document.getElementById('regression-epochs').value = '300'; }")
    ff.click("#regression-train")
    result = ff.wait_result("regression", "r.status === 'trained'", timeout=90_000)
    assert result["epochs_run"] == 300
    assert result["least_squares"] == pytest.approx(9.0)
    assert result["prediction"] == pytest.approx(9.0, rel=0.15)  # SGD's way there, not its end


def test_the_classifier_names_the_cat_photo(ff):
    ff.click("#tab-classify")
    ff.wait_result("classify", "r.source === 'camera' && r.frames >= 1", timeout=120_000)
    ff.click("#classify-samples button[data-sample='chelsea']")
    result = ff.wait_result("classify", "r.source === 'image' && r.frames >= 1", timeout=120_000)
    assert result["top"][0]["label"] in ("Egyptian cat", "tiger cat", "tabby, tabby cat")


def test_pose_on_the_fake_camera_then_on_a_photo(ff):
    ff.click("#tab-pose")
    first = ff.wait_result("pose", "r.source === 'camera' && r.frame >= 1", timeout=120_000)
    assert (first["width"], first["height"]) == (640, 480)  # Firefox's fake stream
    later = ff.wait_result("pose", f"r.source === 'camera' && r.frame >= {first['frame'] + 5}")
    assert later["frame"] > first["frame"]
    # the model moves to its Web Worker once loaded there, as in Chromium (the default)
    ff.wait_result("pose", "r.where === 'worker'", timeout=120_000)
    assert ff.eval("() => document.getElementById('pose-message').textContent") == ""
    ff.wait("() => document.getElementById('pose-stage-text').textContent"
            " === 'Camera: no person found.'", timeout=15_000)  # lab.a11y, on a plain colour

    ff.click("#pose-samples button[data-sample='astronaut']")
    result = ff.wait_result("pose", "r.source === 'image' && r.frame >= 1 && r.poses.length",
                            timeout=60_000)
    assert (result["width"], result["height"]) == (512, 512)
    nose = next(k for k in result["poses"][0]["keypoints"] if k["name"] == "nose")
    assert abs(nose["x"] - 222) < 20 and abs(nose["y"] - 121) < 20  # as in Chromium (test_pose)


def test_face_hands_and_segment_on_sample_photos(ff):
    # the camera's first frame first: its messages come and go above the buttons while it starts,
    # and the driver clicks where a button was a moment before
    ff.click("#tab-face")
    ff.wait_result("face", "r.source === 'camera' && r.frame >= 1", timeout=120_000)
    ff.click("#face-samples button[data-sample='astronaut']")
    result = ff.wait_result("face", "r.source === 'image' && r.frame >= 1", timeout=120_000)
    assert len(result["faces"]) == 1 and len(result["faces"][0]["keypoints"]) == 468
    ff.click("#tab-hands")
    ff.wait_result("hands", "r.source === 'camera' && r.frame >= 1", timeout=120_000)
    ff.click("#hands-samples button[data-sample='hands']")
    result = ff.wait_result("hands", "r.source === 'image' && r.frame >= 1", timeout=120_000)
    assert [hand["handedness"] for hand in result["hands"]] == ["Left", "Left"]
    assert all(len(hand["keypoints"]) == 21 for hand in result["hands"])
    ff.click("#tab-segment")
    ff.wait_result("segment", "r.source === 'camera' && r.frame >= 1", timeout=120_000)
    ff.click("#segment-samples button[data-sample='astronaut']")
    result = ff.wait_result("segment", "r.source === 'image' && r.frame >= 1", timeout=120_000)
    assert len(result["grid"]) == 48 and result["person_fraction"] > 0.2
    share = ff.eval("() => document.getElementById('segment-person').textContent")
    assert share == f"{round(result['person_fraction'] * 100)} %"


def test_edited_code_runs_from_the_editor(ff):
    ff.click("#tab-tensors")
    runs = int(ff.eval("() => document.getElementById('tensors-code').dataset.runs || 0"))
    ff.eval("""() => {
        const cm = document.querySelector('#tensors-editor .CodeMirror').CodeMirror;
        cm.setValue(cm.getValue().replace('a = tf.tensor([1, 2, 3, 4])', 'a = tf.tensor([2, 2, 2, 2])')
                    + 'print("hello from Firefox")\\n');
    }""")
    ff.click("#tensors-editor .CodeMirror-code")
    ff.call("keys", keys=["Control", "Enter"])
    ff.wait("(n) => Number(document.getElementById('tensors-code').dataset.runs) > n", runs)
    result = ff.wait_result("tensors", "r.a && r.a[0] === 2")
    assert result["add"] == [12, 22, 32, 42]
    assert "hello from Firefox" in ff.eval("() => document.getElementById('tensors-console')"
                                           ".textContent")
    ff.click("#tensors-code-reset")


@pytest.fixture(scope="module")
def isolated(firefox):
    """tools/serve.py's cross-origin isolated server (./lab serve), for this module's browser."""
    url, stop = start_server(isolated=True, cached=True)
    yield url
    stop()


def test_isolated_every_model_worker_starts(ff, isolated):
    """Served as ./lab serve serves it (COOP/COEP): the page isolated, on wasm's threaded build,
    and each model worker (pose's, the vision one, the classifier's) answers (issue 32: one that
    starts the threaded build here now and then never did; ?worker_wait: the page says it soon)."""
    ff.call("open", url=f"{isolated}/?demo=pose&worker_wait=20", origin=isolated)
    ff.wait("() => document.documentElement.dataset.ready === '1'", timeout=BOOT_TIMEOUT_MS)
    assert ff.eval("() => [crossOriginIsolated, tf.getBackend(),"
                   " tf.backend().wasm.HEAPU8.buffer instanceof SharedArrayBuffer]") == [True, "wasm", True]
    for demo, shown in (("pose", "r.frame >= 1"), ("face", "r.frame >= 1"), ("classify", "r.frames >= 1")):
        if demo != "pose":
            ff.click(f"#tab-{demo}")
        # its answer from the worker, or the page's word that the worker could not start
        where = ff.wait("""([demo, shown]) => {
            const text = document.getElementById(demo + "-result").textContent;
            const r = text.trim() ? JSON.parse(text) : {};
            if (Function("r", "return (" + shown + ")")(r) && r.where === "worker") return "worker";
            const said = document.getElementById(demo + "-message").textContent;
            return said.includes("page's thread") && said;
        }""", [demo, shown], timeout=60_000)
        assert where == "worker", (demo, where)
        said = ff.eval(f"() => document.getElementById('{demo}-message').textContent")
        assert "worker" not in said, said  # on a plain colour it may say nobody is found


def test_webgl_missing_is_said_in_the_page_and_wasm_runs(ff):
    """Headless Firefox has no WebGL without a GPU (Chromium has SwiftShader)."""
    ff.open("tensors", "&backend=webgl")
    assert ff.eval("() => document.documentElement.dataset.backend") == "wasm"
    assert "webgl backend could not start" in ff.eval(
        "() => document.getElementById('app-message').textContent")
    assert ff.wait_result("tensors", "r.add")["add"] == [11, 22, 33, 44]


def test_a_second_visit_gets_the_python_files_as_one_archive(ff):
    """The service worker in Firefox: a first visit keeps the offline copy; the second gets the
    lab's .py files as one archive (js/sw_bundle.js) and boots to the Core API's results."""
    ready = "() => document.documentElement.dataset.ready === '1'"
    try:
        for visit in ("first", "second"):
            ff.call("open", url=f"{ff.server}/?demo=tensors", worker=True)
            ff.wait(ready, timeout=BOOT_TIMEOUT_MS)
            result = ff.wait_result("tensors", "r.add && r.mul")
            assert (result["add"], result["mul"]) == ([11, 22, 33, 44], [10, 40, 90, 160]), visit
            ff.wait("() => document.documentElement.dataset.offline", timeout=120_000)
        assert ff.eval("() => !!navigator.serviceWorker.controller") is True
        assert ff.eval("() => performance.getEntriesByType('resource')"
                       ".filter((e) => e.name.endsWith('/__lab/py-lab.tar')).length") == 1
        # written into Python's file system from JavaScript (js/tar_files.mjs), every file listed
        listed = (ROOT / "pyscript.toml").read_text().count('\n"{FROM}/')
        assert ff.eval("() => performance.getEntriesByName('lab:files-unpacked').at(-1)?.detail") == listed
    finally:  # the checks after this one run without the worker, as before
        ff.eval("() => navigator.serviceWorker.getRegistrations()"
                ".then((all) => Promise.all(all.map((r) => r.unregister())))")


def test_nothing_left_the_origin_all_along(ff):
    """The guards ran on every check; this one asks the page what it fetched besides."""
    entries = ff.eval("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert entries and all(url.startswith((ff.server, "data:", "blob:")) for url in entries)
