"""A demo's code in a link: compressed into the URL's fragment, which never reaches the server.

    from lab.core.share import fragment, read_fragment, ShareError

    fragment("pose", source)              # "code=pose.<base64url of raw deflate>"
    read_fragment("#code=pose.…", names)  # ("pose", source); None when the link holds no code;
                                          # ShareError (saying what to do) when it can't be read

Raw deflate, as the browser's CompressionStream("deflate-raw") makes it, so a
page without Python could read the same links. Plain Python: no browser needed.
"""

import base64
import binascii
import zlib

KEY = "code="
MAX_SOURCE = 200_000  # characters: far beyond a demo script, and a bound on what a link inflates to
MAX_LINK = 2_000_000  # characters after '#': MAX_SOURCE that does not compress still fits
TOO_LONG = ("The code in this link is longer than {most:,} characters, more than the lab opens from "
            "a link. The demo's own code is shown instead.")
BROKEN = ("The code in this link could not be read ({why}): it may have been cut short when it "
          "was copied. The demo's own code is shown instead; ask for the link again, copied whole.")


class ShareError(ValueError):
    """A link's code could not be read; the text says why and what to do."""


def fragment(demo: str, source: str) -> str:
    """The URL fragment (without '#') that carries `source` for `demo`."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(source.encode("utf-8")) + packer.flush()
    return f"{KEY}{demo}.{base64.urlsafe_b64encode(packed).decode('ascii').rstrip('=')}"


def read_fragment(text: str, names) -> tuple[str, str] | None:
    """The (demo, source) a URL fragment carries; None if it carries no code; ShareError (and
    no other exception) for anything else, whatever the text."""
    if not isinstance(text, str):
        raise ShareError(BROKEN.format(why="it is not text"))
    text = text.removeprefix("#")
    if not text.startswith(KEY):
        return None
    demo, dot, payload = text[len(KEY):].partition(".")
    if demo not in names:
        raise ShareError(BROKEN.format(why=f"no demo is called “{demo[:40]}”"))
    if not dot or not payload:
        raise ShareError(BROKEN.format(why="it holds no code"))
    if len(payload) > MAX_LINK:  # before it is decoded
        raise ShareError(TOO_LONG.format(most=MAX_SOURCE))
    try:
        packed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        unpacker = zlib.decompressobj(-15)
        data = unpacker.decompress(packed, MAX_SOURCE * 4)  # UTF-8: at most 4 bytes a character
        too_long = bool(unpacker.unconsumed_tail)
        if not too_long and not unpacker.eof:
            raise ValueError("it ends too soon")
        source = "" if too_long else data.decode("utf-8")
    except (ValueError, binascii.Error, zlib.error) as error:
        raise ShareError(BROKEN.format(why=str(error) or type(error).__name__)) from None
    if too_long or len(source) > MAX_SOURCE:  # characters, as the limit says
        raise ShareError(TOO_LONG.format(most=MAX_SOURCE))
    return demo, source
