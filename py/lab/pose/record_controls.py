"""Record poses in the page: start and stop, a running count, CSV and JSON downloads.

    recorder = PoseRecorder(demo)     # wires #pose-record, #pose-record-csv, #pose-record-json
    recorder.add(frame_number, model.name, poses, frame)   # in the frame loop: kept if recording
    recorder.status                   # {"frames": 120, "seconds": 8.2} while recording, else None

lab.media.recorder.Recorder with a lab.pose.recording.PoseRecording: the recording goes on
across a change of model or threshold, each row naming its model. When the run ends (Stop,
Run, another tab) a recording stops, and the last one stays downloadable in the next run.
"""

from lab.media.recorder import Recorder
from lab.pose.recording import PoseRecording


class PoseRecorder(Recorder):
    def __init__(self, demo, prefix: str = "#pose-record"):
        super().__init__(demo, PoseRecording, "poses", prefix)
