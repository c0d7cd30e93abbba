"""A recording of keypoints, frame after frame, as CSV and JSON: poses, hands or faces alike.
Plain Python: no browser needed.

    from lab.media.recording import HandRecording, FaceRecording

    recording = HandRecording()                      # starts the clock
    recording.add(frame=12, model="lite", items=hands, width=640, height=480)
    recording.frames, recording.seconds, recording.rows, recording.full
    recording.to_csv()        # one row per keypoint (COLUMNS), header first
    recording.to_json()       # {"limit_rows", "frames": [{"time", "frame", "model", "width",
                              #   "height", "hands": [...]}]}: the frames as they were published

A kind of recording is a subclass that says what a frame holds (KEY: "poses", "hands",
"faces"), its CSV's COLUMNS and the rows of one thing found (`item_rows`). Every keypoint is
kept, whatever a threshold shows; each row names the model that found it. Memory is bounded:
once `limit` keypoints are kept, `add` keeps nothing more and returns False (LIMIT_TEXT says so).
lab.pose.recording.PoseRecording is one of these.
"""

import csv
import io
import time

from lab.core.results import to_json

MAX_ROWS = 100_000  # keypoint rows, whatever the kind: what keeps the page's memory in check


class KeypointRecording:
    KEY = "items"                 # what each frame holds, in the JSON
    COLUMNS = ("time", "frame", "model")   # the first three, then the kind's own
    POINTS = 1                    # keypoints of one thing found, for the limit's words
    WHAT = "things"

    def __init__(self, limit: int = MAX_ROWS, clock=time.perf_counter):
        self.limit, self._clock = limit, clock
        self.started = clock()
        self.entries: list[dict] = []
        self.rows = 0
        self.full = False

    @classmethod
    def limit_text(cls, limit: int = MAX_ROWS) -> str:
        return (f"The recording reached its limit of {limit:,} keypoints (about "
                f"{limit // cls.POINTS:,} frames of one of the {cls.WHAT}), which keeps the page's "
                "memory in check, and stopped. Download it below, then record again for more.")

    @property
    def frames(self) -> int:
        return len(self.entries)

    @property
    def seconds(self) -> float:
        """From the start to the last frame kept."""
        return self.entries[-1]["time"] if self.entries else 0.0

    @staticmethod
    def count(item: dict) -> int:
        """How many keypoint rows one thing found makes."""
        return len(item["keypoints"])

    def item_rows(self, number: int, item: dict):
        """The CSV's columns after time, frame and model, one tuple per keypoint of `item`."""
        raise NotImplementedError

    def add(self, frame: int, model: str, items: list[dict], width: int, height: int) -> bool:
        """Keep one frame's findings (the plain dicts the demo publishes). False once full."""
        rows = sum(self.count(item) for item in items)
        if self.full or self.rows + rows > self.limit:
            self.full = True
            return False
        self.rows += rows
        self.entries.append({"time": round(self._clock() - self.started, 3), "frame": frame,
                             "model": model, "width": width, "height": height, self.KEY: items})
        return True

    def table(self):
        """The rows of the CSV, header first."""
        yield self.COLUMNS
        for entry in self.entries:
            head = (entry["time"], entry["frame"], entry["model"])
            for number, item in enumerate(entry[self.KEY]):
                for row in self.item_rows(number, item):
                    yield head + tuple(row)

    def to_csv(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.table())
        return out.getvalue()

    def to_json(self) -> str:
        return to_json({"limit_rows": self.limit, "frames": self.entries})


class HandRecording(KeypointRecording):
    """Hands as lab.hands.keypoints gives them: 21 named keypoints each, x, y in pixels, z."""
    KEY, POINTS, WHAT = "hands", 21, "hands"
    COLUMNS = ("time", "frame", "model", "hand", "handedness", "keypoint", "x", "y", "z", "score")

    def item_rows(self, number, hand):
        for point in hand["keypoints"]:
            yield (number, hand["handedness"], point["name"], point["x"], point["y"], point["z"],
                   point["score"])


class FaceRecording(KeypointRecording):
    """Faces as lab.face.mesh gives them: 468 (478) points in MediaPipe's mesh order, x, y, z."""
    KEY, POINTS, WHAT = "faces", 468, "faces"
    COLUMNS = ("time", "frame", "model", "face", "point", "x", "y", "z")

    def item_rows(self, number, face):
        for index, point in enumerate(face["keypoints"]):
            yield (number, index, point["x"], point["y"], point["z"])
