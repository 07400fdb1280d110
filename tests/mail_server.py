"""A local SMTP server for the tests (aiosmtpd on 127.0.0.1, a free port): it keeps what it received,
refuses the addresses it is told to, and can drop the connection in the middle of a message."""

from __future__ import annotations

import asyncio
import email
import threading
from email.message import EmailMessage
from email.policy import default
from typing import cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from tests.ports import free_port


class Inbox:
    """The server's handler: the messages it accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused: dict[str, str] = {}   # address → the 5xx/4xx reply to RCPT
        self.drops_left = 0                 # DATA commands to cut in the middle of the message
        self.dropped = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return self.refused[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def by_message_id(self, message_id: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["Message-ID"] == message_id]


class DroppingSMTP(SMTP):
    """Cuts the connection after a few lines of the message's data, while the client still sends."""

    async def smtp_DATA(self, arg: str) -> None:
        inbox: Inbox = self.event_handler
        if inbox.drops_left > 0 and self.envelope is not None and self.envelope.rcpt_tos:
            inbox.drops_left -= 1
            inbox.dropped += 1
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            for _ in range(5):
                await self._reader.readuntil(b"\r\n")
            # A socket's transport, which can be aborted (its declared type, BaseTransport, cannot).
            cast(asyncio.Transport, self.transport).abort()
            return
        await super().smtp_DATA(arg)


class MailServer(Controller):
    def __init__(self, port: int | None = None, **kwargs) -> None:
        self.inbox = Inbox()
        super().__init__(self.inbox, hostname="127.0.0.1", port=port or free_port(), **kwargs)

    def factory(self):
        return DroppingSMTP(self.handler, **self.SMTP_kwargs)
