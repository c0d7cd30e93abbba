"""Layers API: a Keras-like model, trained in the browser.

The tutorial's second example, in Python: one dense unit learns the line
through the points (X, Y), by stochastic gradient descent on the mean
squared error. Then it predicts a Y for an X it has not seen, beside the
exact least-squares answer, so you can see how close training got.
"""

import math

from lab import Demo, tf, tidy, to_js, to_py
from lab.bridge import after, create_proxy
from lab.forms import InputError, numbers, positive_number, whole_number
from lab.loss_chart import LossChart
from lab.ui import element

MAX_EPOCHS = 10_000

demo = Demo("regression")
chart = LossChart("#regression-chart")
training = {"model": None, "fit": None, "stop": False}


def read_form():
    x = numbers(element("#regression-x").value, "X")
    y = numbers(element("#regression-y").value, "Y")
    if len(x) != len(y):
        raise InputError(f"X has {len(x)} numbers and Y has {len(y)}: give one Y for each X.")
    if len(x) < 2:
        raise InputError("A line needs at least two points: give two or more X and Y values.")
    if len(set(x)) == 1:
        raise InputError("All X values are the same: no line fits; give at least two different X.")
    epochs = whole_number(element("#regression-epochs").value, "Epochs", most=MAX_EPOCHS)
    learning_rate = positive_number(element("#regression-rate").value, "Learning rate")
    predict_x = numbers(element("#regression-predict").value, "X to predict")[0]
    return x, y, epochs, learning_rate, predict_x


def least_squares(x, y):
    """The exact best line y = slope * x + intercept, to compare training with."""
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    slope = (sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y))
             / sum((a - mean_x) ** 2 for a in x))
    return slope, mean_y - slope * mean_x


def build_model(learning_rate):
    model = tf.sequential()
    model.add(tf.layers.dense(to_js({"units": 1, "inputShape": [1]})))
    model.compile(to_js({"loss": "meanSquaredError",
                         "optimizer": tf.train.sgd(learning_rate)}))
    return model


def dispose_model():
    model = training["model"]
    if model is not None and training["fit"] is None:  # else: disposed when fit ends
        model.optimizer.dispose()  # we made the optimizer, so the model won't dispose it
        model.dispose()
        training["model"] = None


async def train(event=None):
    try:
        x, y, epochs, learning_rate, predict_x = read_form()
    except InputError as error:
        demo.message(str(error), "error")
        return
    slope, intercept = least_squares(x, y)
    dispose_model()  # training again starts from a fresh model
    model = training["model"] = build_model(learning_rate)
    training["stop"] = False
    losses = []
    chart.reset(epochs)
    demo.publish(x=x, y=y, epochs=epochs, learning_rate=learning_rate, predict_x=predict_x,
                 least_squares=slope * predict_x + intercept, slope=slope, intercept=intercept,
                 loss=losses, status="training", prediction=None, weight=None, bias=None)
    demo.message(f"Training for {epochs} epochs…")
    set_training(True)

    def on_epoch_end(epoch, logs):
        loss = logs.loss
        losses.append(loss)
        if chart.add(loss):  # publish progress as often as the chart redraws
            demo.publish(loss=losses, epochs_run=len(losses))
        if not math.isfinite(loss) or training["stop"]:
            model.stopTraining = True

    xs = tf.tensor2d(to_js([[value] for value in x]))
    ys = tf.tensor2d(to_js([[value] for value in y]))
    epoch_callback = create_proxy(on_epoch_end)
    fit = model.fit(xs, ys, to_js({"epochs": epochs, "callbacks": {"onEpochEnd": epoch_callback}}))

    def finished():  # runs when fit is really over, even if this demo was stopped meanwhile
        epoch_callback.destroy()
        xs.dispose()
        ys.dispose()
        training["fit"] = None
        if demo.stopped:
            dispose_model()
        else:
            set_training(False)
            chart.draw()

    training["fit"] = fit
    after(fit, finished)
    await fit

    if losses and not math.isfinite(losses[-1]):
        demo.message(f"Training diverged at epoch {len(losses)}: the loss became "
                     f"{losses[-1]}. The learning rate {learning_rate} is too large: "
                     "try a smaller one, such as 0.01.", "error")
        demo.publish(loss=losses, status="diverged")
        return
    with tidy():
        prediction = to_py(model.predict(tf.tensor2d(to_js([[predict_x]]))).dataSync())[0]
        weight, bias = (to_py(w.dataSync())[0] for w in model.getWeights())
    status = "stopped" if training["stop"] else "trained"
    demo.publish(loss=losses, epochs_run=len(losses), status=status,
                 prediction=prediction, weight=weight, bias=bias)
    show_outcome(predict_x, prediction, slope * predict_x + intercept, weight, bias,
                 slope, intercept, len(losses), status)


def show_outcome(px, prediction, exact, weight, bias, slope, intercept, epochs_run, status):
    element("#regression-prediction").textContent = f"{prediction:.4f}"
    element("#regression-exact").textContent = f"{exact:.4f}"
    element("#regression-weight").textContent = f"{weight:.4f}  (exact slope {slope:.4f})"
    element("#regression-bias").textContent = f"{bias:.4f}  (exact intercept {intercept:.4f})"
    off = abs(prediction - exact) / abs(exact) * 100 if exact else abs(prediction) * 100
    done = "Stopped" if status == "stopped" else "Trained"
    demo.message(f"{done} after {epochs_run} epochs: at X = {px:g} the model predicts "
                 f"{prediction:.4f}; the least-squares line gives {exact:.4f} ({off:.2f}% apart).",
                 "ok")


def stop(event=None):
    training["stop"] = True
    if training["model"] is not None:
        training["model"].stopTraining = True  # takes effect at the end of this epoch


def set_training(active: bool):
    element("#regression-train").disabled = active
    element("#regression-stop").disabled = not active


demo.on("#regression-train", "click", train)
demo.on("#regression-stop", "click", stop)
demo.on_stop(dispose_model)
demo.on_stop(stop)  # cleanups run last-added first: stop training, then dispose
