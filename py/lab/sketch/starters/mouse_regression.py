"""Move the mouse over the stage as the camera runs: a network learns its x from the picture."""
from lab.sketch.kit import Demo, camera_stage, image_features, tf, tidy

demo = Demo("sketch")
stage = camera_stage(demo)
features = await image_features(demo)         # 1,280 numbers a picture
model = tf.sequential({"layers": [tf.layers.dense(units=1, input_shape=[1280])]})
model.compile(loss="meanSquaredError", optimizer=tf.train.adam(0.01))
demo.on_stop(model.dispose)
mouse, guess, samples, answers, busy = {}, {"x": 0.5}, [], [], {"fit": False}
demo.on("#sketch-stage", "pointermove",       # 0 at the left edge, 1 at the right
        lambda event: mouse.update(x=event.offsetX / stage.container.clientWidth))

def line_at_guess(p):
    p.stroke(255, 80, 80)
    p.strokeWeight(6)
    p.line(guess["x"] * stage.width, 0, guess["x"] * stage.width, stage.height)

def train():                                   # a few epochs on the last 200 samples
    xs, ys = tf.tensor2d(samples[-200:]), tf.tensor2d(answers[-200:])
    busy["fit"] = True
    model.fit(xs, ys, epochs=5).when_settled(
        lambda error: [xs.dispose(), ys.dispose(), busy.update(fit=False)])

async def learn():
    async for frame in stage.frames():
        vector = await features.of(frame)
        frame.done()
        if "x" in mouse:             # the mouse moved since the last frame
            samples.append(vector)
            answers.append([mouse.pop("x")])
            if not busy["fit"]:
                train()
        with tidy():
            guess["x"] = model.predict(tf.tensor2d([vector])).tolist()[0][0]
        stage.redraw()
        demo.publish(source=frame.source, samples=len(samples), predicted_x=guess["x"])

stage.on_draw(line_at_guess)
demo.task(learn())
