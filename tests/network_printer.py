"""A receipt printer on the network (ESC/POS over TCP), for the printing tests."""

from __future__ import annotations

import socket
import threading


class NetworkPrinter:
    """A receipt printer on the network, as a test: it keeps what one connection sent."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.received = bytearray()
        self.thread = threading.Thread(target=self._accept)
        self.thread.start()

    def _accept(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            while chunk := connection.recv(65536):
                self.received.extend(chunk)

    def printed(self) -> bytes:
        self.thread.join(5)
        self.server.close()
        return bytes(self.received)
