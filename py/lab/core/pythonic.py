"""JavaScript libraries with Python values: TensorFlow.js that reads like Keras.

    from lab import tf                        # TensorFlow.js, through JsObject

    a = tf.tensor([1, 2, 3, 4])               # lists go in as they are
    model = tf.sequential()
    model.add(tf.layers.dense(units=1, input_shape=[1]))
    model.compile(loss="meanSquaredError", optimizer=tf.train.sgd(0.01))
    history = await model.fit(xs, ys, epochs=100,
                              callbacks={"on_epoch_end": lambda epoch, logs: ...})
    a.add(1).tolist()                          # [2.0, 3.0, 4.0, 5.0]: Python values back

The rules, all here:
- Arguments: lists, tuples and dicts become JavaScript arrays and objects;
  keyword arguments become one options object, the last argument, as
  JavaScript APIs take them; their names, and the keys of dicts, go from
  snake_case to camelCase (`input_shape` -> `inputShape`).
- A Python function in the arguments becomes a JavaScript function that
  lives until the call is over: until the promise it returns settles (a
  `fit` with its callbacks), or at once for a call that returns a value.
- Results: numbers, strings and booleans are Python's; arrays become lists;
  other objects (tensors, models, namespaces like `tf.layers`) come back as
  `JsObject`s that follow the same rules; a promise comes back awaitable.
- `.tolist()` gives a tensor's values as nested lists, `.to_py()` any
  object's as Python data, and `.js` the JavaScript object itself, for the
  rare API that needs it.

Each call through here costs a few microseconds more than a raw JsProxy
call (BENCHMARKS.md, the bridge table): the app's per-frame code uses the
JavaScript objects directly; demo scripts use these.
"""

import asyncio

import js
from pyodide.ffi import JsProxy, to_js

from lab.core.bridge import after, create_proxy

_JS_ARRAY = js.Array.isArray
_PLAIN = (int, float, bool, str)


def camel(name: str) -> str:
    """`input_shape` -> `inputShape`; names without an underscore are left as they are."""
    if "_" not in name.strip("_"):
        return name
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class _Call:
    """The JavaScript values of one call's arguments, and the proxies they needed."""

    def __init__(self):
        self.proxies = []

    def value(self, item):
        if isinstance(item, JsObject):
            return item.js
        if isinstance(item, dict):
            options = js.Object.new()
            for key, value in item.items():
                js.Reflect.set(options, camel(str(key)), self.value(value))
            return options
        if isinstance(item, (list, tuple)):
            if all(isinstance(x, _PLAIN) for x in item):  # numbers: converted in one go
                return to_js(item)
            return self.array(item)
        if callable(item) and not isinstance(item, JsProxy):
            proxy = create_proxy(_python_values(item))
            self.proxies.append(proxy)
            return proxy
        return item

    def array(self, items):
        array = js.Array.new()
        for item in items:
            array.push(self.value(item))
        return array

    def release(self, *_):
        while self.proxies:
            self.proxies.pop().destroy()


def _python_values(function):
    """A callback JavaScript calls: its arguments arrive as Python values (wrapped objects)."""
    def called(*args):
        return function(*(wrap(arg) for arg in args))
    return called


def wrap(value):
    """A JavaScript value as the Python side sees it: see the rules above."""
    if isinstance(value, asyncio.Future):  # a promise, as Pyodide returns it from a call
        return _Awaitable(value)
    if not isinstance(value, JsProxy):
        return value
    if type(value).__name__ == "JsNull":  # JS null
        return None
    if _JS_ARRAY(value):
        return [wrap(item) for item in value]
    if value.typeof == "object" and hasattr(value, "then") and hasattr(value, "catch"):
        return _Awaitable(value)
    return JsObject(value)


class _Awaitable:
    """A JavaScript promise (or Pyodide's future of one); awaiting it gives the wrapped result."""

    def __init__(self, promise):
        self.js = promise

    def __await__(self):
        result = yield from self.js.__await__()
        return wrap(result)

    def when_settled(self, callback):
        """Call `callback(error)` once the promise settles (error None if it was fulfilled),
        without awaiting it: for work that must finish even if the awaiting task is cancelled."""
        if isinstance(self.js, asyncio.Future):
            self.js.add_done_callback(
                lambda done: callback(None if done.cancelled() else done.exception()))
        else:
            after(self.js, lambda: callback(None))


class JsObject:
    """A JavaScript object or function that takes and gives Python values (see the module)."""

    __slots__ = ("js", "_this")

    def __init__(self, value, this=None):
        object.__setattr__(self, "js", value)
        object.__setattr__(self, "_this", this)

    def __getattr__(self, name):
        if name == "fit":  # on a backend that trains (lab.core.engine.for_training)
            _for_training()
        value = getattr(self.js, name)
        if isinstance(value, JsProxy) and value.typeof == "function":
            return JsObject(value, this=self.js)
        return wrap(value)

    def __setattr__(self, name, value):
        setattr(self.js, name, _Call().value(value))

    def __call__(self, *args, **options):
        call = _Call()
        try:
            values = call.array(args)
            if options:
                values.push(call.value(options))
            result = self.js.apply(self._this, values)  # `this`: the object it was read from
        except BaseException:
            call.release()
            raise
        outcome = wrap(result)
        if isinstance(outcome, _Awaitable) and call.proxies:
            outcome.when_settled(call.release)  # the callbacks live as long as the call
        else:
            call.release()
        return outcome

    # Python's protocols, for tensors and arrays
    def tolist(self):
        """A tensor's values as (nested) Python lists (a number for a scalar), like numpy's."""
        values = self.js.arraySync()
        return values.to_py() if isinstance(values, JsProxy) else values

    def to_py(self):
        return self.js.to_py()

    def __str__(self):
        return str(self.js.toString()) if hasattr(self.js, "toString") else str(self.js)

    def __repr__(self):
        if hasattr(self.js, "dataSync"):  # a tensor: as TensorFlow.js prints it
            return str(self)
        return f"<JavaScript {self.js.typeof}: {self}>"

    def __bool__(self):  # a JS object is there: true, as in JavaScript (not its .length)
        return True

    def __len__(self):
        return self.js.length

    def __iter__(self):
        return (wrap(item) for item in self.js)

    def __getitem__(self, key):
        return wrap(self.js[key])

    def __dir__(self):
        return [name for name in dir(self.js) if not name.startswith("_")]


def _for_training():
    from lab.core import backend_pick
    from lab.core.engine import for_training

    why = for_training()
    if why:
        backend_pick.trained_on_wasm(why)


def _tensorflow():
    from lab.core.engine import tf as engine_tf
    return JsObject(engine_tf)


tf = _tensorflow()
