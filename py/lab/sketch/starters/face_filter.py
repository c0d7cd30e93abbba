"""A face filter: round glasses over your eyes and a red clown's nose, placed by the face mesh."""
import math

from lab.sketch.kit import Demo, camera_stage, face_model, face_point

demo = Demo("sketch")
stage = camera_stage(demo)                     # the webcam, or a photo picked under it
faces = await face_model(demo, max_faces=2)    # MediaPipe FaceMesh: 468 points a face
seen = []


def on_canvas(face, name):                     # a named point, where the stage draws it
    found = face_point(face, name)
    return stage.to_canvas(found["x"], found["y"])


def dress(p):
    for face in seen:
        left, right = on_canvas(face, "left_eye"), on_canvas(face, "right_eye")
        size = math.dist(left, right) * 0.8    # the lenses grow with the face
        p.noFill()
        p.stroke(30, 30, 30)
        p.strokeWeight(max(2, size / 10))
        p.circle(*left, size)
        p.circle(*right, size)
        p.line(*[a + (b - a) * t for t in (0.4, 0.6) for a, b in zip(left, right)])   # bridge
        p.noStroke()
        p.fill(230, 30, 40)
        p.circle(*on_canvas(face, "nose_tip"), size * 0.5)


async def find_faces():
    async for frame in stage.frames():
        seen[:] = await faces.estimate(frame)
        frame.done()
        stage.redraw()
        demo.publish(source=frame.source, faces=len(seen))

stage.on_draw(dress)
demo.task(find_faces())
