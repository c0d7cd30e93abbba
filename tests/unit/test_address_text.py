"""lab.inputs.forms.address_text: what a message echoes of the page's address is bounded."""

from lab.inputs.forms import address_text


def test_short_text_is_echoed_as_it_is():
    assert address_text("openpose") == "openpose"
    assert address_text("x" * 40) == "x" * 40


def test_long_text_is_cut_at_forty_characters_with_an_ellipsis():
    assert address_text("y" * 5000) == "y" * 40 + "…"
    assert address_text("<img src=x>" * 10, most=12) == "<img src=x><…"
