"""Background swap: you, cut out by selfie segmentation, standing in front of the rocket photo."""
from lab.sketch.kit import Backdrop, Demo, camera_stage, load_photo, segment_model

demo = Demo("sketch")
stage = camera_stage(demo)                     # the webcam, or a photo picked under it
segmenter = await segment_model(demo)          # MediaPipe selfie segmentation
backdrop = Backdrop(stage)                     # the person over a new background, on the stage
rocket = await load_photo("rocket")            # a sample, or a photo's path on this server


async def swap():
    async for frame in stage.frames():
        found = await segmenter.estimate(frame, threshold=0.6, mask=True)
        frame.done()
        if found["person_fraction"] > 0.01:
            backdrop.show(found["mask"], frame, "photo", photo=rocket)
            # or: backdrop.show(found["mask"], frame, "colour", colour="#00b140"); or "blur"
        else:
            backdrop.hide()                    # no one there: the picture as it is
        demo.publish(source=frame.source, person=found["person_fraction"])

demo.task(swap())
