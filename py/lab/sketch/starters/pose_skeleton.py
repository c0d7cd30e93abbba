"""BlazePose's 33 keypoints (hands and feet too) and its skeleton, in colours of your own."""
from lab.sketch.kit import Demo, camera_stage, pose_model

demo = Demo("sketch")
stage = camera_stage(demo)
model = await pose_model(demo, "blazepose")
poses = []


def draw(p):
    for pose in poses:
        points = [stage.to_canvas(k["x"], k["y"]) if k["score"] > 0.3 else None
                  for k in pose["keypoints"]]
        p.strokeWeight(4)
        for a, b in model.skeleton:            # pairs of keypoint indices
            if points[a] and points[b]:
                p.stroke(60 + 6 * a, 180, 255 - 6 * a)
                p.line(*points[a], *points[b])
        p.noStroke()
        p.fill(255, 220, 0)
        for found in filter(None, points):
            p.circle(*found, 9)


async def estimate():
    async for frame in stage.frames():
        poses[:] = await model.estimate(frame)
        frame.done()
        stage.redraw()
        demo.publish(source=frame.source, poses=len(poses),
                     keypoints=len(poses[0]["keypoints"]) if poses else 0)

stage.on_draw(draw)
demo.task(estimate())
