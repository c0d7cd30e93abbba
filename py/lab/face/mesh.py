"""Faces as plain Python: what face-landmarks-detection gives, in the frame's pixels. No browser needed.

    from lab.face.mesh import plain_faces

    plain_faces(found, scale_x=1.0, scale_y=1.0)
    # [{"box": {"xMin": 231.0, "yMin": 60.2, "width": 99.1, "height": 118.4},
    #   "keypoints": [{"x": 288.6, "y": 123.1, "z": -20.4}, ...]}]   # 468, or 478 with irises

The keypoints keep MediaPipe's mesh order; z is the package's (pixels of the model's crop,
towards the camera negative). A face with a value that is not a finite number is left out.
"""

from lab.vision.numbers import all_finite, finite, tenth


def plain_face(face: dict, scale_x: float = 1.0, scale_y: float = 1.0) -> dict | None:
    """One face in the contract's form, or None when it is not a finite mesh."""
    points, box = face.get("keypoints") or [], face.get("box") or {}
    if len(points) not in (468, 478) \
            or not finite(box.get("xMin"), box.get("yMin"), box.get("width"), box.get("height")):
        return None
    xs, ys = [p.get("x") for p in points], [p.get("y") for p in points]
    zs = [p.get("z", 0.0) for p in points]
    if not (all_finite(xs) and all_finite(ys)):
        return None
    if not all_finite(zs):  # a z that is not a number is 0
        zs = [z if finite(z) else 0.0 for z in zs]
    keypoints = [{"x": tenth(x * scale_x), "y": tenth(y * scale_y), "z": tenth(z)}
                 for x, y, z in zip(xs, ys, zs, strict=True)]
    return {"box": {"xMin": round(box["xMin"] * scale_x, 1), "yMin": round(box["yMin"] * scale_y, 1),
                    "width": round(box["width"] * scale_x, 1),
                    "height": round(box["height"] * scale_y, 1)},
            "keypoints": keypoints}


def plain_faces(found: list, scale_x: float = 1.0, scale_y: float = 1.0) -> list[dict]:
    """Every whole face of `found` (face-landmarks-detection's faces, as dicts), left to right."""
    faces = [plain_face(face, scale_x, scale_y) for face in found]
    return sorted((face for face in faces if face), key=lambda face: face["box"]["xMin"])
