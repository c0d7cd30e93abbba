"""lab.core.wait.Wait: `await future` that a cancelled caller leaves running (CPython's asyncio)."""

import asyncio

import pytest

from lab.core.wait import Wait


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_wait_gives_the_future_s_value_or_its_very_error():
    async def main():
        loop = asyncio.get_running_loop()
        ok, failed = loop.create_future(), loop.create_future()
        loop.call_soon(ok.set_result, 42)
        error = ValueError("the call failed")
        loop.call_soon(failed.set_exception, error)
        assert await Wait(ok) == 42
        with pytest.raises(ValueError) as raised:
            await Wait(failed)
        assert raised.value is error
        assert await Wait(ok) == 42   # already done: no turn needed

    run(main())


def test_a_cancelled_caller_stops_at_once_and_the_future_goes_on():
    async def main():
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        caller = asyncio.ensure_future(_wait(future))
        await asyncio.sleep(0)   # the caller waits
        caller.cancel("the demo stopped")
        with pytest.raises(asyncio.CancelledError):
            await caller
        assert not future.done()                       # not cancelled with its waiter
        late = []
        future.add_done_callback(lambda done: late.append(done.result()))
        future.set_result("loaded after all")
        await asyncio.sleep(0)
        assert late == ["loaded after all"]

    run(main())


async def _wait(future):
    return await Wait(future)


def test_cancelling_twice_or_after_the_end_is_told_apart():
    async def main():
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        wait = Wait(future)
        assert wait.cancel() and wait.cancelled() and wait.done()
        assert not wait.cancel()   # once
        with pytest.raises(asyncio.CancelledError):
            wait.result()
        future.set_result(1)
        assert not Wait(future).cancel()   # done already: nothing to stop

    run(main())


async def turns_until_woken(wait_for) -> int:
    """Turns of the event loop from the future's result to the waiting caller's next line."""
    loop = asyncio.get_running_loop()
    future, turns, woken = loop.create_future(), [0], asyncio.Event()

    def turn():
        turns[0] += 1
        if not woken.is_set():
            loop.call_soon(turn)

    async def caller():
        await wait_for(future)
        woken.set()
        return turns[0]

    task = asyncio.ensure_future(caller())
    await asyncio.sleep(0)
    loop.call_soon(turn)
    future.set_result(None)
    return await task


def test_the_caller_wakes_in_the_turn_await_future_would_one_before_asyncio_wait():
    async def main():
        async def plain(future):
            await future

        async def waited(future):
            await asyncio.wait([future])

        return [await turns_until_woken(w) for w in (plain, _wait, waited)]

    plain, wait, asyncio_wait = run(main())
    assert wait == plain and asyncio_wait == plain + 1
