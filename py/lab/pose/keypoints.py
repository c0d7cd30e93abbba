"""Poses as plain Python: what the models give, in the frame's pixels. No browser needed.

    from lab.pose.keypoints import plain_pose, normalised

    plain_pose(found, scale_x=1.0, scale_y=1.0)
    # {"score": 0.61, "keypoints": [{"name": "nose", "x": 222.4, "y": 121.0, "score": 0.99}, ...]}
    normalised(pose)          # [x0, y0, x1, y1, ...] centred and scaled: the teach demo's features
"""


def plain_pose(pose: dict, scale_x: float = 1.0, scale_y: float = 1.0) -> dict:
    """A model's pose (pose-detection's, as a dict) in the frame's own pixels, rounded.

    Keypoints without a name are named by their index; a pose without a score gets its
    keypoints' mean score (not every model scores the whole pose).
    """
    keypoints = [{"name": point.get("name", str(index)),
                  "x": round(point["x"] * scale_x, 1),
                  "y": round(point["y"] * scale_y, 1),
                  "score": round(point.get("score", 0.0), 3)}
                 for index, point in enumerate(pose["keypoints"])]
    score = pose.get("score")
    if score is None:
        score = sum(p["score"] for p in keypoints) / len(keypoints) if keypoints else 0.0
    return {"score": round(score, 3), "keypoints": keypoints}


def normalised(pose: dict, min_score: float = 0.2) -> list[float]:
    """The pose's keypoints as [x0, y0, x1, y1, ...], the same wherever the person stands
    and however big they are in the frame: centred on the box around the keypoints the
    model is sure of (at least `min_score`; all of them when fewer than two are), divided
    by that box's longer side, so each value is within -0.5..0.5."""
    points = pose["keypoints"]
    sure = [p for p in points if p.get("score", 0.0) >= min_score]
    box = sure if len(sure) >= 2 else points
    if not box:
        return []
    xs, ys = [p["x"] for p in box], [p["y"] for p in box]
    centre_x, centre_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    side = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    features = []
    for point in points:
        x = (point["x"] - centre_x) / side
        y = (point["y"] - centre_y) / side
        features += [round(min(max(x, -1.0), 1.0), 4), round(min(max(y, -1.0), 1.0), 4)]
    return features
