"""tools/serve.py: the app served cross-origin isolated, with vendor/ cached."""

import importlib.util
import urllib.request

import pytest

from conftest import ROOT, guarded_app

HANDS_NOT_FOUND = "No hand found"  # the hands demo on the astronaut: a message, not a failure

# tools/ is not a package on the tests' path (and the project folder must not be: py/ would
# shadow pytest's `py`), so load the server module from its file.
_spec = importlib.util.spec_from_file_location("lab_serve", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)
start = serve.start


@pytest.fixture(scope="module")
def isolated_server():
    url, stop = start(isolated=True, cached=True)
    yield url
    stop()


def headers(url: str):
    """The response's headers (names case-insensitive)."""
    with urllib.request.urlopen(url) as response:
        return response.headers


def test_headers_isolate_the_page_and_cache_only_vendor(isolated_server):
    page = headers(isolated_server + "/")
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["Cross-Origin-Embedder-Policy"] == "require-corp"
    assert page["Cache-Control"] == "no-cache"  # an edit shows on the next reload
    assert headers(isolated_server + "/py/lab/app.py")["Cache-Control"] == "no-cache"
    wasm = headers(isolated_server + "/vendor/pyodide/pyodide.asm.wasm")
    assert "max-age=604800" in wasm["Cache-Control"]
    assert wasm["Content-Type"] == "application/wasm"
    assert headers(isolated_server + "/vendor/pyodide/pyodide.mjs")["Content-Type"] \
        == "text/javascript"


# Each tab's first result; a camera demo's once its model answers from its Web Worker (the
# default: the page's thread first, then the worker), with that worker's script.
WALK = {"tensors": ("r.add", None), "regression": ("r.status", None),
        "classify": ("r.frames >= 1", "classify_worker.js"), "pose": ("r.frame >= 2", "pose_worker.js"),
        "teach": ("r.frame >= 1", "classify_worker.js"), "face": ("r.frame >= 1", "vision_worker.js"),
        "sketch": ("r.source", None), "hands": ("r.frame >= 1", "vision_worker.js"),
        "segment": ("r.frame >= 1", "vision_worker.js")}

# Where a TF.js runs (the page, a model worker): isolated, its backend, whether that is wasm's
# multi-threaded build (its memory shared with its threads), and its threads (TF.js takes half
# the logical cores, 1 to 4: one on a 2-core machine).
WASM_BUILD = """() => ({isolated: self.crossOriginIsolated, backend: tf.getBackend(),
    threaded: tf.backend().wasm.HEAPU8.buffer instanceof SharedArrayBuffer,
    threads: tf.wasm.getThreadsCount(),
    expected: Math.min(Math.max(Math.floor(navigator.hardwareConcurrency / 2), 1), 4)})"""


def worker_build(page, script: str) -> dict | None:
    """WASM_BUILD in the newest of the page's workers of js/<script>: the tab's own. An older one
    is the last tab's, ending, and an evaluation in a worker that ends meanwhile was seen to hang
    for good rather than fail."""
    workers = [worker for worker in page.workers if worker.url.endswith("/js/" + script)]
    return workers[-1].evaluate(WASM_BUILD) if workers else None


@pytest.mark.camera("astronaut_640x480")
def test_every_demo_runs_isolated_and_each_model_on_the_threaded_wasm_build(browsers, isolated_server):
    """As `./lab serve` serves it: every tab, as a user goes through them, gives its first result,
    each camera demo's from its worker; the page and every worker on wasm's multi-threaded build
    (plain http.server gives the other one); a download (blob: links) still works."""
    with guarded_app(browsers("astronaut_640x480"), isolated_server) as app:
        app.open(demo="pose", worker=None)
        assert app.page.evaluate("crossOriginIsolated")
        assert app.result("tensors")["add"] == [11, 22, 33, 44]
        builds = {"page": app.page.evaluate(WASM_BUILD)}
        for demo, (shown, script) in {"pose": WALK["pose"], **WALK}.items():
            if demo != "pose":
                app.page.click(f"#tab-{demo}")
            if demo == "sketch":  # a sketch waits for Run: the new sketch's template
                app.run_code(demo)
            result = app.wait_result(demo, shown + (" && r.where === 'worker'" if script else ""),
                                     timeout=120_000)
            said = app.message(demo)
            assert not said or said.startswith(HANDS_NOT_FOUND), (demo, said)
            if script:
                builds[demo] = worker_build(app.page, script)
                assert builds[demo], f"no js/{script} running for {demo}"
            if demo == "pose":
                assert result["poses"][0]["score"] > 0.3
                assert result["backend_choice"]["chosen"] == "wasm"
                with app.page.expect_download() as download:
                    app.page.click("#pose-snapshot")
                assert download.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        print("isolated:", builds)
        for where, build in builds.items():
            assert build["isolated"] and build["backend"] == "wasm" and build["threaded"], \
                (where, build)
            assert build["threads"] == build["expected"], (where, build)
        loaded = [u.split("/", 3)[-1] for u in app.guards.requests]
        assert "vendor/tfjs-backend-wasm/tfjs-backend-wasm-simd.wasm" not in loaded
        assert app.stats()["workers"] == 1  # the last tab's: each tab's worker ended with it
