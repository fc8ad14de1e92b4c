"""The feeds of a site build, written by a second process while this one renders and indexes pages.

Feeds and pages need only the loaded catalogue and nothing from each other, and both take
seconds per thousand offers in pure Python; on a machine with two cores they run side by side.
The worker is a fork of the build after loading (it shares the catalogue without copying it) and
hands back the finished files; a writer's ``FeedError`` reaches the build as if raised here.
Where fork is not available (or there is one core) the feeds are written here, when asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from generator.feed_error import FeedError
from generator.feeds import FEEDS_DIR, FeedContext, render_feeds
from generator.progress import quiet


def _child(ctx: FeedContext, names: list[str] | None, conn: Connection) -> None:
    quiet()  # the parent's progress display is not this process's to draw
    try:
        files = {f"{FEEDS_DIR}/{rel}": data for rel, data in render_feeds(ctx, names).items()}
        conn.send(("ok", files))
    except BaseException as exc:  # handed to the parent, which raises it as its own
        conn.send(("error", exc))
    finally:
        conn.close()


class FeedJob:
    """``result()``: every feed file, keyed by site path (``feeds/…``)."""

    def __init__(self, ctx: FeedContext, names: list[str] | None) -> None:
        self.ctx, self.names = ctx, names
        self.process: BaseProcess | None = None
        if (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            fork = multiprocessing.get_context("fork")
            self.receive, send = fork.Pipe(duplex=False)
            # fork: the worker shares the loaded catalogue instead of receiving a copy
            self.process = fork.Process(target=_child, args=(ctx, names, send), daemon=True)
            self.process.start()
            send.close()

    def result(self) -> dict[str, bytes]:
        if self.process is None:
            return {f"{FEEDS_DIR}/{rel}": data for rel, data in render_feeds(self.ctx, self.names).items()}
        try:
            status, value = self.receive.recv()  # before join: a full pipe would block the worker
        except EOFError:
            raise FeedError("Der Prozess, der die Feeds schreibt, ist abgebrochen.") from None
        finally:
            self.close()
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop the worker (a build that failed elsewhere does not wait for its feeds)."""
        if self.process is not None:
            if self.process.is_alive():  # after recv() it is only closing its end
                self.process.terminate()
            self.process.join()
            self.receive.close()
            self.process = None
