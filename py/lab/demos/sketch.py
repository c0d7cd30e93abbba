from lab.sketch.kit import Demo, camera_stage, pose_model  # a new sketch: press Run

demo = Demo("sketch")                      # owns what the sketch starts: Stop ends it all
stage = camera_stage(demo)                 # the webcam, or a photo picked under it
model = await pose_model(demo, "movenet")  # 17 keypoints of a person, in the frame's pixels
nose = {}
stage.on_draw(lambda p: nose and p.circle(*stage.to_canvas(nose["x"], nose["y"]), 40))
async def follow_the_nose():
    async for frame in stage.frames():
        for pose in await model.estimate(frame):
            nose.update(pose["keypoints"][0])
        frame.done()
        stage.redraw()
        demo.publish(source=frame.source, nose=nose)
demo.task(follow_the_nose())
