"""Code in a link (lab.core.share), without a browser."""

import base64
import string
import zlib

import pytest

from lab.core.share import MAX_SOURCE, ShareError, fragment, read_fragment

NAMES = ("tensors", "pose")


def test_code_goes_into_the_fragment_and_comes_back_whole():
    source = 'print("héllo → 🌍")\n' * 200
    text = fragment("pose", source)
    assert text.startswith("code=pose.") and len(text) < len(source) / 10
    assert set(text[len("code=pose."):]) <= set(string.ascii_letters + string.digits + "-_")
    assert read_fragment("#" + text, NAMES) == ("pose", source)
    assert read_fragment(fragment("tensors", ""), NAMES) == ("tensors", "")


def test_it_is_raw_deflate_as_the_browsers_compression_stream_makes_it():
    payload = fragment("tensors", "a = 1\n").split(".", 1)[1]
    packed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert zlib.decompress(packed, -15) == b"a = 1\n"


def test_a_link_without_code_is_none():
    assert read_fragment("", NAMES) is None
    assert read_fragment("#section-2", NAMES) is None


@pytest.mark.parametrize("text, why", [
    ("#code=nope.abc", "no demo is called “nope”"),
    ("#code=pose", "holds no code"),
    ("#code=pose.!!!", "could not be read"),
    ("#code=pose.AAAA", "could not be read"),
])
def test_a_broken_link_says_why_and_what_to_do(text, why):
    with pytest.raises(ShareError) as raised:
        read_fragment(text, NAMES)
    assert why in str(raised.value) and "copied whole" in str(raised.value)


def test_a_link_cut_short_is_refused():
    text = fragment("pose", "x = [" + ", ".join(map(str, range(3000))) + "]\n")
    with pytest.raises(ShareError, match="cut short"):
        read_fragment(text[:len(text) // 2], NAMES)


def test_a_link_that_inflates_beyond_the_limit_is_refused():
    with pytest.raises(ShareError, match="longer than"):
        read_fragment(fragment("pose", "#" * (MAX_SOURCE * 5)), NAMES)


def test_the_limit_is_in_characters_not_in_bytes():
    """700,001 one-byte characters passed a check of MAX_SOURCE x 4 bytes (issue 34)."""
    assert read_fragment(fragment("pose", "#" * MAX_SOURCE), NAMES)[1] == "#" * MAX_SOURCE
    with pytest.raises(ShareError, match="longer than 200,000 characters"):
        read_fragment(fragment("pose", "#" * 700_001), NAMES)
    with pytest.raises(ShareError, match="longer than"):
        read_fragment(fragment("pose", "#" * (MAX_SOURCE + 1)), NAMES)
