"""A demo's results as JSON, for people and for automation (the `#<demo>-result` elements).

    from lab.core.results import to_json

    to_json({"add": [11, 22], "loss": float("nan")})   # '{"add": [11, 22], "loss": "NaN"}'

JSON has no NaN or Infinity: they are published as the strings "NaN",
"Infinity" and "-Infinity", which a reader can still test for (README).
"""

import json
import math


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("inf", "Infinity").replace("nan", "NaN")
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def to_json(data) -> str:
    try:
        return json.dumps(data, allow_nan=False)
    except ValueError:  # a NaN or an infinity somewhere: walk the data only then
        return json.dumps(_json_safe(data), allow_nan=False)
