"""Teach it two things: hold a button while the camera shows each, then it tells them apart (kNN)."""
from lab.sketch.kit import KNN, Demo, button, camera_stage, image_features

demo = Demo("sketch")
stage = camera_stage(demo)
features = await image_features(demo)         # 1,280 numbers a picture, from EfficientNet-Lite0
knn = KNN("cosine")                            # the nearest recorded samples vote
knn.fit([], [], classes=2)
demo.on_stop(knn.dispose)
names, counts, held, said = ["A", "B"], [0, 0], {"label": None}, {"text": "Record both classes"}
for label, name in enumerate(names):           # held down: each frame is a sample of `name`
    selector = button(demo, f"Hold to record {name}")
    demo.on(selector, "pointerdown", lambda event, label=label: held.update(label=label))
    for release in ("pointerup", "pointerleave"):
        demo.on(selector, release, lambda event: held.update(label=None))

def caption(p):
    p.fill(255)
    p.textSize(32)
    p.text(said["text"], 16, 44)

async def learn_and_guess():
    async for frame in stage.frames(again=lambda: (held["label"], counts[0], counts[1])):
        vector = await features.of(frame)
        frame.done()
        if held["label"] is not None:
            knn.add(vector, held["label"])
            counts[held["label"]] += 1
        if all(counts):
            shares = knn.predict(vector, k=3)
            best = shares.index(max(shares))
            said["text"] = f"{names[best]} ({shares[best]:.0%})"
        stage.redraw()
        demo.publish(source=frame.source, samples=counts, said=said["text"])

stage.on_draw(caption)
demo.task(learn_and_guess())
