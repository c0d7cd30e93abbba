"""The ImageNet classifier names what the webcam sees, live, its top three drawn as bars."""
from lab.sketch.kit import Demo, camera_stage, image_classifier, short_label

demo = Demo("sketch")
stage = camera_stage(demo)                     # the webcam, or a photo picked under it
classifier = await image_classifier(demo)
top = []


def bars(p):
    p.noStroke()
    for row, guess in enumerate(top):
        p.fill(0, 0, 0, 150)
        p.rect(10, 10 + row * 34, 300, 28)
        p.fill(80, 200, 120)
        p.rect(10, 10 + row * 34, 300 * guess["confidence"], 28)
        p.fill(255)
        p.textSize(18)
        p.text(short_label(guess["label"]), 18, 30 + row * 34)


async def classify_frames():
    async for frame in stage.frames():
        top[:] = await classifier.classify(frame, top_k=3)
        frame.done()
        stage.redraw()
        demo.publish(source=frame.source, top=top, fps=round(stage.meter.fps, 1))

stage.on_draw(bars)
demo.task(classify_frames())
