"""Your nose leaves a fading trail of dots over the video: MoveNet finds it, p5 draws it."""
from lab.sketch.kit import Demo, camera_stage, point, pose_model

demo = Demo("sketch")
stage = camera_stage(demo)
model = await pose_model(demo, "movenet")
trail = []                                     # canvas points, oldest first


def draw(p):
    p.noStroke()
    for age, (x, y) in enumerate(trail):
        p.fill(255, 60, 160, 40 + 215 * age / len(trail))
        p.circle(x, y, 8 + 24 * age / len(trail))


async def follow():
    async for frame in stage.frames():
        for pose in await model.estimate(frame):
            if nose := point(pose, "nose", min_score=0.3):
                trail.append(stage.to_canvas(nose["x"], nose["y"]))
        frame.done()
        del trail[:-40]                        # the last 40
        stage.redraw()
        demo.publish(source=frame.source, trail=len(trail), frame=stage.meter.frames)

stage.on_draw(draw)
demo.task(follow())
