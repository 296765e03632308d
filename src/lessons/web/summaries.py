"""Figures over the whole library that take seconds at scale (theme counts, recurring lessons): computed in a
background thread and kept until the library changes (`Store.stamp`) or `max_age` passes.

A page asking for one gets it at once if it is current. If not, it waits up to `wait` seconds for the new
figures (a small library is done by then), and otherwise shows the last figures it had, marked as being
refreshed, or none yet; it never holds a request for minutes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from lessons.library import Library

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    value: Any  # None until first computed
    computed_at: float | None  # time.time() of the figures shown
    current: bool  # False while newer figures are being computed


class Summaries:
    def __init__(self, library: Library, wait: float = 2.0, max_age: float = 600.0) -> None:
        self.library = library
        self.wait = wait
        self.max_age = max_age
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[Any, tuple[Any, ...], float]] = {}  # key -> value, stamp, when
        self._running: dict[Hashable, threading.Thread] = {}

    def get(self, key: Hashable, compute: Callable[[Library], Any]) -> Summary:
        stamp = self.library.store.stamp()
        with self._lock:
            held = self._values.get(key)
            if held and held[1] == stamp and time.time() - held[2] < self.max_age:
                return Summary(held[0], held[2], True)
            thread = self._running.get(key)
            if thread is None:
                thread = threading.Thread(target=self._compute, args=(key, compute, stamp), daemon=True)
                self._running[key] = thread
                thread.start()
        thread.join(self.wait)
        with self._lock:
            held = self._values.get(key)
        if held is None:
            return Summary(None, None, False)
        return Summary(held[0], held[2], held[1] == stamp)

    def recurring(self, theme: str | None, min_reviews: int) -> Summary:
        """Recurring lessons (`Library.recurring`), one cache entry per theme and minimum, shared by pages."""
        return self.get(
            ("recurring", theme, min_reviews), lambda library: library.recurring(theme, min_reviews)
        )

    def _compute(self, key: Hashable, compute: Callable[[Library], Any], stamp: tuple[Any, ...]) -> None:
        try:
            value = compute(self.library)
            with self._lock:
                self._values[key] = (value, stamp, time.time())
        except Exception:  # a failure must not kill the page: log it, and try again on the next request
            log.exception("computing %s failed", key)
        finally:
            with self._lock:
                self._running.pop(key, None)
