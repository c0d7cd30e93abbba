"""The frame loop's meter and frames, without a browser (lab.media.frames)."""

from types import SimpleNamespace

from lab.media.frames import SHOW_EVERY, Frame, FrameMeter


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_meter_averages_the_last_frames_and_counts_them_all():
    clock = Clock()
    meter = FrameMeter(window=3, clock=clock)
    assert (meter.fps, meter.ms, meter.last_ms, meter.recent) == (0.0, 0.0, 0.0, 0)
    for ms in (100, 200, 300, 400):
        clock.now += 0.25
        meter.add(ms)
    assert meter.ms == 300 and meter.last_ms == 400 and meter.recent == 3
    assert meter.fps == 4.0  # 2 intervals of 0.25 s in the window of 3
    assert meter.frames == 4
    meter.reset()
    assert (meter.recent, meter.fps, meter.frames) == (0, 0.0, 4)  # the count goes on


def test_the_numbers_a_person_reads_are_due_twice_a_second():
    clock = Clock()
    meter = FrameMeter(clock=clock)
    assert meter.due()
    clock.now += SHOW_EVERY / 2
    assert not meter.due()
    clock.now += SHOW_EVERY / 2
    assert meter.due()
    meter.reset()
    assert meter.due()  # a new source shows its numbers at once


def test_a_frame_knows_when_its_picture_changed_and_counts_itself_once_done():
    stage = SimpleNamespace(source_version=7, meter=FrameMeter())
    frame = Frame("img", 640, 480, "image", 7, 1, stage)
    assert not frame.stale and not frame.counted
    ms = frame.done()
    assert ms >= 0 and frame.counted and stage.meter.frames == 1 and stage.meter.last_ms == ms
    stage.source_version = 8
    assert frame.stale


def test_a_frame_captured_ahead_is_timed_from_its_capture():
    stage = SimpleNamespace(source_version=1, meter=FrameMeter())
    frame = Frame("video", 640, 480, "camera", 1, 1, stage)
    frame.taken_ms_ago(250)
    assert frame.done() >= 250
    later = Frame("video", 640, 480, "camera", 1, 2, stage)
    later.taken_ms_ago(0)  # captured after it was made: its own start stands
    assert later.done() < 250
