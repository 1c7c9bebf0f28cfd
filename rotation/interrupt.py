"""Ctrl-C during a solve.

CP-SAT catches SIGINT itself by default, and stops only the search running at that moment:
a solve of several stages (the round-by-round start, then each tier) went on to the next
one, so that pressing Ctrl-C seemed to do nothing. Under :func:`watching` (the command
line) the first Ctrl-C stops every search, running or to come: the solve ends as at its
time limit, with the best plan found so far, which is written as usual and marked
interrupted (:attr:`rotation.result.Result.interrupted`); a second Ctrl-C ends the
program at once with exit code 130 and writes nothing more.

The signal is read by a thread of its own from Python's wake-up file descriptor: while
CP-SAT searches, the main thread is in C++ and runs no Python signal handler until the
search returns, which is what the first Ctrl-C has to bring about. The processes that
plan the counties of a city (:func:`pool_initializer`) stop with the one that started
them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this module before it needs OR-Tools
    from ortools.sat.python import cp_model

EXIT_INTERRUPTED = 130
"""The exit code of a program ended by a second Ctrl-C (128 + SIGINT, as shells report)."""

_stop = threading.Event()
_lock = threading.Lock()
_running: set[cp_model.CpSolver] = set()
_watched = False
_shared: Any = None  # a multiprocessing Event the worker processes watch (pool_initializer)


def stopped() -> bool:
    """Whether Ctrl-C (or :func:`request_stop`) has asked the searches to stop."""
    return _stop.is_set()


def watched() -> bool:
    """Whether Ctrl-C is being watched (:func:`watching`) in this process."""
    return _watched


def request_stop() -> None:
    """Stop every CP-SAT search running now, and make every later one return at once,
    here and in the worker processes started with :func:`pool_initializer`."""
    _stop.set()
    if _shared is not None:
        _shared.set()
    with _lock:
        for solver in _running:
            solver.stop_search()


def reset() -> None:
    """Forget an earlier stop (for a program that solves again afterwards)."""
    global _shared
    _stop.clear()
    _shared = None  # pools started from now on get an event of their own


def solve(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> cp_model.CpSolverStatus:
    """``solver.solve(model, callback)``, stopped by :func:`request_stop`; a search
    started after the stop returns at once (status UNKNOWN, or the hint's solution if
    CP-SAT checks it first)."""
    if _watched:  # the watcher reads SIGINT; CP-SAT's own handler would take it
        solver.parameters.catch_sigint_signal = False
    with _lock:
        _running.add(solver)
    try:
        if _stop.is_set():
            solver.parameters.max_time_in_seconds = 0.0
        return solver.solve(model, callback)
    finally:
        with _lock:
            _running.discard(solver)


def _watch(reader: socket.socket, say: Callable[[str], None]) -> None:
    """Read the signals Python writes to its wake-up socket: the first SIGINT stops the
    searches, the second ends the process."""
    while True:
        try:
            data = reader.recv(64)
        except OSError:
            return
        if not data:  # the write end closed: watching is over
            return
        for number in data:
            if number != signal.SIGINT:
                continue
            if not _stop.is_set():
                say("first")
                request_stop()
            else:
                say("second")
                os._exit(EXIT_INTERRUPTED)


def _say(lang: str) -> Callable[[str], None]:
    def say(which: str) -> None:
        if which == "first":
            text = (
                "已中断：停止求解，采用目前找到的最好方案（再按一次Ctrl-C立即退出）"
                if lang == "zh"
                else "interrupted: stopping the search; the best plan found so far is kept "
                "(press Ctrl-C again to quit at once)"
            )
        else:
            text = "已退出" if lang == "zh" else "quit"
        print(text, file=sys.stderr, flush=True)

    return say


def _install(say: Callable[[str], None]) -> Callable[[], None]:
    """Read SIGINT with a watcher thread from now on; returns what undoes it. A socket
    pair, not a pipe: on Windows the wake-up descriptor must be a socket. Where Python
    cannot watch (set_wakeup_fd refuses), nothing changes and Ctrl-C does what it did."""
    global _watched
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    try:
        previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except (ValueError, OSError):
        reader.close()
        writer.close()
        return lambda: None
    # the watcher acts on SIGINT; the handler only keeps Python from raising
    # KeyboardInterrupt in the main thread
    previous = signal.signal(signal.SIGINT, lambda number, frame: None)
    watcher = threading.Thread(target=_watch, args=(reader, say), daemon=True)
    watcher.start()
    _watched = True

    def undo() -> None:
        global _watched
        _watched = False
        signal.signal(signal.SIGINT, previous)
        signal.set_wakeup_fd(previous_fd)
        writer.close()  # the watcher reads the end of the stream and returns
        watcher.join()
        reader.close()

    return undo


@contextmanager
def watching(lang: str = "en") -> Iterator[None]:
    """Within this block Ctrl-C stops the searches (first) or the program (second), as
    the module says, and says so on stderr in ``lang``; the stop stays asked after the
    block (:func:`stopped`) until the next one begins. Outside the main thread, where
    Python cannot set signal handlers, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reset()  # a new watch starts with no stop asked
    undo = _install(_say(lang))
    try:
        yield
    finally:
        undo()


def pool_initializer() -> tuple[Callable[..., None] | None, tuple[Any, ...]]:
    """The ``initializer`` and ``initargs`` of a process pool whose workers stop with
    this process: under :func:`watching`, a stop here (a Ctrl-C sent to this process
    alone, as a program that runs ``rotation`` and offers a stop button would send it)
    reaches them through a shared event; without a watch, nothing."""
    global _shared
    if not _watched:
        return None, ()
    if _shared is None:
        _shared = multiprocessing.get_context().Event()
        if _stop.is_set():
            _shared.set()
    return _watch_in_worker, (_shared,)


def _watch_in_worker(shared: Any) -> None:
    """A pool worker's start: a terminal's Ctrl-C reaches it too (it is in the same
    process group), and stops its searches as in the parent, silently, for the rest of
    its life; so does the parent's stop, through ``shared``."""
    global _shared
    _shared = shared
    _install(lambda which: None)

    def follow() -> None:
        shared.wait()
        request_stop()

    threading.Thread(target=follow, daemon=True).start()
