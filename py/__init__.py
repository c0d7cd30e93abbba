"""Browser ML Lab: machine learning in the browser, written in Python.

The package is `py/` on disk and `lab` inside the page (see pyscript.toml).
Each demo in `lab.demos` is a short script that reads like the tutorial; the
modules here are what those scripts lean on:

    from lab import Demo, tf, to_js

    demo = Demo("tensors")              # owns what this run starts
    a = tf.tensor(to_js([1, 2, 3, 4]))
    demo.show("a", a)

- `bridge`: the Python <-> JavaScript idioms (to_js, proxies, JS errors, waiting for a paint)
- `engine`: the page's one TensorFlow.js engine and its backend
- `ui`: the page's elements, messages and published results
- `demo`: a demo run and everything it owns, cleaned up when it stops
"""

from lab.bridge import to_js, to_py
from lab.demo import Demo
from lab.engine import tf, tidy

__all__ = ["Demo", "tf", "tidy", "to_js", "to_py"]
