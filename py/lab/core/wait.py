"""Waiting for a future without owning it: the caller may stop waiting, the future goes on.
No browser needed.

    from lab.core.wait import Wait

    value = await Wait(future)    # as `await future`; but if the caller is cancelled, it gets
                                  # CancelledError at once and `future` is not cancelled (a
                                  # JavaScript call cannot be): its end can still be read

A Task that awaits a future cancels that future when the Task is cancelled, so the late end of
a JavaScript call (a frame's tensor to free, a model that loaded after all) would be lost.
asyncio.wait([future]) and asyncio.shield keep it, but wake the caller a turn of the event loop
later than `await future` does (the future's callback first, then the caller's), and in the
browser every turn is a task of its own on the page's thread. This wakes the caller in the
turn `await future` would: the caller's own callback is on `future`, and only moved off it
when the caller is cancelled. A Task waits on any object with `_asyncio_future_blocking`, as
it waits on a Future.
"""

from asyncio import CancelledError


class Wait:
    """One caller's wait for `future` (lab.core.bridge.abandon's)."""

    _asyncio_future_blocking = False

    def __init__(self, future):
        self._future = future
        self._callbacks = []     # (callback, context): the waiting Task's wakeup
        self._cancelled = None   # the CancelledError the caller gets, once it stops waiting

    def get_loop(self):
        return self._future.get_loop()

    def done(self) -> bool:
        return self._cancelled is not None or self._future.done()

    def cancelled(self) -> bool:
        return self._cancelled is not None

    def result(self):
        if self._cancelled is not None:
            raise self._cancelled
        return self._future.result()

    def exception(self):
        if self._cancelled is not None:
            raise self._cancelled
        return self._future.exception()

    def add_done_callback(self, callback, *, context=None):
        # on the future itself: called with it when it is done, in the same turn as for
        # `await future`; the Task reads future.result()
        self._callbacks.append((callback, context))
        self._future.add_done_callback(callback, context=context)

    def remove_done_callback(self, callback) -> int:
        self._callbacks = [(c, context) for c, context in self._callbacks if c != callback]
        return self._future.remove_done_callback(callback)

    def cancel(self, msg=None) -> bool:
        """The caller stops waiting: it is woken with CancelledError; the future goes on."""
        if self.done():
            return False
        self._cancelled = CancelledError() if msg is None else CancelledError(msg)
        callbacks, self._callbacks = self._callbacks, []
        for callback, context in callbacks:
            self._future.remove_done_callback(callback)
            self.get_loop().call_soon(callback, self, context=context)
        return True

    def __await__(self):
        if not self.done():
            self._asyncio_future_blocking = True
            yield self
        return self.result()
