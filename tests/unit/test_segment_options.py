"""lab.segment.options: the segment demo's choices, checks and words, without a browser."""

import pytest

from lab.a11y import describe
from lab.segment.options import (
    BACKGROUNDS,
    MAX_PHOTO_BYTES,
    check_background,
    check_colour,
    check_photo_file,
    colour_rgb,
    has_person,
    no_person_message,
    person_share,
)


def test_the_backgrounds_are_the_four_the_page_offers_and_nothing_else():
    assert list(BACKGROUNDS) == ["blur", "colour", "photo", "mask"]
    assert [check_background(name) for name in BACKGROUNDS] == list(BACKGROUNDS)
    for wrong in ("Blur", "", None, "green"):
        with pytest.raises(ValueError, match="choose one of blur, colour, photo, mask"):
            check_background(wrong)


def test_a_colour_is_what_a_colour_input_gives():
    assert check_colour(" #00B140 ") == "#00b140"
    assert colour_rgb("#ff8000") == (255, 128, 0)
    for wrong in ("green", "#0f0", "#00b1400", "rgb(0, 0, 0)", None):
        with pytest.raises(ValueError, match='must look like "#00b140"'):
            check_colour(wrong)


def test_the_person_share_reads_as_a_percentage():
    assert person_share(0.4224) == "42 %"
    assert person_share(0.0) == "0 %" and person_share(1.0) == "100 %"
    assert person_share(0.003) == "< 1 %"   # someone is there, if little of them
    assert person_share(1.7) == "100 %" and person_share(-0.1) == "0 %"
    assert person_share(None) == "–" and person_share(float("nan")) == "–"
    assert person_share("0.5") == "–"


def test_a_person_is_a_solid_patch_not_a_faint_scatter():
    astronaut = [0.0] * 40 + [1.0] * 8        # solid cells: someone there
    cat = [0.0] * 44 + [0.34, 0.28, 0.1, 0.0]  # the cat photo's faint mask (the reference's)
    assert has_person(astronaut, 0.42)
    assert not has_person(cat, 0.02)
    assert not has_person(astronaut, 0.0)      # the threshold above every pixel
    assert not has_person([], 0.5)
    assert no_person_message(cat, 0.5).startswith("No person found: step into the camera's view")
    assert no_person_message(astronaut, 1.0) == ("No pixel is surer than the threshold (1.00) to "
                                                 "be the person: lower the threshold.")


def test_a_background_photo_must_say_it_is_an_image_of_a_sane_size():
    check_photo_file("me.jpg", "image/jpeg", 2_000_000)
    with pytest.raises(ValueError, match="“notes.txt” is not an image \\(text/plain\\)"):
        check_photo_file("notes.txt", "text/plain", 10)
    with pytest.raises(ValueError, match="unknown type"):
        check_photo_file("x", "", 10)
    with pytest.raises(ValueError, match="at most 20 MB"):
        check_photo_file("huge.png", "image/png", MAX_PHOTO_BYTES + 1)


def test_the_segment_stage_is_said_in_words():
    solid = [1.0] * 48
    assert describe("segment", {"source": "image", "person_fraction": 0.4224, "grid": solid}) \
        == "Photo: a person, 42 % of the picture."
    assert describe("segment", {"source": "camera", "person_fraction": 0.02, "grid": [0.3] * 48}) \
        == "Camera: no person found."
    assert describe("segment", {"source": "camera"}) == "Camera: not segmented yet."
