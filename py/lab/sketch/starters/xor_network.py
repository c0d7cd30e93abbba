"""A hidden layer learns XOR, the classic problem no single straight line can solve."""
from lab.sketch.kit import Demo, tf

demo = Demo("sketch")
xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]])
ys = tf.tensor2d([[0], [1], [1], [0]])        # 1 when exactly one input is 1

model = tf.sequential()
model.add(tf.layers.dense(units=8, activation="tanh", input_shape=[2]))
model.add(tf.layers.dense(units=1, activation="sigmoid"))
model.compile(loss="binaryCrossentropy", optimizer=tf.train.adam(0.1))
demo.on_stop(model.dispose)

history = await model.fit(xs, ys, epochs=150)
answers = [round(row[0], 2) for row in model.predict(xs).tolist()]
for inputs, answer in zip(xs.tolist(), answers):
    print(f"{inputs} -> {answer}")
demo.show("predictions for [0 0], [0 1], [1 0], [1 1]", answers)
demo.publish(predictions=answers, solved=[round(a) for a in answers] == [0, 1, 1, 0])
# Try: one layer only (remove the hidden one): it cannot get all four right.
