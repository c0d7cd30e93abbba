"""The lines beside a camera demo's stage, without a browser (lab.media.readout)."""

from types import SimpleNamespace

import pytest

from lab.media.frames import SHOW_EVERY, FrameMeter
from lab.media.readout import Readout


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Page:
    """querySelector over the ids it holds; None (JS null) for the others."""

    def __init__(self, *ids):
        self.elements = {f"#{name}": SimpleNamespace(textContent="–") for name in ids}

    def querySelector(self, selector):
        return self.elements.get(selector)

    def text(self, name):
        return self.elements[f"#{name}"].textContent


def frame(source="camera", ms=40.0):
    return SimpleNamespace(source=source, ms=ms)


def test_where_is_said_once_it_changes_and_the_numbers_twice_a_second():
    clock = Clock()
    stage = SimpleNamespace(meter=FrameMeter(clock=clock))
    page = Page("hands-where", "hands-fps", "hands-ms")
    readout = Readout(stage, "#hands", page=page)
    page_thread, worker = SimpleNamespace(where="page"), SimpleNamespace(where="worker")
    stage.meter.add(40.0)
    clock.now += 0.1
    stage.meter.add(40.0)
    assert readout.show(page_thread, frame(ms=40.4))
    assert (page.text("hands-where"), page.text("hands-fps"), page.text("hands-ms")) == \
        ("on the page's thread", "10.0", "40 ms")
    clock.now += SHOW_EVERY / 2
    assert not readout.show(worker, frame(ms=12))   # not due: the numbers wait...
    assert page.text("hands-where") == "in a worker"   # ...but where it runs is said at once
    assert page.text("hands-ms") == "40 ms"
    assert readout.show(worker, frame(source="image", ms=12))   # each photo's numbers at once
    assert page.text("hands-ms") == "12 ms"


def test_a_page_without_a_where_line_shows_the_numbers_only():
    page = Page("pose-fps", "pose-ms")
    readout = Readout(SimpleNamespace(meter=FrameMeter()), "#pose", page=page)
    assert readout.show(SimpleNamespace(where="worker"), frame())
    assert page.text("pose-ms") == "40 ms"
    with pytest.raises(LookupError, match="#pose-fps"):
        Readout(SimpleNamespace(meter=FrameMeter()), "#pose", page=Page("pose-ms"))


def test_the_meter_forgets_the_frames_of_another_model():
    meter = FrameMeter()
    first, second = object(), object()
    meter.timing(first)
    meter.add(100.0)
    meter.timing(first)
    assert meter.recent == 1     # the same model: its frames stay
    meter.timing(second)
    assert meter.recent == 0 and meter.frames == 1   # another: its speed is another story
