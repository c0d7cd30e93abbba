"""The app shell: boot, the automation contract, backends, and nothing leaving the origin.

The tests that only read what an address opens share one page (`shared_app`: the same address is
not loaded again, another one is loaded in it); those about a first visit's boot, routed
requests or edits have a page of their own.
"""

import pytest

from conftest import App, Guards


def test_boots_offline_and_everything_comes_from_the_origin(app, guards):
    app.open()
    assert guards.external == []
    loaded = [u.split("/", 3)[-1] for u in guards.requests]
    # the runtime comes from vendor/, never from node_modules or a CDN
    for needed in ("vendor/pyscript/core.js", "vendor/pyodide/pyodide.asm.wasm",
                   "vendor/tfjs/tf.es2017.min.js", "vendor/tfjs-backend-wasm/tfjs-backend-wasm-simd.wasm"):
        assert needed in loaded, f"{needed} was not loaded"
    assert not any(u.startswith("node_modules/") for u in loaded)
    assert app.page.text_content("#boot-status") == "Ready"


def console_warnings(page) -> list[str]:
    """The page's console warnings from now on (the guards fail a test on errors only)."""
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    return warnings


def test_python_starts_from_the_snapshot_setup_made(app, guards):
    warnings = console_warnings(app.page)
    app.open(demo="tensors")
    assert "vendor/pyodide/snapshot.bin" in [u.split("/", 3)[-1] for u in guards.requests]
    assert not [w for w in warnings if "snapshot" in w], warnings
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


@pytest.mark.parametrize("snapshot", ["missing", "corrupt"])
def test_without_a_usable_snapshot_python_starts_the_long_way(app, guards, snapshot):
    guards.allow_console_error(r"status of 404")  # the browser's own line for the missing file
    warnings = console_warnings(app.page)
    answer = ({"status": 404, "body": b""} if snapshot == "missing" else
              {"status": 200, "body": b"\x00garbage" * 4096})
    app.page.route("**/vendor/pyodide/snapshot.bin", lambda route: route.fulfill(**answer))
    app.open(demo="tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
    said = [w for w in warnings if "without its snapshot" in w]
    assert len(said) == 1 and "./lab serve" in said[0], warnings


def test_the_guard_blocks_and_reports_a_request_to_another_host(browsers, server):
    """The harness's own guard. The page's policy (index.html) refuses such a request before
    the guard could see it, so this page is opened with the policy bypassed."""
    guards = Guards(server)
    guards.allow_console_error("ERR_BLOCKED_BY_CLIENT")
    context = browsers(None).new_context(bypass_csp=True)
    try:
        app = App(guards.watch(context), server, guards)
        app.open()
        app.page.evaluate("fetch('http://example.com/x').catch(() => null)")
        app.page.wait_for_timeout(200)
        assert guards.external == ["http://example.com/x"]
        assert guards.errors == []
    finally:
        context.close()


def test_the_page_refuses_other_sites_whoever_asks(app, guards):
    """Code edited in the page can name any address; the page's policy refuses it unasked."""
    guards.allow_console_error("Content Security Policy")
    app.open()
    outcome = app.page.evaluate("fetch('https://example.com/x').then(() => 'fetched', () => 'refused')")
    assert outcome == "refused"
    app.set_code("tensors", "import js\n\nawait js.tf.loadLayersModel('https://example.com/m/model.json')\n")
    app.run_code("tensors")
    app.page.wait_for_selector("#tensors-message.error", state="visible")
    assert "Failed to fetch" in app.message("tensors")
    assert guards.external == []  # no request left the page


def test_ml5_loads_when_asked_and_joins_the_pages_one_engine(shared_app):
    """The page boots without ml5 (4.5 MB); loaded for a sketch, its bundled TF.js finds the
    page's engine: one backend, one count of tensors."""
    app = shared_app.open()
    assert app.page.evaluate("typeof tf.wasm.setWasmPaths") == "function"
    assert app.page.evaluate("typeof window.ml5") == "undefined"
    joined = app.page.evaluate("""async () => {
      await labLoadScripts("ml5");
      const before = tf.memory().numTensors;
      const made = ml5.tf.tensor([1, 2, 3]);
      const out = {same: ml5.tf.engine() === tf.engine(), backend: ml5.tf.getBackend(),
                   counted: tf.memory().numTensors - before, sum: tf.sum(made).arraySync()};
      made.dispose();
      // each copy of the Layers API names its first dense layer alike: both still build
      const layers = [tf.layers.dense({units: 1, inputShape: [1]}),
                      ml5.tf.layers.dense({units: 1, inputShape: [1]})];
      out.built = layers.map((layer) => tf.tidy(() => layer.apply(tf.ones([1, 1])).shape));
      layers.forEach((layer) => layer.dispose());
      return out;
    }""")
    assert joined == {"same": True, "backend": "wasm", "counted": 1, "sum": 6,
                      "built": [[1, 1], [1, 1]]}


def test_wasm_is_the_default_backend(shared_app):
    app = shared_app.open()
    assert app.page.text_content("#backend") == "wasm"
    assert app.page.evaluate("tf.getBackend()") == "wasm"


def test_backend_is_chosen_in_the_address(shared_app):
    app = shared_app.open(backend="cpu")
    assert app.page.text_content("#backend") == "cpu"
    assert app.page.evaluate("tf.getBackend()") == "cpu"
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


def test_unknown_backend_says_so_and_falls_back(shared_app):
    app = shared_app.open(backend="quantum")
    message = app.page.text_content("#app-message")
    assert 'Unknown backend "quantum"' in message and "wasm" in message
    assert app.page.text_content("#backend") == "wasm"
    assert app.result("tensors")["mul"] == [10, 40, 90, 160]


def test_a_wasm_backend_that_cannot_start_falls_back_with_a_message(app, guards):
    """js/backend.js starts wasm while Python starts; its binary missing, Python tries again,
    then says so and runs the demos on another backend."""
    guards.allow_console_error(r"wasm|404|WebAssembly")
    app.page.route("**/vendor/tfjs-backend-wasm/*.wasm",
                   lambda route: route.fulfill(status=404, body="gone"))
    app.open()
    message = app.page.text_content("#app-message")
    assert "The wasm backend could not start in this browser" in message, message
    assert app.page.text_content("#backend") in ("webgl", "cpu")
    assert app.result("tensors")["mul"] == [10, 40, 90, 160]


@pytest.mark.parametrize("demo", ["tensors", "regression", "classify", "pose"])
def test_demo_in_the_address_opens_that_demo(shared_app, demo):
    app = shared_app.open(demo=demo)
    assert app.page.is_visible(f"#demo-{demo}")
    assert app.page.get_attribute(f"#tab-{demo}", "aria-selected") == "true"
    others = {"tensors", "regression", "classify", "pose"} - {demo}
    assert not any(app.page.is_visible(f"#demo-{other}") for other in others)


def test_unknown_demo_says_so_and_opens_tensors(shared_app):
    app = shared_app.open(demo="nope")
    assert 'Unknown demo "nope"' in app.page.text_content("#app-message")
    assert app.page.is_visible("#demo-tensors")


def test_tabs_switch_demos_and_keep_the_address_in_step(app):
    app.open()
    app.page.click("#tab-regression")
    app.page.wait_for_function("document.documentElement.dataset.demo === 'regression'")
    assert app.page.is_visible("#demo-regression")
    assert "demo=regression" in app.page.url


# --- the address -----------------------------------------------------------------------
@pytest.mark.camera("astronaut_640x480")
def test_unknown_backend_with_a_camera_demo_falls_back_and_runs_it(app):
    app.open(demo="pose", backend="quantum")
    assert 'Unknown backend "quantum"' in app.page.text_content("#app-message")
    result = app.wait_result("pose", "r.frame >= 2", timeout=90_000)
    assert result["backend"] == "wasm" and result["source"] == "camera"


def test_a_demo_name_with_markup_is_shown_as_text(shared_app):
    app = shared_app.open(query="demo=%3Cimg%20src%3Dx%20onerror%3Dwindow.hacked%3D1%3E")
    message = app.page.text_content("#app-message")
    assert 'Unknown demo "<img src=x onerror=window.hacked=1>"' in message
    assert app.page.locator("#app-message img").count() == 0
    assert app.page.evaluate("window.hacked === undefined")
    assert app.page.is_visible("#demo-tensors")


def test_code_that_uses_ml5_has_it_loaded_for_its_run(app):
    """Edited code that names ml5 runs with ml5 there (loaded for it, not at boot)."""
    app.open()
    assert app.page.evaluate("typeof window.ml5") == "undefined"
    app.set_code("tensors", "from js import ml5, tf\nprint('same engine', ml5.tf.engine() == tf.engine())\n")
    app.run_code("tensors")
    assert "same engine True" in app.page.text_content("#tensors-console")
    assert app.console_errors("tensors") == []
