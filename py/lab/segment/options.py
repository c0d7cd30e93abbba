"""The segment demo's choices and words, as plain Python (no browser needed).

    from lab.segment.options import BACKGROUNDS, check_background, check_colour, person_share

    check_background("blur")          # "blur"; ValueError naming the choices for anything else
    check_colour("#00ff00")           # "#00ff00": a colour input's value, lower case
    person_share(0.4224)              # "42 %": the share of the frame that is the person
    has_person(grid, 0.42)            # True when some grid cell is at least half person
    no_person_message(grid, 0.5)      # else what to say: no one there, or the threshold too high
    check_photo_file("me.jpg", "image/jpeg", 2_000_000)   # ValueError: not an image, too big

A person counts as found when some cell of the 8 x 6 grid (lab.segment.grid) is at least half
person: a cat or a chair gives the model a faint, scattered mask, a person a solid patch.
"""

import re

BACKGROUNDS = {"blur": "Blurred", "colour": "A colour", "photo": "A photo", "mask": "The mask"}
DEFAULT_BACKGROUND = "blur"
DEFAULT_COLOUR = "#00b140"          # a green screen's green
HALF = 0.5                          # a grid cell this much person: someone is there
MAX_PHOTO_BYTES = 20 * 1024 * 1024  # a background photo bigger than this is refused unread
FORMATS = "choose a JPEG, PNG, GIF or WebP photo"


def check_background(name) -> str:
    """`name` if it is one of BACKGROUNDS, else ValueError naming them."""
    if name not in BACKGROUNDS:
        raise ValueError(f"Unknown background {name!r}: choose one of {', '.join(BACKGROUNDS)}.")
    return name


def check_colour(value) -> str:
    """A colour as "#rrggbb" (what <input type="color"> gives), else ValueError."""
    text = str(value).strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{6}", text):
        raise ValueError(f'The colour must look like "#00b140", not {value!r}.')
    return text


def colour_rgb(value) -> tuple[int, int, int]:
    """(r, g, b) of a "#rrggbb" colour."""
    text = check_colour(value)
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def person_share(fraction) -> str:
    """The person's share of the frame as people read it: "42 %", "< 1 %", "–" for nothing yet."""
    if fraction is None or not isinstance(fraction, (int, float)) or fraction != fraction:
        return "–"
    fraction = min(max(float(fraction), 0.0), 1.0)
    if 0 < fraction < 0.005:
        return "< 1 %"
    return f"{round(fraction * 100)} %"


def has_person(grid, fraction) -> bool:
    """Some grid cell is at least half person, and some pixel is above the threshold."""
    return bool(grid) and max(grid) >= HALF and fraction > 0


def no_person_message(grid, threshold: float) -> str:
    """What to say when has_person() is False: the threshold's fault, or no one there."""
    if grid and max(grid) >= HALF:
        return (f"No pixel is surer than the threshold ({threshold:.2f}) to be the person: "
                "lower the threshold.")
    return ("No person found: step into the camera's view, in good light, or pick a photo with "
            "a person (the astronaut).")


def check_photo_file(name: str, kind: str, size: int) -> None:
    """ValueError (what happened, what to do) unless the file says it is an image of a sane size."""
    if not str(kind).startswith("image/"):
        raise ValueError(f"“{name}” is not an image ({kind or 'unknown type'}): {FORMATS} "
                         "for the background.")
    if size > MAX_PHOTO_BYTES:
        raise ValueError(f"“{name}” is {size / 1024 / 1024:.0f} MB: the background photo can be "
                         f"at most {MAX_PHOTO_BYTES // 1024 // 1024} MB. {FORMATS[0].upper()}"
                         f"{FORMATS[1:]} that is smaller.")
