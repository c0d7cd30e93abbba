"""Record keypoints in the page: start and stop, a running count, CSV and JSON downloads.

    from lab.media.recorder import Recorder
    from lab.media.recording import HandRecording

    recorder = Recorder(demo, HandRecording, "hands", "#hands-record")   # and -csv, -json
    recorder.add(frame_number, model.name, hands, frame)   # in the frame loop: kept if recording
    recorder.status                   # {"frames": 120, "seconds": 8.2} while recording, else None

`kind` is a lab.media.recording class (poses, hands, faces), `noun` what the button records
("● Record hands") and the files' middle name (hands-hands-<time>.csv). The recording goes
on across a change of model or threshold, each row naming its model. When the run ends (Stop,
Run, another tab) a recording stops, and the last one stays downloadable in the next run.
lab.pose.record_controls.PoseRecorder is this for poses.
"""

import time

from lab.core.download import file_name, save_text
from lab.core.ui import element

SHOW_EVERY = 0.5  # seconds between two updates of the running count
_last = {}  # prefix -> the last recording with frames: a new run of the demo offers it again


class Recorder:
    def __init__(self, demo, kind, noun: str, prefix: str | None = None):
        prefix = prefix or f"#{demo.name}-record"
        self.demo, self.kind, self.noun, self.prefix = demo, kind, noun, prefix
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
        self.recording, self.active = self.kind(), True
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

    def add(self, number: int, model: str, items: list[dict], frame):
        """Keep this frame's findings, if recording; stop with a message at the memory limit."""
        if not self.active:
            return
        if not self.recording.add(number, model, items, frame.width, frame.height):
            self.demo.message(self.kind.limit_text(self.recording.limit), "warning", key="recording")
            self.stop("Limit reached. ")
            return
        now = time.perf_counter()
        if now - self._shown_at >= SHOW_EVERY:  # readable, and no layout at every frame
            self._shown_at = now
            self._text.textContent = (f"Recording… {self.recording.frames:,} frames, "
                                      f"{self.recording.seconds:.1f} s.")

    def _show(self, text: str):
        self._text.textContent = text
        self._button.textContent = "■ Stop recording" if self.active else f"● Record {self.noun}"
        self._button.setAttribute("aria-pressed", "true" if self.active else "false")
        has_data = self.recording is not None and self.recording.frames > 0
        for kind in ("csv", "json"):
            element(f"{self.prefix}-{kind}").disabled = self.active or not has_data

    def _save(self, kind: str):
        if self.recording is None or not self.recording.frames:
            self.demo.message(f"Nothing recorded yet: press “Record {self.noun}”, let the model see a "
                              "few frames, then stop.", "error", key="recording")
            return
        text = self.recording.to_csv() if kind == "csv" else self.recording.to_json()
        save_text(text, file_name(self.demo.name, self.noun, ext=kind),
                  "text/csv" if kind == "csv" else "application/json")

    def _stopped(self):
        self.active = False  # this run is over: its recording stops, and stays for the next run
        if self.recording is not None and self.recording.frames:
            _last[self.prefix] = self.recording
            self._show(f"Recorded {self.recording.frames:,} frames in {self.recording.seconds:.1f} s "
                       "(stopped with the demo): download them as CSV or JSON.")
        else:
            self._show("Not recording.")
