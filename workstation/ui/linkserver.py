"""``workstation://`` links from outside the workstation (a citation clicked in a 意见书 or
score-sheet PDF): the desktop hands the link to ``workstation --open LINK``; if a
workstation is already running on that archive for this desktop user, the link goes to it
over a local socket and the new process ends, otherwise the new process becomes the
workstation and follows the link after sign-in.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

#: A link is short; anything longer is not one of ours.
MAX_LINK_BYTES = 2048


def server_name(data_dir: Path) -> str:
    """One name per archive directory and desktop user."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name: the uid will do
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"workstation-links-{user}-{digest}"


def send_to_running(name: str, link: str, timeout_ms: int = 2000) -> bool:
    """Give ``link`` to the workstation listening on ``name``; False if none is running."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(link.encode("utf-8")[:MAX_LINK_BYTES] + b"\n")
    ok = sock.waitForBytesWritten(timeout_ms)
    # wait for the receiver's acknowledgement, so the caller knows the link arrived
    ok = ok and sock.waitForReadyRead(timeout_ms) and bytes(sock.readAll().data()).startswith(b"ok")
    sock.disconnectFromServer()
    return bool(ok)


class LinkServer(QObject):
    """Listens for links from later ``workstation --open`` processes."""

    link_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def start(self) -> bool:
        """Listen; a socket left behind by a crashed workstation is removed first (call this
        only after ``send_to_running`` found nobody answering)."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("cannot listen for workstation links on %s: %s", self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._drop(s))

    def _read(self, sock: QLocalSocket) -> None:
        buf = self._buffers.get(sock)
        if buf is None:
            return
        buf += bytes(sock.readAll().data())
        if len(buf) > MAX_LINK_BYTES + 1:
            self._drop(sock)
            sock.abort()
            return
        if b"\n" in buf:
            line = bytes(buf).split(b"\n", 1)[0]
            self._buffers[sock] = bytearray()
            sock.write(b"ok\n")
            sock.flush()
            link = line.decode("utf-8", "replace").strip()
            if link:
                self.link_received.emit(link)

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()
