"""A recording of poses, frame after frame, as CSV and JSON. Plain Python: no browser needed.

    from lab.pose.recording import PoseRecording

    recording = PoseRecording()                      # starts the clock
    recording.add(frame=12, model="posenet", poses=poses, width=640, height=480)
    recording.frames, recording.seconds, recording.rows, recording.full
    recording.to_csv()        # one row per keypoint: time, frame, model, pose, keypoint, x, y, score,
                              # and BlazePose's 3D keypoint (x3d, y3d, z3d in metres, score3d)
    recording.to_json()       # the same frames, as they were published

Every keypoint is kept, whatever the threshold shown (the score column says how
sure the model was); each row names the model that found it. Memory is bounded:
once MAX_ROWS keypoints are kept, `add` keeps nothing more and returns False.
"""

import csv
import io
import time

from lab.core.results import to_json

MAX_ROWS = 100_000  # keypoint rows: about 5,900 frames of 17 keypoints, 3,000 of BlazePose's 33
COLUMNS = ("time", "frame", "model", "pose", "keypoint", "x", "y", "score",
           "x3d", "y3d", "z3d", "score3d")
LIMIT_TEXT = (f"The recording reached its limit of {MAX_ROWS:,} keypoints (about 5,900 PoseNet or "
              "MoveNet frames, 3,000 BlazePose frames), which keeps the page's memory in check, and "
              "stopped. Download it below, then record again for more.")


class PoseRecording:
    def __init__(self, limit: int = MAX_ROWS, clock=time.perf_counter):
        self.limit, self._clock = limit, clock
        self.started = clock()
        self.entries: list[dict] = []
        self.rows = 0
        self.full = False

    @property
    def frames(self) -> int:
        return len(self.entries)

    @property
    def seconds(self) -> float:
        """From the start to the last frame kept."""
        return self.entries[-1]["time"] if self.entries else 0.0

    def add(self, frame: int, model: str, poses: list[dict], width: int, height: int) -> bool:
        """Keep one frame's poses (the plain dicts lab.pose.models gives). False once full."""
        rows = sum(len(pose["keypoints"]) for pose in poses)
        if self.full or self.rows + rows > self.limit:
            self.full = True
            return False
        self.rows += rows
        self.entries.append({"time": round(self._clock() - self.started, 3), "frame": frame,
                             "model": model, "width": width, "height": height, "poses": poses})
        return True

    def table(self):
        """The rows of the CSV, header first."""
        yield COLUMNS
        for entry in self.entries:
            for number, pose in enumerate(entry["poses"]):
                in_3d = pose.get("keypoints3D") or []
                for index, point in enumerate(pose["keypoints"]):
                    deep = in_3d[index] if index < len(in_3d) else None
                    yield (entry["time"], entry["frame"], entry["model"], number, point["name"],
                           point["x"], point["y"], point["score"],
                           *((deep["x"], deep["y"], deep["z"], deep["score"]) if deep else ("",) * 4))

    def to_csv(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.table())
        return out.getvalue()

    def to_json(self) -> str:
        return to_json({"limit_rows": self.limit, "frames": self.entries})
