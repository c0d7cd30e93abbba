"""Drop a CSV of numbers on this tab (last column: what to predict): a small network learns it."""
from lab.sketch.kit import Demo, dropped_file, loss_chart, tf

demo = Demo("sketch")
chart = loss_chart(demo)                       # the loss, epoch after epoch, under the code
SAMPLE = "x1,x2,y\n0,0,1\n1,0,3\n0,1,0\n1,1,2\n2,1,4\n1,2,1\n2,2,3\n3,1,6\n"   # y = 2·x1 − x2 + 1


def learn(text, name):
    rows = []
    for line in text.strip().splitlines()[:10_000]:
        try:
            rows.append([float(cell) for cell in line.split(",")])
        except ValueError:                     # a header, or a row that is not numbers
            print("skipped:", line[:60])
    model = tf.sequential({"layers": [
        tf.layers.dense(units=8, activation="relu", input_shape=[len(rows[0]) - 1]),
        tf.layers.dense(units=1)]})
    model.compile(loss="meanSquaredError", optimizer=tf.train.adam(0.05))
    xs, ys = tf.tensor2d([r[:-1] for r in rows]), tf.tensor2d([r[-1:] for r in rows])
    chart.reset(epochs=150)

    def done(error=None):                      # the training is over, or this run was stopped
        chart.draw()
        print(f"{name}: {len(rows)} rows, final loss {chart.losses[-1]:.4f}")
        demo.publish(file=name, rows=len(rows), loss=chart.losses[-1])
        model.dispose(), xs.dispose(), ys.dispose()
    fit = model.fit(xs, ys, epochs=150,
                    callbacks={"on_epoch_end": lambda epoch, logs: chart.add(logs.loss)})
    fit.when_settled(done)                     # not awaited: Stop never cuts a call to fit short


async def read(file):
    if file.size > 2_000_000:                  # a bound before reading it
        return demo.message(f"{file.name} is over 2 MB: drop a smaller CSV.", "error")
    learn(str(await file.text()), file.name)

# a .csv dropped anywhere on this tab (a .py opens as a sketch)
demo.on("#demo-sketch", "drop", lambda event: (file := dropped_file(event, ".csv")) and read(file))
learn(SAMPLE, "the sample")
