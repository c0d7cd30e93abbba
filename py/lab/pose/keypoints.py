"""Poses as plain Python: what the models give, in the frame's pixels. No browser needed.

    from lab.pose.keypoints import plain_pose

    plain_pose(found, scale_x=1.0, scale_y=1.0)
    # {"score": 0.61, "keypoints": [{"name": "nose", "x": 222.4, "y": 121.0, "score": 0.99}, ...]}
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
