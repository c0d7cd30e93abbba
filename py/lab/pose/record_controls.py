"""Record poses in the page: start and stop, a running count, CSV and JSON downloads.

    recorder = PoseRecorder(demo)     # wires #pose-record, #pose-record-csv, #pose-record-json
    recorder.add(frame_number, model.name, poses, frame)   # in the frame loop: kept if recording
    recorder.status                   # {"frames": 120, "seconds": 8.2} while recording, else None

The recording (lab.pose.recording) goes on across a change of model or
threshold, each row naming its model. When the run ends (Stop, Run, another
tab) a recording stops, and the last one stays downloadable in the next run.
"""

import time

from lab.core.download import file_name, save_text
from lab.core.ui import element
from lab.pose.recording import LIMIT_TEXT, PoseRecording

SHOW_EVERY = 0.5  # seconds between two updates of the running count
_last = {}  # prefix -> the last recording with frames: a new run of the demo offers it again


class PoseRecorder:
    def __init__(self, demo, prefix: str = "#pose-record"):
        self.demo, self.prefix = demo, prefix
        self.recording = _last.get(prefix)  # the last one, kept after it stops, for the downloads
        self.active = False
        self._shown_at = 0.0
        self._button = element(prefix)
        self._text = element(f"{prefix}-status")
        demo.on(prefix, "click", self.toggle)
        demo.on(f"{prefix}-csv", "click", lambda event: self._save("csv"))
        demo.on(f"{prefix}-json", "click", lambda event: self._save("json"))
        demo.on_stop(self._stopped)
        if self.recording is not None:
            taken = self.recording
            self._show(f"Recorded {taken.frames:,} frames in {taken.seconds:.1f} s before this run "
                       "(it stopped when the demo did): download them as CSV or JSON.")
        else:
            self._show("Not recording.")

    @property
    def status(self):
        if not self.active:
            return None
        return {"frames": self.recording.frames, "seconds": self.recording.seconds}

    def toggle(self, event=None):
        if self.active:
            self.stop()
        else:
            self.start()

    def start(self):
        self.recording, self.active = PoseRecording(), True
        self.demo.clear("recording")
        self._show("Recording… 0 frames.")
        self.demo.publish(recording=self.status)

    def stop(self, why: str = ""):
        self.active = False
        taken = self.recording
        if not taken.frames:
            self._show("Nothing recorded: the model saw no new frame meanwhile (a photo is looked "
                       "at once per model: use the camera, or pick another photo while recording).")
        else:
            self._show(f"{why}Recorded {taken.frames:,} frames in {taken.seconds:.1f} s "
                       f"({taken.rows:,} keypoints): download them as CSV or JSON.")
        self.demo.publish(recording=None)

    def add(self, number: int, model: str, poses: list[dict], frame):
        """Keep this frame's poses, if recording; stop with a message at the memory limit."""
        if not self.active:
            return
        if not self.recording.add(number, model, poses, frame.width, frame.height):
            self.demo.message(LIMIT_TEXT, "warning", key="recording")
            self.stop("Limit reached. ")
            return
        now = time.perf_counter()
        if now - self._shown_at >= SHOW_EVERY:  # readable, and no layout at every frame
            self._shown_at = now
            self._text.textContent = (f"Recording… {self.recording.frames:,} frames, "
                                      f"{self.recording.seconds:.1f} s.")

    def _show(self, text: str):
        self._text.textContent = text
        self._button.textContent = "■ Stop recording" if self.active else "● Record poses"
        self._button.setAttribute("aria-pressed", "true" if self.active else "false")
        has_data = self.recording is not None and self.recording.frames > 0
        for kind in ("csv", "json"):
            element(f"{self.prefix}-{kind}").disabled = self.active or not has_data

    def _save(self, kind: str):
        if self.recording is None or not self.recording.frames:
            self.demo.message("Nothing recorded yet: press “Record poses”, let the model see a "
                              "few frames, then stop.", "error", key="recording")
            return
        text = self.recording.to_csv() if kind == "csv" else self.recording.to_json()
        save_text(text, file_name(self.demo.name, "poses", ext=kind),
                  "text/csv" if kind == "csv" else "application/json")

    def _stopped(self):
        self.active = False  # this run is over: its recording stops, and stays for the next run
        if self.recording is not None and self.recording.frames:
            _last[self.prefix] = self.recording
            self._show(f"Recorded {self.recording.frames:,} frames in {self.recording.seconds:.1f} s "
                       "(stopped with the demo): download them as CSV or JSON.")
        else:
            self._show("Not recording.")
