"""The Layers API demo's model kept as files (issue 19): downloaded as model.json + weights with
its loss history as CSV, loaded in a fresh page, where it predicts the same value."""

import csv

from conftest import guarded_app


def test_a_downloaded_model_loads_in_a_fresh_page_and_predicts_the_same(app, browsers, server, tmp_path):
    app.open(demo="regression")
    trained = app.train_regression(epochs=50)
    downloads = []
    app.page.on("download", lambda download: downloads.append(download))
    app.page.click("#regression-download")
    for _ in range(100):  # tf.io.browserDownloads starts the two one after the other
        if len(downloads) == 2:
            break
        app.page.wait_for_timeout(100)
    names = sorted(d.suggested_filename for d in downloads)
    assert names == ["regression.json", "regression.weights.bin"], names
    files = []
    for download in downloads:
        download.save_as(tmp_path / download.suggested_filename)
        files.append(str(tmp_path / download.suggested_filename))

    with app.page.expect_download() as info:
        app.page.click("#regression-loss-csv")
    assert info.value.suggested_filename.startswith("regression-loss-")
    rows = list(csv.reader(info.value.path().read_text().splitlines()))
    assert rows[0] == ["epoch", "loss"] and len(rows) == 51
    assert [float(loss) for _, loss in rows[1:]] == trained["loss"]

    with guarded_app(browsers(None), server) as fresh:
        fresh.open(demo="regression")
        fresh.page.set_input_files("#regression-load", files)
        loaded = fresh.wait_result("regression", "r.status === 'loaded'")
        assert loaded["prediction"] == trained["prediction"]  # the same float32 weights
        assert sorted(loaded["loaded"]) == names
        assert "predicts" in fresh.message("regression")

        fresh.page.set_input_files("#regression-load", [f for f in files if f.endswith(".json")])
        fresh.page.wait_for_selector("#regression-message.error")
        assert "weights are missing" in fresh.message("regression")
