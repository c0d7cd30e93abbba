"""Counts jumping jacks: both wrists above your head, then both below your shoulders, is one."""
from lab.sketch.kit import Demo, camera_stage, point, pose_model

demo = Demo("sketch")
stage = camera_stage(demo)
model = await pose_model(demo, "movenet")
state = {"jacks": 0, "up": False, "arms": "—"}

def show(p):
    p.fill(255)
    p.stroke(0)
    p.strokeWeight(4)
    p.textSize(32)
    p.text(f"jumping jacks: {state['jacks']}   arms {state['arms']}", 16, 44)

def arms(pose):                                # "up", "down", or None when not seen
    nose, wrists = point(pose, "nose"), [point(pose, f"{s}_wrist") for s in ("left", "right")]
    shoulders = [point(pose, f"{s}_shoulder") for s in ("left", "right")]
    if not (nose and all(wrists) and all(shoulders)):
        return None
    if all(w["y"] < nose["y"] for w in wrists):
        return "up"
    return "down" if all(w["y"] > s["y"] for w, s in zip(wrists, shoulders)) else None

async def count():
    async for frame in stage.frames():
        seen = [arms(pose) for pose in await model.estimate(frame)]
        frame.done()
        now = next((a for a in seen if a), None)
        if now == "up":
            state["up"] = True
        elif now == "down" and state["up"]:
            state.update(up=False, jacks=state["jacks"] + 1)
        state["arms"] = now or "—"
        stage.redraw()
        demo.publish(source=frame.source, arms=now, jacks=state["jacks"])

stage.on_draw(show)
demo.task(count())
