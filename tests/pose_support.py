"""What the pose tests share: where the astronaut's keypoints are, on the photo and on the fake
camera's frame, and how to find red dots on the stage (tests/test_pose*.py).

    from pose_support import ON_PHOTO, on_camera, count_red, pick_model
"""

import io

from PIL import Image

MODELS = ("posenet", "movenet", "blazepose")
STAGE_WIDTH, STAGE_HEIGHT = 640, 480  # Stage(..., width=640, height=480) in py/demos/pose.py


ON_PHOTO = {"nose": (222, 121), "left_eye": (246, 101), "right_eye": (204, 99),
            "left_shoulder": (319, 275), "right_shoulder": (107, 258)}


NEAR = {"nose": 20, "left_eye": 20, "right_eye": 20}  # pixels


# Under the bulky suit the models disagree on where exactly a shoulder is (BlazePose puts them
# on the neck ring's edge, 50 px from PoseNet's): a box on the right side of the upper torso.
SHOULDER_BOXES = {"left_shoulder": (265, 180, 360, 320), "right_shoulder": (60, 180, 165, 320)}
FACE = (175, 55, 275, 185)  # x0, y0, x1, y1 on the photo: the astronaut's face


def on_camera(x, y):
    """Photo pixels -> the camera frame's: the photo is scaled by 480/512, 80 px from the left."""
    return 80 + x * 480 / 512, y * 480 / 512


# Pure red pixels (r, g, b) within `radius` of (x, y) in canvas drawing coordinates.
# Pure red, not the orange of the space suit: r high, g and b low.
COUNT_RED = """([x, y, radius, stageWidth]) => {
    const canvas = document.querySelector('#pose-stage canvas');
    const density = canvas.width / stageWidth;
    const x0 = Math.max(0, Math.round((x - radius) * density));
    const y0 = Math.max(0, Math.round((y - radius) * density));
    const size = Math.max(1, Math.round(2 * radius * density));
    const data = canvas.getContext('2d').getImageData(x0, y0, size, size).data;
    let red = 0;
    for (let i = 0; i < data.length; i += 4)
        if (data[i] >= 200 && data[i + 1] <= 60 && data[i + 2] <= 60) red++;
    return red;
}"""


# Every text the status line shows from now on, in window.statusSeen.
RECORD_STATUS = """() => {
    const status = document.getElementById('pose-status');
    window.statusSeen = [];
    new MutationObserver(() => window.statusSeen.push(status.textContent))
        .observe(status, {childList: true, characterData: true, subtree: true});
}"""


def count_red(app, x, y, radius=3):
    return app.page.evaluate(COUNT_RED, [x, y, radius, STAGE_WIDTH])


def red_in_whole_canvas(app):
    return count_red(app, STAGE_WIDTH / 2, STAGE_HEIGHT / 2, STAGE_WIDTH / 2)


def letterbox(frame_width, frame_height):
    """How the stage draws a frame: scaled to fit the canvas, aspect kept, centred."""
    scale = min(STAGE_WIDTH / frame_width, STAGE_HEIGHT / frame_height)
    return (scale, (STAGE_WIDTH - frame_width * scale) / 2, (STAGE_HEIGHT - frame_height * scale) / 2)


def to_canvas(result, x, y):
    """Where the stage draws frame pixel (x, y): letterboxed, and flipped when mirrored."""
    scale, dx, dy = letterbox(result["width"], result["height"])
    x = dx + x * scale
    return (STAGE_WIDTH - x if result.get("mirrored") else x), dy + y * scale


def keypoints(result) -> dict:
    [pose] = result["poses"]
    return {point["name"]: point for point in pose["keypoints"]}


def pick_model(app, name: str, after_frames: int = 3) -> dict:
    """Choose a model in the picker; wait until it has done a few frames."""
    app.page.select_option("#pose-model", name)
    result = app.wait_result("pose", f"r.model === '{name}' && r.frame >= 1", timeout=90_000)
    # MoveNet and BlazePose track from frame to frame: let them settle on the still picture
    return app.wait_result("pose", f"r.model === '{name}' && r.frame >= {result['frame'] + after_frames}",
                           timeout=90_000)


def assert_found_where_they_are(points: dict, to_frame, threshold: float):
    """Nose, eyes and shoulders where they are on the astronaut; `to_frame` maps photo -> frame pixels."""
    for name in ("nose", "left_eye", "right_eye", "left_shoulder", "right_shoulder"):
        assert points[name]["score"] > threshold, f"{name} not found: {points[name]}"
    for name, radius in NEAR.items():
        point, (x, y) = points[name], to_frame(*ON_PHOTO[name])
        distance = ((point["x"] - x) ** 2 + (point["y"] - y) ** 2) ** 0.5
        assert distance <= radius, f"{name} at {point}, expected near ({x:.0f}, {y:.0f})"
    for name, (x0, y0, x1, y1) in list(SHOULDER_BOXES.items()) + [("nose", FACE)]:
        (left, top), (right, bottom) = to_frame(x0, y0), to_frame(x1, y1)
        point = points[name]
        assert left <= point["x"] <= right and top <= point["y"] <= bottom, \
            f"{name} at {point}, expected inside ({left:.0f}, {top:.0f})-({right:.0f}, {bottom:.0f})"
    nose = points["nose"]
    assert points["left_eye"]["y"] < nose["y"] and points["right_eye"]["y"] < nose["y"], "eyes above the nose"
    # left and right are the person's: their left eye and shoulder are on the right of the picture
    assert points["right_eye"]["x"] < nose["x"] < points["left_eye"]["x"]
    assert points["right_shoulder"]["x"] < nose["x"] < points["left_shoulder"]["x"]


def red_on_screen(app, result, x, y, radius=4) -> int:
    """Red pixels around frame pixel (x, y) as the page shows the canvas, at its displayed size."""
    canvas = app.page.locator("#pose-stage canvas")
    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    cx, cy = to_canvas(result, x, y)
    sx, sy = cx * shot.width / STAGE_WIDTH, cy * shot.height / STAGE_HEIGHT
    red = 0
    for px in range(int(sx) - radius, int(sx) + radius + 1):
        for py in range(int(sy) - radius, int(sy) + radius + 1):
            if 0 <= px < shot.width and 0 <= py < shot.height:
                r, g, b = shot.getpixel((px, py))
                red += r >= 200 and g <= 60 and b <= 60
    return red


def set_threshold(app, value):
    app.page.eval_on_selector(
        "#pose-threshold", "(el, value) => { el.value = value; el.dispatchEvent(new Event('input')); }",
        str(value))


# Every text the pose demo's message line shows from the page's start, in window.messagesSeen.
RECORD_MESSAGES = """
    window.messagesSeen = [];
    document.addEventListener("DOMContentLoaded", () => {
        const box = document.getElementById("pose-message");
        new MutationObserver(() => window.messagesSeen.push(box.textContent))
            .observe(box, {childList: true, characterData: true, subtree: true});
    });
"""


def person_at(tmp_path, name: str, left: int, top: int, side: int = 450):
    """A 900x600 grey photo with the astronaut sample, scaled to side x side, at (left, top)."""
    canvas = Image.new("RGB", (900, 600), (128, 128, 128))
    person = Image.open("assets/samples/astronaut.jpg").convert("RGB").resize((side, side))
    canvas.paste(person, (left, top))
    path = tmp_path / f"{name}.png"
    canvas.save(path)
    return str(path), lambda x, y: (left + x * side / 512, top + y * side / 512)
