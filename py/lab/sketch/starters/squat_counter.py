"""Counts your squats: the knee's angle over time, a squat is down below 100° then up past 160°."""
import math

from lab.sketch.kit import Demo, camera_stage, point, pose_model

demo = Demo("sketch")
stage = camera_stage(demo)
model = await pose_model(demo, "movenet")
count = {"squats": 0, "down": False, "angles": []}

def angle(a, b, c):                            # at b, in degrees, between b->a and b->c
    turn = math.atan2(c["y"] - b["y"], c["x"] - b["x"]) - math.atan2(a["y"] - b["y"], a["x"] - b["x"])
    return abs(math.degrees((turn + math.pi) % (2 * math.pi) - math.pi))

def chart(p):                                  # the last 200 angles, 0° at the bottom
    p.stroke(0, 255, 160)
    p.strokeWeight(3)
    for i in range(1, len(count["angles"])):
        p.line((i - 1) * 3, 470 - count["angles"][i - 1], i * 3, 470 - count["angles"][i])
    p.textSize(32)
    p.text(f"squats: {count['squats']}", 16, 44)

async def watch():
    async for frame in stage.frames():
        joints = [[point(pose, f"{side}_{j}") for j in ("hip", "knee", "ankle")]
                  for pose in await model.estimate(frame) for side in ("left", "right")]
        frame.done()
        knee = next((angle(*j) for j in joints if all(j)), None)
        if knee is not None:
            count["angles"] = (count["angles"] + [knee])[-200:]
            if knee < 100:
                count["down"] = True
            elif knee > 160 and count["down"]:
                count.update(down=False, squats=count["squats"] + 1)
        stage.redraw()
        demo.publish(source=frame.source, knee=knee, squats=count["squats"])

stage.on_draw(chart)
demo.task(watch())
