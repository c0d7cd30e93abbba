"""Layers API: a Keras-like model, trained in the browser.

The tutorial's second example, in Python: one dense unit learns the line
through the points (X, Y), by stochastic gradient descent on the mean
squared error. Then it predicts a Y for an X it has not seen, beside the
exact least-squares answer, so you can see how close training got. The
trained model can be downloaded, and loaded back to predict with.
"""

import math

from lab import Demo, tf, tidy
from lab.charts.loss_chart import LossChart
from lab.core.bridge import js_error_message
from lab.core.download import file_name, save_text
from lab.core.ui import element
from lab.inputs.forms import InputError, number, numbers, positive_number, readable, whole_number
from lab.layers.advice import apart, least_squares, why_diverged
from lab.layers.saved import LoadError, load_model, loss_csv, save_model

MAX_EPOCHS = 10_000
MAX_POINTS = 10_000

demo = Demo("regression")
chart = LossChart("#regression-chart")
# The one training of this run: its model, and its fit (a JS promise) while it runs.
training = {"model": None, "fit": None, "stop": False}


def read_form():
    x = numbers(element("#regression-x").value, "X", most=MAX_POINTS)
    y = numbers(element("#regression-y").value, "Y", most=MAX_POINTS)
    if len(x) != len(y):
        raise InputError(f"X has {len(x)} numbers and Y has {len(y)}: give one Y for each X.")
    if len(x) < 2:
        raise InputError("A line needs at least two points: give two or more X and Y values.")
    if len(set(x)) == 1:
        raise InputError("All X values are the same: no line fits; give at least two different X.")
    epochs = whole_number(element("#regression-epochs").value, "Epochs", most=MAX_EPOCHS)
    learning_rate = positive_number(element("#regression-rate").value, "Learning rate")
    predict_x = number(element("#regression-predict").value, "X to predict")
    return x, y, epochs, learning_rate, predict_x


def build_model(learning_rate):
    model = tf.sequential()
    model.add(tf.layers.dense(units=1, input_shape=[1]))
    model.compile(loss="meanSquaredError", optimizer=tf.train.sgd(learning_rate))
    return model


def dispose_model():
    model = training["model"]
    if model is not None and training["fit"] is None:  # else: disposed when fit ends
        if getattr(model, "optimizer", None) is not None:  # ours to free (none if loaded)
            model.optimizer.dispose()
        model.dispose()
        training["model"] = None


def train(event=None):
    """Train a fresh model on the form's numbers: one click, one training.

    Not async, and nothing awaits the fit: the next click finds the training already
    started, and a new run of this code ends it cleanly (see finished()).
    """
    if training["fit"] is not None:  # one is running (the second click of a double-click)
        return
    try:
        x, y, epochs, learning_rate, predict_x = read_form()
    except InputError as error:  # nothing of an earlier training stays on show
        show_outcome(None)
        chart.clear()
        demo.message(str(error), "error")
        demo.result.clear()
        demo.publish(status="error", error=str(error))
        return
    slope, intercept = least_squares(x, y)
    dispose_model()  # training again starts from a fresh model
    model = training["model"] = build_model(learning_rate)
    training["stop"] = False
    losses = []
    chart.reset(epochs)
    show_outcome(None)
    demo.publish(x=x, y=y, epochs=epochs, learning_rate=learning_rate, predict_x=predict_x,
                 least_squares=slope * predict_x + intercept, slope=slope, intercept=intercept,
                 loss=losses, epochs_run=0, status="training", error=None,
                 prediction=None, weight=None, bias=None)
    demo.message(f"Training for {epochs} epochs…")

    def on_epoch_end(epoch, logs):
        if demo.stopped:  # this run was replaced: end its training, show nothing more
            model.stopTraining = True
            return
        loss = logs.loss
        losses.append(loss)
        if chart.add(loss):  # publish progress as often as the chart redraws
            demo.publish(loss=losses, epochs_run=len(losses))
        if not math.isfinite(loss) or training["stop"]:
            model.stopTraining = True

    def finished(error=None):  # fit is over (all epochs, stopped or failed), even if this run is
        xs.dispose()
        ys.dispose()
        training["fit"] = None
        if demo.stopped:
            dispose_model()
            return
        set_training(False)
        chart.draw()
        if error is not None:
            text = f"Training failed: {js_error_message(error)}"
            demo.message(text, "error")
            demo.publish(status="error", error=text, epochs_run=len(losses))
        else:
            report(model, losses, x, y, learning_rate, predict_x, slope, intercept)

    xs = tf.tensor2d([[value] for value in x])
    ys = tf.tensor2d([[value] for value in y])
    fit = model.fit(xs, ys, epochs=epochs, callbacks={"on_epoch_end": on_epoch_end})
    # when_settled, not `await`: cancelling a task that awaits fit (a new run of this code)
    # made Pyodide fail every Python callback fit called next, so fit never cleaned up.
    fit.when_settled(finished)
    training["fit"] = fit
    set_training(True)


def report(model, losses, x, y, learning_rate, predict_x, slope, intercept):
    """Training is over: the prediction beside the exact answer, or why it failed."""
    if losses and not math.isfinite(losses[-1]):
        demo.message(f"Training diverged at epoch {len(losses)}: the loss became "
                     f"{readable(losses[-1])}. {why_diverged(x, y, learning_rate, losses)}",
                     "error")
        demo.publish(loss=losses, epochs_run=len(losses), status="diverged")
        return
    with tidy():
        prediction = model.predict(tf.tensor2d([[predict_x]])).dataSync()[0]
        weight, bias = (w.dataSync()[0] for w in model.getWeights())
    status = "stopped" if training["stop"] else "trained"
    exact = slope * predict_x + intercept
    demo.publish(loss=losses, epochs_run=len(losses), status=status,
                 prediction=prediction, weight=weight, bias=bias)
    show_outcome((prediction, exact, weight, bias, slope, intercept))
    done = "Stopped" if status == "stopped" else "Trained"
    if not math.isfinite(prediction):
        demo.message(f"{done} after {len(losses)} epochs, but at X = {readable(predict_x, 2)} the "
                     "model's prediction is beyond what 32-bit floats hold (about 3.4e38): "
                     "predict at a smaller X.", "error")
        return
    demo.message(f"{done} after {len(losses)} epochs: at X = {readable(predict_x, 2)} the model "
                 f"predicts {readable(prediction)}; the least-squares line gives "
                 f"{readable(exact)} ({apart(prediction, exact)}).", "ok")


def show_outcome(outcome):
    """The numbers beside the chart: this training's, or dashes (none yet, or bad input)."""
    fields = ("#regression-prediction", "#regression-exact", "#regression-weight",
              "#regression-bias")
    if outcome is None:
        for selector in fields:
            element(selector).textContent = "–"
        return
    prediction, exact, weight, bias, slope, intercept = outcome
    texts = (readable(prediction), readable(exact),
             f"{readable(weight)}  (exact slope {readable(slope)})",
             f"{readable(bias)}  (exact intercept {readable(intercept)})")
    for selector, text in zip(fields, texts):
        element(selector).textContent = text


def stop(event=None):
    training["stop"] = True
    if training["model"] is not None:
        training["model"].stopTraining = True  # takes effect at the end of this epoch


def set_training(active: bool):
    element("#regression-train").disabled = active
    element("#regression-stop").disabled = not active


def end_run():
    """This run is over (Run, Reset or Stop under the editor): end its training.

    Its handlers are gone, so both buttons are off until the code runs again.
    """
    if training["fit"] is not None:
        demo.publish(status="stopped")
    stop()
    dispose_model()  # at once if no training runs; else when its fit returns
    element("#regression-train").disabled = True
    element("#regression-stop").disabled = True


# --- Keep the model: download it (model.json + weights) and its loss; load one back ---
async def download_model(event=None):
    if training["model"] is None or training["fit"] is not None:
        demo.message("Nothing to download yet: train the model first (or wait until it has "
                     "finished).", "error")
        return
    await save_model(training["model"], "regression")   # regression.json, regression.weights.bin


def download_loss(event=None):
    losses = demo.result.get("loss") or []
    if not losses:
        demo.message("No loss history yet: train the model first.", "error")
        return
    save_text(loss_csv(losses), file_name("regression", "loss", ext="csv"), "text/csv")


async def load_saved(event):
    names = [str(file.name) for file in event.target.files]
    if training["fit"] is not None:  # its end frees the model in training["model"]
        event.target.value = ""
        demo.message("A training is running: press Stop (or wait), then load the model.", "error")
        return
    try:
        predict_x = number(element("#regression-predict").value, "X to predict")
        model, prediction = await load_model(event.target.files, predict_x)
    except (LoadError, InputError) as error:
        demo.message(str(error), "error")
        return
    finally:
        event.target.value = ""  # picking the same files again still loads them
    if demo.stopped:  # this run ended while the files loaded
        model.dispose()
        return
    dispose_model()  # the loaded model takes the trained one's place
    training["model"] = model
    show_outcome(None)
    element("#regression-prediction").textContent = readable(prediction)
    demo.publish(status="loaded", loaded=names, predict_x=predict_x, prediction=prediction)
    demo.message(f"Loaded {', '.join(names)}: at X = {readable(predict_x, 2)} this model "
                 f"predicts {readable(prediction)}.", "ok")


# A fresh run starts with a usable form and nothing shown from an earlier one.
set_training(False)
show_outcome(None)
chart.clear()
demo.publish(status="ready")
demo.on("#regression-train", "click", train)
demo.on("#regression-stop", "click", stop)
demo.on("#regression-download", "click", download_model)
demo.on("#regression-loss-csv", "click", download_loss)
demo.on("#regression-load", "change", load_saved)
demo.on_stop(end_run)
