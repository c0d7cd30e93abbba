"""Paint in the air: your index fingertip leaves a trail of colour (MediaPipe Hands)."""
from lab.sketch.kit import Demo, button, camera_stage, hand_model, point

demo = Demo("sketch")
stage = camera_stage(demo)                     # the webcam; no camera? pick "Hands" under it
hands = await hand_model(demo)                 # 21 keypoints a hand, up to two hands
COLOURS = {"Left": (255, 190, 0), "Right": (0, 225, 255)}
trails = {side: [] for side in COLOURS}        # canvas points; None where a stroke ends
demo.on(button(demo, "Clear"), "click", lambda event: [t.clear() for t in trails.values()])


def paint(p):
    p.strokeWeight(10)
    for side, trail in trails.items():
        p.stroke(*COLOURS[side])
        for a, b in zip(trail, trail[1:]):
            if a and b:
                p.line(*a, *b)
        if trail and trail[-1]:                # the fingertip now: a dot
            p.circle(*trail[-1], 6)


async def follow():
    async for frame in stage.frames():
        found = await hands.estimate(frame)
        frame.done()
        for side, trail in trails.items():
            hand = next((h for h in found if h["handedness"] == side), None)
            tip = hand and point(hand, "index_finger_tip", min_score=0.5)
            trail.append(stage.to_canvas(tip["x"], tip["y"]) if tip else None)
            del trail[:-300]                   # the last 300 frames' strokes
        stage.redraw()
        demo.publish(source=frame.source, hands=len(found),
                     painted=sum(1 for t in trails.values() for xy in t if xy))

stage.on_draw(paint)
demo.task(follow())
