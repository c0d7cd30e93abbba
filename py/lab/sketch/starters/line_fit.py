"""The tutorial's model: one dense unit learns y = 2x − 1 from four points, its loss drawn live."""
from lab.sketch.kit import Demo, loss_chart, tf

demo = Demo("sketch")
chart = loss_chart(demo)                      # the loss, epoch after epoch, under the code

model = tf.sequential()
model.add(tf.layers.dense(units=1, input_shape=[1]))
model.compile(loss="meanSquaredError", optimizer=tf.train.sgd(0.05))
demo.on_stop(model.dispose)

xs = tf.tensor2d([[1], [2], [3], [4]])
ys = tf.tensor2d([[1], [3], [5], [7]])        # y = 2x − 1
chart.reset(epochs=200)
losses = []


def epoch_done(epoch, logs):
    losses.append(logs.loss)
    chart.add(logs.loss)


await model.fit(xs, ys, epochs=200, callbacks={"on_epoch_end": epoch_done})
chart.draw()
prediction = model.predict(tf.tensor2d([[5]])).tolist()[0][0]
print(f"After {len(losses)} epochs the loss is {losses[-1]:.5f}; at x = 5 it predicts "
      f"{prediction:.3f} (the line gives 9).")
demo.publish(loss=losses[-1], prediction=prediction, epochs=len(losses))
