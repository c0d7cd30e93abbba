"""The teach demo's panel: train and stop, download and load the dataset, export, clear all.

    wire_panel(demo, lessons, rows, edited)   # edited(classes=...): after a change, as in controls

Training shows its loss and accuracy per epoch with tfjs-vis (loaded at the first training;
without it the training runs, and says so), and when it ends, the accuracy on the held-back
samples, per class, and the confusion matrix. The other controls stay usable while it runs:
Use kNN, a class added or deleted, Clear all or another mode end the training (the message
says which), and a training that diverges says what to change, one TF.js refuses says what
it said and what to do; kNN predicts meanwhile, and the samples stay.
"""

import time

import js

from lab.core.bridge import after_paint, js_error_message, to_js
from lab.core.download import save_text
from lab.core.ui import element
from lab.inputs.forms import InputError, positive_number, whole_number
from lab.teach import keep
from lab.teach.dataset import MAX_CHARS, Dataset, DatasetError
from lab.teach.export import export_image_model, export_keypoint_model, keypoint_model_file
from lab.teach.training import TrainingDiverged, TrainingFailed, TrainingStopped

MAX_EPOCHS = 1000
MAX_BATCH = 1024


async def _charts(demo) -> bool:
    """tfjs-vis ready (js/boot_scripts.js loads it once); False, said, when it cannot load."""
    try:
        await js.labLoadScripts("tfjs-vis")
    except Exception as error:  # noqa: BLE001 (the training itself needs no chart)
        demo.message(f"The training charts cannot show: {js_error_message(error)} The training "
                     "runs without them.", "warning", key="charts")
        return False
    return True


def _chart(selector: str, losses: list, accuracies: list):
    js.tfvis.render.linechart(element(selector), to_js({
        "values": [[{"x": i + 1, "y": v} for i, v in enumerate(series)]
                   for series in (losses, accuracies)],
        "series": ["loss", "accuracy (held back)" if accuracies else "accuracy"]}),
        to_js({"xLabel": "epoch", "yLabel": "", "height": 220, "zoomToFit": True}))


def _report(selector: str, report: dict, names: list[str], charts: bool) -> str:
    if charts:
        js.tfvis.render.confusionMatrix(element(selector), to_js(
            {"values": report["confusion"], "tickLabels": names}), to_js({"height": 240}))
    per_class = ", ".join(f"{name} {share:.0%}" if share is not None else f"{name} –"
                          for name, share in zip(names, report["per_class"]))
    accuracy = report["accuracy"]
    if accuracy is None:
        return "Trained. Too few samples to hold some back for a test: record more to see the accuracy."
    return f"Trained: {accuracy:.0%} right on the held-back samples ({per_class})."


def wire_panel(demo, lessons, rows, edited):
    async def train(event):
        charts = await _charts(demo)  # first, so that what is checked below holds as it starts
        lesson = lessons.current
        if lesson is None or (lesson.head is not None and lesson.head.training):
            return
        try:
            epochs = whole_number(element("#teach-epochs").value, "Epochs", most=MAX_EPOCHS)
            rate = positive_number(element("#teach-rate").value, "Learning rate")
            batch = whole_number(element("#teach-batch").value, "Batch size", most=MAX_BATCH)
        except InputError as error:
            demo.message(str(error), "error", key="train")
            return
        problem = lesson.dataset.problem()
        if problem:
            demo.message(f"Cannot train yet: {problem}", "error", key="train")
            return
        losses, accuracies = [], []

        def on_epoch(epoch, logs):
            losses.append(logs.get("loss", 0.0))
            accuracy = logs.get("val_acc", logs.get("acc"))
            if accuracy is not None:
                accuracies.append(accuracy)
            if charts:
                _chart("#teach-curve", losses, accuracies)
            element("#teach-train-status").textContent = f"Epoch {epoch + 1} of {epochs}…"

        demo.message("Training… Use kNN, Clear all, a class added or deleted, or another mode "
                     "ends it.",
                     "info", key="train")
        element("#teach-stop").disabled = False
        started = time.perf_counter()
        try:
            report = await lesson.train(epochs, rate, batch, on_epoch)
        except (TrainingStopped, TrainingDiverged, TrainingFailed) as ended:
            how = {TrainingStopped: "stopped", TrainingDiverged: "diverged"}.get(type(ended), "failed")
            element("#teach-train-status").textContent = f"{len(losses)} epochs: {how}. kNN predicts."
            demo.message(str(ended), "warning" if how == "stopped" else "error", key="train")
            demo.publish(epochs=len(losses))
            if lesson is lessons.current:
                edited()
            return
        finally:
            if lesson.head is None or not lesson.head.training:  # no newer training running
                element("#teach-stop").disabled = True
        seconds = time.perf_counter() - started
        element("#teach-train-status").textContent = (
            f"{len(losses)} epochs in {seconds:.1f} s. The network predicts now; "
            "“Use kNN” goes back.")
        demo.message(_report("#teach-confusion", report, lesson.dataset.names(), charts), "ok", key="train")
        demo.publish(train_seconds=round(seconds, 2), epochs=len(losses))
        edited()

    def stop(event):
        lesson = lessons.current
        if lesson is not None and lesson.head is not None:
            lesson.head.stop()

    def use_knn(event):
        if lessons.current is not None:
            training = lessons.current.head is not None and lessons.current.head.training
            lessons.current.drop_head("“Use kNN” was pressed")
            if not training:  # else the training's own message says it stopped
                demo.clear("train")
            edited()

    def download(event):
        lesson = lessons.current
        if lesson is not None:
            save_text(lesson.dataset.to_json(), f"teach-{lesson.features.mode}.json",
                      "application/json")

    async def load(event):
        lesson = lessons.current
        files = event.target.files
        if lesson is None or not files.length:
            return
        file = files.item(0)
        event.target.value = ""
        features = lesson.features
        if lesson.head is not None and lesson.head.training:
            demo.message("Stop the training first, then load the dataset.", "error", key="dataset")
            return
        try:
            if file.size > MAX_CHARS:  # bytes: at least as many as characters
                raise DatasetError(f"It is too big to be a dataset ({file.size / 1e6:.0f} MB, at "
                                   f"most {MAX_CHARS / 1e6:.0f} MB).")
            demo.message(f"Reading “{file.name}”…", "info", key="dataset")
            await after_paint()  # the message shows before a big file holds the page
            text = await keep.read(file)
            dataset = Dataset.from_json(text, features.mode, features.model, features.dims)
        except DatasetError as error:
            demo.message(f"“{file.name}” was not loaded: {error} Your samples are as they were.",
                         "error", key="dataset")
            return
        if lessons.current is not lesson or lesson.features.mode != features.mode:
            return  # another mode meanwhile: its samples stay
        lesson.replace(dataset)  # a network trained on other samples goes with them
        demo.clear("train")
        element("#teach-train-status").textContent = ""
        notes = " ".join(dataset.notes)
        demo.message(f"Loaded “{file.name}”: {dataset.total()} samples in "
                     f"{len(dataset.classes)} classes." + (f" {notes}" if notes else ""),
                     "warning" if notes else "ok", key="dataset")
        edited(classes=True)

    async def export(event):
        asked = lessons.current
        lesson = await lessons.ready()  # its features loaded again, if just moved to the worker
        if asked is not None and lesson is not asked:
            demo.message("Not exported: the mode changed while the export got ready. Press Export "
                         "again to export this mode's network.", "warning", key="train")
            return
        if lesson is None or lesson.method != "network":
            demo.message("Train the network first: the export is the trained model.", "error",
                         key="train")
            return
        head, names, mode = lesson.head, lesson.dataset.names(), lesson.features.mode
        with head.kept():  # Use kNN, Train or another mode meanwhile: this network is exported
            if mode == "images":
                await export_image_model(lesson.features, head, names)
            else:
                await export_keypoint_model(head, names, mode,
                                            [p["name"] for p in lesson.features.poses[0]["keypoints"]]
                                            if lesson.features.poses else [])
        if mode == "images":
            demo.message("Exported: put the downloaded files in a folder of this project and open "
                         "?demo=classify&model=<folder>/model.json.", "ok", key="train")
        else:  # keypoints in, not pictures: the classify demo cannot run it
            demo.message(f"Exported {keypoint_model_file(mode)}, its weights and its metadata: a "
                         "sketch loads it with tf.loadLayersModel; the metadata says what it takes "
                         "in.", "ok", key="train")

    def clear_all(event):
        lesson = lessons.current
        if lesson is None or not js.confirm("Delete every sample of every class?"):
            return
        lesson.dataset.clear()
        lesson.drop_head("every sample was deleted")
        edited(classes=True)

    demo.on("#teach-train", "click", train)
    demo.on("#teach-stop", "click", stop)
    demo.on("#teach-use-knn", "click", use_knn)
    demo.on("#teach-download", "click", download)
    demo.on("#teach-load", "change", load)
    demo.on("#teach-export", "click", export)
    demo.on("#teach-clear", "click", clear_all)
