"""Where a batch's work runs: in the caller's process, in local worker processes, or on Dask.

All three offer the same two calls, ``submit(fn, *args)`` returning a future and
``wait(futures)`` returning those that are done, so the batch driver is written once. The serial
executor exists for debugging (``--jobs 1``: breakpoints and tracebacks in one process), as
OCRmyPDF keeps a ``SerialExecutor`` beside its pool.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Collection
from enum import StrEnum
from typing import Any, Protocol

from viplan_ocr.errors import MissingDependencyError, UsageError


class ExecutorKind(StrEnum):
    """The ``--executor`` choices."""

    LOCAL = "local"
    DASK = "dask"


class Executor(Protocol):
    """What the batch driver needs from an executor."""

    #: How many units of work run at once (workers times threads).
    slots: int

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        """Start ``fn(*args)``; return a future with ``result()``."""

    def wait(self, futures: Collection[Any]) -> set[Any]:
        """Block until at least one of ``futures`` is done; return the done ones."""

    def restart(self) -> None:
        """Replace workers lost to a crash; the work they held is dropped."""

    def close(self) -> None:
        """Stop the workers, dropping work not yet started."""


class SerialExecutor:
    """Runs each call at once, in the caller's process."""

    slots = 1

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        """Run ``fn(*args)`` now; the future is already done."""
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # a bug in a task: reported per input, like in a pool
            future.set_exception(exc)
        return future

    def wait(self, futures: Collection[cf.Future]) -> set[cf.Future]:
        """The oldest future (all are done already), so that work is handled in submission order."""
        return set(list(futures)[:1])

    def restart(self) -> None:
        """Nothing to replace: a crash here ends the caller's process too."""

    def close(self) -> None:
        """Nothing to stop."""


class ProcessExecutor:
    """A pool of ``jobs`` worker processes on this machine (OCR engines limit their own threads)."""

    def __init__(self, jobs: int) -> None:
        self.slots = jobs
        self._pool = cf.ProcessPoolExecutor(max_workers=jobs)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> cf.Future:
        """Queue ``fn(*args)`` for the next free worker.

        A pool that broke since the last ``wait`` refuses new work at once; that comes back as
        a failed future, like the work the pool lost, so the caller handles both in one place.
        """
        try:
            return self._pool.submit(fn, *args)
        except cf.BrokenExecutor as exc:
            future: cf.Future = cf.Future()
            future.set_exception(exc)
            return future

    def wait(self, futures: Collection[cf.Future]) -> set[cf.Future]:
        """Block until one future is done."""
        return cf.wait(futures, return_when=cf.FIRST_COMPLETED).done

    def restart(self) -> None:
        """A fresh pool: once a worker dies, the pool fails every call (``BrokenProcessPool``)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = cf.ProcessPoolExecutor(max_workers=self.slots)

    def close(self) -> None:
        """Stop the workers; queued work is cancelled (``--resume`` picks it up later)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """A Dask distributed cluster: the one at ``scheduler``, or a LocalCluster of ``jobs`` workers.

    Workers need viplan-ocr installed, and must see the input and output folders at the same
    paths as this process (a shared file system), as they read inputs (and archive members
    copied into ``OUT/.work``) by path. Outputs are written by this process only.
    """

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise MissingDependencyError(
                "--executor dask needs dask.distributed", hint="pip install 'viplan-ocr[dask]'"
            ) from exc
        self._cluster = None
        if scheduler is None:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None, silence_logs=40)
            scheduler = self._cluster.scheduler_address
        try:
            self._client = Client(scheduler, timeout="20s")
        except OSError as exc:
            self._close_cluster()
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
        self.slots = max(sum(self._client.nthreads().values()), 1)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        """Send ``fn(*args)`` to the cluster; every call is distinct work (``pure=False``)."""
        return self._client.submit(fn, *args, pure=False)

    def wait(self, futures: Collection[Any]) -> set[Any]:
        """Block until one future is done."""
        from distributed import wait

        return set(wait(list(futures), return_when="FIRST_COMPLETED").done)

    def restart(self) -> None:
        """Nothing to do: the scheduler moves a lost worker's tasks to the others itself."""

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster when this executor started it."""
        self._client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()


def open_executor(kind: ExecutorKind, jobs: int, scheduler: str | None = None) -> Executor:
    """The executor a batch's options ask for."""
    if kind is ExecutorKind.DASK:
        return DaskExecutor(jobs, scheduler)
    if scheduler is not None:
        raise UsageError("--scheduler needs --executor dask")
    return SerialExecutor() if jobs == 1 else ProcessExecutor(jobs)
