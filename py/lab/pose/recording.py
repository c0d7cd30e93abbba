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
The frame keeping is lab.media.recording's, which records hands and faces too.
"""

from lab.media.recording import MAX_ROWS, KeypointRecording

COLUMNS = ("time", "frame", "model", "pose", "keypoint", "x", "y", "score",
           "x3d", "y3d", "z3d", "score3d")
LIMIT_TEXT = (f"The recording reached its limit of {MAX_ROWS:,} keypoints (about 5,900 PoseNet or "
              "MoveNet frames, 3,000 BlazePose frames), which keeps the page's memory in check, and "
              "stopped. Download it below, then record again for more.")


class PoseRecording(KeypointRecording):
    KEY, COLUMNS = "poses", COLUMNS

    @classmethod
    def limit_text(cls, limit: int = MAX_ROWS) -> str:
        return LIMIT_TEXT

    def add(self, frame: int, model: str, poses: list[dict], width: int, height: int) -> bool:
        """Keep one frame's poses (the plain dicts lab.pose.models gives). False once full."""
        return super().add(frame, model, poses, width, height)

    def item_rows(self, number, pose):
        in_3d = pose.get("keypoints3D") or []
        for index, point in enumerate(pose["keypoints"]):
            deep = in_3d[index] if index < len(in_3d) else None
            yield (number, point["name"], point["x"], point["y"], point["score"],
                   *((deep["x"], deep["y"], deep["z"], deep["score"]) if deep else ("",) * 4))
