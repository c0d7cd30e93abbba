"""The camera demos' stages in words, for screen readers: what the model sees, said at a pace one
can listen to, never once per frame.

    from lab import a11y
    a11y.install()          # lab.app.main does this once

Each stage (`#<demo>-stage`) becomes an image whose name is a sentence in `#<demo>-stage-text`
(a polite live region, visually hidden): "Camera: tabby cat, 38%." or "Photo: 1 person, 14
keypoints above the threshold." The sentence is read from the demo's published result once a
second, and changes at most every PACE_S seconds, only when what it says changed.
"""

import time

from lab.demos import CAMERA
from lab.segment.options import has_person, person_share

PACE_S = 2.0  # long enough for a screen reader to finish the sentence before the next
_said: dict = {}  # demo -> (sentence, when it was said)
_proxies = []


def _source(result: dict) -> str:
    return {"camera": "Camera", "image": "Photo"}.get(result.get("source"), "")


def describe(name: str, result: dict) -> str:
    """One sentence about what `name`'s stage shows now, from its published result."""
    source = _source(result)
    if not source:
        return "Nothing on the stage yet: start the camera or pick a photo."
    if name == "classify":
        top = result.get("top") or []
        if not top:
            return f"{source}: not classified yet."
        return f"{source}: {top[0]['label']}, {top[0]['confidence']:.0%}."
    if name == "pose":
        threshold = result.get("threshold") or 0
        poses = [[k for k in pose.get("keypoints", []) if k.get("score", 0) >= threshold]
                 for pose in result.get("poses") or []]
        poses = [points for points in poses if points]
        if not poses:
            return f"{source}: no person found."
        people = "1 person" if len(poses) == 1 else f"{len(poses)} people"
        points = sum(len(points) for points in poses)
        keypoints = "1 keypoint" if points == 1 else f"{points} keypoints"
        return f"{source}: {people}, {keypoints} above the threshold."
    if name == "face":
        faces = result.get("faces") or []
        if not faces:
            return f"{source}: no face found."
        points = len(faces[0].get("keypoints") or [])
        return f"{source}: {'1 face' if len(faces) == 1 else f'{len(faces)} faces'}, {points} points each."
    if name == "hands":
        hands = result.get("hands") or []
        if not hands:
            return f"{source}: no hand found."
        sides = [hand.get("handedness", "Unknown").lower() for hand in hands]
        if len(hands) == 1:
            return f"{source}: 1 hand, the {sides[0]} one."
        return f"{source}: {len(hands)} hands, {' and '.join(sides)}."
    if name == "segment":
        fraction = result.get("person_fraction")
        if fraction is None:
            return f"{source}: not segmented yet."
        if not has_person(result.get("grid") or [], fraction):
            return f"{source}: no person found."
        return f"{source}: a person, {person_share(fraction)} of the picture."
    if name == "teach":
        prediction = result.get("prediction")
        if not prediction:
            return f"{source}: no prediction yet (two classes need samples)."
        return f"{source}: looks like {prediction['label']}, {prediction['confidence']:.0%}."
    return ""


def _tick():
    import js  # here, not above: describe() is tested without a browser (tests/unit)

    from lab.core import demo as demos
    shown = js.document.documentElement.dataset.demo
    if shown not in CAMERA or js.document.hidden:
        return
    run = demos.running(shown)
    sentence = describe(shown, run.result if run is not None else {})
    last, when = _said.get(shown, ("", 0.0))
    now = time.monotonic()
    if sentence != last and now - when >= PACE_S:
        _said[shown] = (sentence, now)
        js.document.getElementById(f"{shown}-stage-text").textContent = sentence


def install():
    """A live region after each camera stage, naming it; a timer that keeps them current."""
    import js
    from pyodide.ffi import create_proxy
    for name in CAMERA:
        stage = js.document.getElementById(f"{name}-stage")
        text = js.document.createElement("p")
        text.id = f"{name}-stage-text"
        text.className = "visually-hidden"
        text.setAttribute("aria-live", "polite")
        text.textContent = describe(name, {})
        stage.after(text)
        stage.setAttribute("role", "img")
        stage.setAttribute("aria-labelledby", text.id)
    tick = create_proxy(_tick)  # lives as long as the page
    _proxies.append(tick)
    js.setInterval(tick, 1000)
