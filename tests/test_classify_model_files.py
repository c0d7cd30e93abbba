"""The classify demo's ?model= files checked before ml5 loads them (lab.classify.model_check):
a model.json that lies about its sizes allocates nothing."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_model_whose_files_lie_about_their_sizes_is_refused_before_ml5_loads_it(app, page):
    """A layer of 300,000,000 units would allocate gigabytes before the weights were read; weights
    that are not the bytes the manifest declares failed inside TF.js (issue 34)."""
    source = ROOT / "vendor" / "models" / "efficientnet-lite0"
    model = json.loads((source / "model.json").read_text())
    dense = next(layer for layer in model["modelTopology"]["config"]["layers"]
                 if layer["class_name"] == "Dense")
    dense["config"]["units"] = 300_000_000
    lying = {"model.json": json.dumps(model)}

    def serve_crafted(route):
        name = route.request.url.rsplit("/", 1)[-1]
        if name in lying:
            route.fulfill(status=200, content_type="application/octet-stream", body=lying[name])
        else:
            route.fulfill(status=200, path=str(source / name))

    page.route("**/crafted/*", serve_crafted)
    app.open(demo="classify", query="model=crafted/model.json")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert ("The model 'crafted/model.json' cannot be used: the file has a layer whose units is "
            "300000000") in message and "Remove ?model=" in message
    assert app.num_tensors() == 0

    lying.update({"model.json": (source / "model.json").read_text(),
                  "group1-shard3of3.bin": bytes(1000)})  # cut short
    app.page.evaluate("document.getElementById('classify-message').textContent = ''")
    app.run_code("classify")
    app.page.wait_for_function("document.getElementById('classify-message').textContent")
    assert "its weight files hold 8,389,608 bytes, where it declares 9,262,000" in app.message("classify")
    assert app.num_tensors() == 0
