"""The classify demo's model: another one given by ?model= (only this server's files, messages
about the file given), and ours missing or damaged.

The addresses refused with a message load one after the other in one page (`shared_app`); the
tests that route requests or expect console errors have a page of their own.
"""

import json

import pytest

from classify_support import ROOT


@pytest.mark.camera("chelsea")
def test_missing_model_is_explained_and_the_page_keeps_working(app, guards):
    guards.allow_console_error(r"404")
    app.page.route("**/models/efficientnet-lite0/model.json",
                   lambda route: route.fulfill(status=404, body="not found"))
    app.open(demo="classify")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert "classifier model is missing" in message and "./lab serve" in message
    assert app.result("classify")["status"] == "error"
    app.page.click("#tab-tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


def test_another_layers_model_can_be_given_in_the_address(app, page):
    """?model= loads another TF.js Layers model with its own labels (a Teachable Machine export, say).

    Here: our model's files served under another path, with relabelled classes, so the page
    can only show these labels if it really loaded that model.
    """
    source = ROOT / "vendor" / "models" / "efficientnet-lite0"
    metadata = json.loads((source / "metadata.json").read_text())
    metadata["labels"] = [f"class {i}" for i in range(len(metadata["labels"]))]

    def serve_custom(route):
        name = route.request.url.rsplit("/", 1)[-1]
        if name == "metadata.json":
            route.fulfill(status=200, content_type="application/json", body=json.dumps(metadata))
        elif (source / name).is_file():
            route.fulfill(status=200, path=str(source / name))
        else:
            route.fulfill(status=404, body="")

    page.route("**/my-model/*", serve_custom)
    app.open(demo="classify", query="model=my-model/model.json")
    app.page.click("#classify-samples button:has-text('Coffee')")
    result = app.wait_result("classify", "r.status === 'running' && r.source === 'image'", timeout=90_000)
    assert result["model"] == "my-model/model.json"
    assert result["top"][0]["label"] == "class 967"  # espresso's index, under its new name


def test_a_wrong_model_address_says_what_to_do(app, guards):
    guards.allow_console_error("404")
    app.open(demo="classify", query="model=nowhere/model.json")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert "nowhere/model.json" in message and "?model=" in message
    app.page.click("#tab-tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


# --- ?model=: only this server's files, and messages about the file given ----------------------
@pytest.mark.parametrize("address, host", [
    ("https://example.com/model.json", "example.com"),
    ("//example.com/models/model.json", "example.com"),  # no scheme: still another site
    ("http://127.0.0.2:8000/model.json", "127.0.0.2:8000"),
])
def test_a_model_on_another_site_is_refused_before_any_request(shared_app, address, host):
    app = shared_app.open(demo="classify", query=f"model={address}")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert f"The model '{address}' is on another site ({host})" in message
    assert "loads nothing from other sites" in message and "my-model/model.json" in message
    assert ".." not in message
    assert app.result("classify")["status"] == "error"


@pytest.mark.parametrize("address, says", [
    # a graph model: it was "No model at .../posenet/model.json", a file nobody named
    ("vendor/models/posenet/posenet.json", "it is a TF.js graph model"),
    # not a model at all: it was ml5's console error and "Rebuild it with ./lab serve"
    ("README.md", "it is not JSON"),
    ("package.json", "it is JSON but not a TF.js model"),
])
def test_a_file_that_is_not_a_layers_model_is_named_with_what_is_wrong(shared_app, address, says):
    app = shared_app.open(demo="classify", query=f"model={address}")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert f"The model '{address}' cannot be used: {says}" in message
    assert "?model=" in message and "Remove ?model=" in message
    for wrong in ("./lab serve", "Rebuild", "Run again", "model.json: ", ".."):
        assert wrong not in message, wrong
    if address.endswith("posenet.json"):
        assert "posenet/model.json" not in message
    assert app.result("classify")["status"] == "error"  # it stayed "loading" for ever


def test_a_model_without_its_labels_says_so(app, page):
    source = ROOT / "vendor" / "models" / "efficientnet-lite0"

    def serve_without_metadata(route):
        name = route.request.url.rsplit("/", 1)[-1]
        if name != "metadata.json" and (source / name).is_file():
            route.fulfill(status=200, path=str(source / name))
        else:
            route.fulfill(status=404, body="")

    app.guards.allow_console_error("404")
    page.route("**/no-labels/*", serve_without_metadata)
    app.open(demo="classify", query="model=no-labels/model.json")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert "The model 'no-labels/model.json' cannot be used: metadata.json beside it" in message
    assert "labels" in message and ".." not in message


@pytest.mark.camera("chelsea")
def test_corrupt_classifier_weights_are_explained_and_the_page_keeps_working(app, guards):
    guards.allow_console_error(r".")  # ml5 logs the failed load itself
    app.page.route("**/models/efficientnet-lite0/group1-shard2of3.bin",
                   lambda route: route.fulfill(status=200, body=b"\x00garbage" * 64,
                                               content_type="application/octet-stream"))
    app.open(demo="classify")
    app.page.wait_for_selector("#classify-message.error", state="visible", timeout=90_000)
    message = app.message("classify")
    assert "classifier" in message and "./lab serve" in message
    app.page.click("#tab-pose")
    app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    app.page.click("#tab-tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
