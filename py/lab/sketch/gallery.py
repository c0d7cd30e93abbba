"""The examples a sketch can start from: the one list of them, in the order the tab shows.

    from lab.sketch.gallery import EXAMPLES, by_name

    example = by_name("pose_paddle")
    example.title, example.description   # "Pose paddle", its docstring's first line
    example.code                         # py/lab/sketch/starters/pose_paddle.py, as it is
    example.needs                        # "camera", "hand", "photo" or "" (what a test gives it)

Each example is a file in starters/, a sketch like any other (at most 40 lines, offline),
whose docstring's first line says what it does. A new one is a file there, a line
below, and a line in pyscript.toml.
"""

from dataclasses import dataclass
from pathlib import Path

STARTERS = Path(__file__).parent / "starters"


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    needs: str = ""     # "camera": the webcam (or a photo); "hand": a hand in the picture (the
                        # webcam, or the Hands photo); "photo": a photo it shows itself

    @property
    def code(self) -> str:
        return (STARTERS / f"{self.name}.py").read_text()

    @property
    def description(self) -> str:
        first = self.code.split('"""', 2)[1] if self.code.startswith('"""') else ""
        return first.strip().splitlines()[0] if first.strip() else ""


EXAMPLES = (
    Example("playground", "Core API playground"),
    Example("csv_network", "Train on a CSV"),
    Example("photo_classifier", "Classify a photo", needs="photo"),
    Example("pose_paddle", "Pose paddle game", needs="camera"),
    Example("squat_counter", "Squat counter", needs="camera"),
    Example("teachable", "Teachable sketch", needs="camera"),
    Example("mouse_regression", "Webcam to mouse x", needs="camera"),
    Example("line_fit", "Fit a line"),
    Example("nose_trail", "Nose trail", needs="camera"),
    Example("webcam_labels", "Webcam labels", needs="camera"),
    Example("xor_network", "XOR network"),
    Example("pose_skeleton", "Draw a skeleton", needs="camera"),
    Example("jumping_jacks", "Jumping jacks", needs="camera"),
    Example("finger_painting", "Finger painting", needs="hand"),
    Example("face_filter", "Face filter", needs="camera"),
    Example("background_swap", "Background swap", needs="camera"),
)


def by_name(name: str) -> Example:
    return next(example for example in EXAMPLES if example.name == name)
