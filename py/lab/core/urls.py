"""Addresses a user can give (?model=, a model's files, a photo): this page's own server only.

    from lab.core.urls import OffSite, local_url, address_param

    address_param("pose")                                   # "movenet" for ?pose=movenet, else None
    address_choice(demo, "pose", MODELS, "posenet", "pose model")   # one of MODELS, else posenet

    local_url("my-model/model.json", "The model")          # "http://127.0.0.1:8000/my-model/model.json"
    local_url("https://example.com/model.json", "The model",
              "put its files in a folder of this project")  # raises OffSite, before any request

The lab promises that nothing is fetched from another site: it works offline,
and what you do in it stays on this machine. Each place that takes an address
from the user checks it here first, so the refusal says why and what to do
instead, and no request leaves the page.
"""

import js
from pyodide.ffi import JsException

from lab.inputs.forms import quoted


class OffSite(ValueError):
    """An address off the page's own server; the text says why it is refused and what to do."""


def local_url(url: str, what: str, instead: str = "") -> str:
    """`url` made absolute against the page; OffSite unless it is on the page's own server.

    blob: and data: addresses (a file the user picked, a drawn image) are made in the page.
    `what` names the thing in the message ("The model"); `instead` says what to do.
    """
    try:
        absolute = js.URL.new(str(url), js.location.href)
    except JsException:
        raise OffSite(f"{what} {quoted(url, 200)} is not an address. {instead}".strip()) from None
    if absolute.protocol in ("blob:", "data:") or absolute.origin == js.location.origin:
        return absolute.href
    where = absolute.host or absolute.protocol.rstrip(":")
    raise OffSite(f"{what} {quoted(url, 200)} is on another site ({where}), and the lab loads "
                  "nothing from other sites: it works offline, and nothing you do in it leaves "
                  f"this machine. {instead}".strip())


def address_param(name: str) -> str | None:
    """The value of `?name=` in the page's address, or None when it is not there."""
    value = js.URLSearchParams.new(js.location.search).get(name)
    return value if isinstance(value, str) else None  # JS null when absent


def address_choice(demo, name: str, choices: dict, default: str, what: str) -> str:
    """`?name=` if it names one of `choices` (name -> something with a `.label`), else `default`;
    a name it does not know is said in `demo`'s message, bounded, with the ones it knows."""
    asked = address_param(name)
    if asked is None or asked in choices:
        return asked or default
    demo.message(f"Unknown {what} {quoted(asked, 40)} in ?{name}=: use one of "
                 f"{', '.join(choices)}. Starting with {choices[default].label}.", "error",
                 key="address")
    return default
