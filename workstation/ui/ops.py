"""Background work goes through here: core calls run off the UI thread, results come back by
signal, and worker code never touches a widget.

    run_op(lambda: ws.import_paths(paths, case_no, job=job),
           success=show_report, progress_label="正在导入…", job=job, parent=self)

* Two thread pools: a serial one (one writer at a time: imports, mutations, index updates)
  and a shared one for reads (``serial=False``: queries, exports, verification).
* A progress dialog appears only when the operation is still running after ~0.6 s; it polls
  the Qt-free ``Job`` (done/total/key) and its cancel button calls ``Job.cancel()``.
* ``Cancelled`` is a normal outcome: the ``cancelled`` callback runs (if any), no error box.
  Other errors go to ``failure`` or, by default, to the error presenter.
* ``InlineRunner`` runs everything synchronously on the calling thread (tests: deterministic).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from workstation.errors import Cancelled
from workstation.jobs import Job
from workstation.ui import i18n
from workstation.ui.errors import show_error

log = logging.getLogger(__name__)

SHOW_PROGRESS_AFTER_MS = 600
POLL_MS = 100
# Keys that report bytes of one file inside an outer count (files stored, units indexed).
_INNER_KEYS = {"hashing", "encrypting", "decrypting"}


class ProgressTracker:
    """Remembers the latest outer (file/unit count) and inner (bytes) progress of a Job.

    Called from the worker thread; read by the UI thread (plain attribute writes)."""

    def __init__(self, job: Job):
        self.job = job
        self.outer: tuple[int, int, str] = (0, 0, "")
        self.inner: tuple[int, int, str] = (0, 0, "")
        self.reports = 0
        self._chained = job.on_progress
        job.on_progress = self._on_progress

    def _on_progress(self, done: int, total: int, key: str) -> None:
        self.reports += 1
        if key in _INNER_KEYS:
            self.inner = (done, total, key)
        else:
            self.outer = (done, total, key)
        if self._chained is not None:
            self._chained(done, total, key)


@dataclass
class Op:
    fn: Callable[[], Any]
    success: Callable[[Any], Any] | None = None
    failure: Callable[[BaseException], Any] | None = None
    cancelled: Callable[[], Any] | None = None
    progress_label: str | None = None
    job: Job | None = None
    parent: QWidget | None = None
    serial: bool = True
    tracker: ProgressTracker | None = field(default=None, repr=False)


class OpHandle(QObject):
    """A running (or finished) operation: cancel it, or wait for ``finished``."""

    finished = Signal()

    def __init__(self, op: Op):
        super().__init__()
        self.op = op
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.started = time.monotonic()

    @property
    def job(self) -> Job | None:
        return self.op.job

    def cancel(self) -> None:
        if self.op.job is not None:
            self.op.job.cancel()


def _alive(widget: QWidget | None) -> bool:
    return widget is None or shiboken6.isValid(widget)


def deliver(handle: OpHandle, result: Any, exc: BaseException | None) -> None:
    """Hand the outcome to the callbacks, on the UI thread."""
    op = handle.op
    handle.done, handle.result, handle.error = True, result, exc
    if handle.progress_dialog is not None:
        handle.progress_dialog.close()
        handle.progress_dialog.deleteLater()
        handle.progress_dialog = None
    if not _alive(op.parent):
        log.info("operation finished after its window closed; result dropped")
        handle.finished.emit()
        return
    try:
        if exc is None:
            if op.success is not None:
                op.success(result)
        elif isinstance(exc, Cancelled):
            if op.cancelled is not None:
                op.cancelled()
        elif op.failure is not None:
            op.failure(exc)
        else:
            show_error(exc, op.parent)
    except Exception as callback_error:  # a bug in a callback must not take the application down
        show_error(callback_error, op.parent if _alive(op.parent) else None)
    finally:
        handle.finished.emit()


class _Relay(QObject):
    """Lives on the UI thread; the worker emits ``done`` and the slot runs on the UI thread."""

    done = Signal(object, object)

    def __init__(self, on_done: Callable[[Any, BaseException | None], None]):
        super().__init__()
        self._on_done = on_done
        self.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, result: Any, exc: BaseException | None) -> None:
        self._on_done(result, exc)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result, exc = self.fn(), None
        except BaseException as error:  # noqa: BLE001 - everything goes back to the UI thread
            result, exc = None, error
        self.relay.done.emit(result, exc)


class PoolRunner(QObject):
    """QThreadPool-based runner with a serial writer pool and a shared reader pool."""

    def __init__(self, *, show_after_ms: int = SHOW_PROGRESS_AFTER_MS, poll_ms: int = POLL_MS):
        super().__init__()
        self.show_after_ms = show_after_ms
        self.poll_ms = poll_ms
        self.readers = QThreadPool(self)
        self.readers.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.writer = QThreadPool(self)
        self.writer.setMaxThreadCount(1)
        self._active: dict[OpHandle, tuple[_Relay, QTimer]] = {}

    def submit(self, op: Op) -> OpHandle:
        handle = OpHandle(op)
        relay = _Relay(lambda result, exc: self._finish(handle, result, exc))
        timer = QTimer(self)
        timer.setInterval(self.poll_ms)
        timer.timeout.connect(lambda: self._poll(handle))
        self._active[handle] = (relay, timer)
        if op.progress_label:
            timer.start()
        (self.writer if op.serial else self.readers).start(_Task(op.fn, relay))
        return handle

    def _finish(self, handle: OpHandle, result: Any, exc: BaseException | None) -> None:
        relay, timer = self._active.pop(handle, (None, None))
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        deliver(handle, result, exc)
        if relay is not None:
            relay.deleteLater()

    def _poll(self, handle: OpHandle) -> None:
        if handle.done:
            return
        elapsed_ms = (time.monotonic() - handle.started) * 1000
        if handle.progress_dialog is None:
            if elapsed_ms < self.show_after_ms or not _alive(handle.op.parent):
                return
            handle.progress_dialog = make_progress_dialog(handle)
        update_progress_dialog(handle)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Wait for every submitted operation and deliver its result (tests, shutdown)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._active and time.monotonic() < deadline:
            self.writer.waitForDone(20)
            self.readers.waitForDone(20)
            QCoreApplication.processEvents()
        return not self._active


class InlineRunner:
    """Runs each operation synchronously, then delivers as the pool runner would.

    ``before(op)`` is called first (tests use it to script progress or cancel the job)."""

    def __init__(self, before: Callable[[Op], Any] | None = None):
        self.before = before
        self.handles: list[OpHandle] = []

    def submit(self, op: Op) -> OpHandle:
        handle = OpHandle(op)
        self.handles.append(handle)
        if self.before is not None:
            self.before(op)
        try:
            result, exc = op.fn(), None
        except BaseException as error:  # noqa: BLE001
            result, exc = None, error
        deliver(handle, result, exc)
        return handle

    busy = False

    def wait_idle(self, timeout_ms: int = 0) -> bool:
        return True


def make_progress_dialog(handle: OpHandle) -> QProgressDialog:
    op = handle.op
    cancel_text = QCoreApplication.translate("Ops", "取消") if op.job is not None else None
    dlg = QProgressDialog(op.progress_label or "", cancel_text, 0, 0, op.parent)
    dlg.setObjectName("opProgress")
    dlg.setWindowTitle(QCoreApplication.translate("Ops", "请稍候"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(0)
    dlg.setAutoClose(False)
    dlg.setAutoReset(False)
    dlg.setMinimumWidth(460)
    if op.job is None:
        dlg.setCancelButton(None)
    else:
        dlg.canceled.connect(lambda: _cancel_from_dialog(handle))
    dlg.show()
    return dlg


def _cancel_from_dialog(handle: OpHandle) -> None:
    handle.cancel()
    dlg = handle.progress_dialog
    if dlg is not None:
        dlg.setLabelText(QCoreApplication.translate("Ops", "正在取消，已写入的部分将被撤回…"))
        dlg.show()  # QProgressDialog hides itself on cancel; keep it until the worker stops


def progress_text(handle: OpHandle) -> tuple[str, int, int]:
    """(label, value, maximum) for the dialog; maximum 0 means "busy"."""
    op = handle.op
    label = op.progress_label or ""
    tracker = op.tracker
    if tracker is None or op.job is None:
        return label, 0, 0
    if op.job.cancelled:
        return QCoreApplication.translate("Ops", "正在取消，已写入的部分将被撤回…"), 0, 0
    done, total, key = tracker.outer
    lines = [label]
    if key:
        stage = i18n.tr_key(i18n.JOB_TEXT, key, key)
        lines.append(f"{stage}（{done}/{total}）" if total else stage)
    idone, itotal, ikey = tracker.inner
    if ikey and itotal and idone < itotal:
        lines.append(QCoreApplication.translate("Ops", "当前文件 {pct}%").format(pct=int(idone * 100 / itotal)))
    if total:
        return "\n".join(lines), min(done, total), total
    if ikey and itotal:
        return "\n".join(lines), min(idone, itotal), itotal
    return "\n".join(lines), 0, 0


def update_progress_dialog(handle: OpHandle) -> None:
    dlg = handle.progress_dialog
    if dlg is None:
        return
    label, value, maximum = progress_text(handle)
    dlg.setLabelText(label)
    dlg.setMaximum(maximum)
    dlg.setValue(value)


# -- the current runner ------------------------------------------------------------------------
_runner: PoolRunner | InlineRunner | None = None


def runner() -> PoolRunner | InlineRunner:
    global _runner
    if _runner is None:
        _runner = PoolRunner()
    return _runner


def set_runner(new: PoolRunner | InlineRunner | None) -> None:
    global _runner
    _runner = new


def run_op(fn: Callable[[], Any], *, success: Callable[[Any], Any] | None = None,
           failure: Callable[[BaseException], Any] | None = None, cancelled: Callable[[], Any] | None = None,
           progress_label: str | None = None, job: Job | None = None, parent: QWidget | None = None,
           serial: bool = True) -> OpHandle:
    """Run ``fn`` (a core call) off the UI thread and deliver its outcome on the UI thread."""
    op = Op(fn, success, failure, cancelled, progress_label, job, parent, serial)
    if job is not None:
        op.tracker = ProgressTracker(job)
    return runner().submit(op)
