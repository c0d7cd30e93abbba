"""Drop a photo on this tab (or pick one under the stage): the ImageNet classifier names it."""
from lab.sketch.kit import Demo, camera_stage, image_classifier, short_label

demo = Demo("sketch")
stage = camera_stage(demo, camera=False)       # photos only: dropped, picked, or a sample
classifier = await image_classifier(demo)      # EfficientNet-Lite0: 1,000 ImageNet classes
said = {"text": ""}


def caption(p):                                # p5, over the photo
    p.fill(255)
    p.stroke(0)
    p.strokeWeight(4)
    p.textSize(28)
    p.text(said["text"], 16, 40)


async def name_each_photo():
    async for frame in stage.frames():         # each new photo, once
        top = await classifier.classify(frame, top_k=3)
        frame.done()
        said["text"] = f"{short_label(top[0]['label'])} ({top[0]['confidence']:.0%})"
        stage.redraw()
        for guess in top:
            print(f"{guess['confidence']:6.1%}  {guess['label']}")
        demo.publish(source=frame.source, top=top)

stage.on_draw(caption)
demo.task(name_each_photo())
await stage.use_sample("chelsea")              # a cat to begin with
