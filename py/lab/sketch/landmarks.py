"""Named points of a face mesh, for sketches: MediaPipe's 468 points are only numbered. No browser.

    from lab.sketch.landmarks import FACE_POINTS, face_point

    face = faces[0]                       # a face from FaceModel.estimate (lab.face.mesh)
    nose = face_point(face, "nose_tip")   # {"x": 301.2, "y": 170.4, "z": -30.1}: frame pixels
    eye = face_point(face, "left_eye")    # the middle of the eye: its two corners' mean
    sorted(FACE_POINTS)                   # the names there are

"left" and "right" are the person's own, as MediaPipe names them (lab.face.contours:
"leftEye" is the eye on the picture's right when it is not mirrored). Each name is one mesh
point, or the mean of a few (an eye's middle, the mouth's).
"""

# name -> the mesh points (MediaPipe's numbering) whose mean it is
FACE_POINTS = {
    "nose_tip": (1,),
    "forehead": (10,),                    # the top of the face's outline
    "chin": (152,),                       # the bottom of the face's outline
    "left_eye": (263, 362),               # the eye's outer and inner corners
    "right_eye": (33, 133),
    "left_eye_outer": (263,),
    "left_eye_inner": (362,),
    "right_eye_outer": (33,),
    "right_eye_inner": (133,),
    "left_eyebrow": (276, 283, 282, 295, 285),
    "right_eyebrow": (46, 53, 52, 65, 55),
    "mouth_left": (291,),                 # the mouth's corners
    "mouth_right": (61,),
    "upper_lip": (13,),                   # the lips' inner edges, in the middle
    "lower_lip": (14,),
    "mouth": (13, 14),
    "left_cheek": (454,),                 # the face's outline, level with the eyes
    "right_cheek": (234,),
}


def face_point(face: dict, name: str) -> dict:
    """The point `name` of `face` ("nose_tip", "left_eye"...: FACE_POINTS), as {"x", "y", "z"}
    in the frame's pixels, like the face's keypoints; KeyError naming the names there are."""
    if name not in FACE_POINTS:
        raise KeyError(f'No face point "{name}": use one of {", ".join(sorted(FACE_POINTS))}.')
    points = [face["keypoints"][index] for index in FACE_POINTS[name]]
    return {axis: round(sum(p.get(axis, 0.0) for p in points) / len(points), 1)
            for axis in ("x", "y", "z")}
