"""A real SMTP server for the tests: aiosmtpd on a free local port, keeping what it is given."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any


@dataclass
class Collector:
    """An aiosmtpd handler that keeps every message it is given."""

    received: list[tuple[tuple[str, ...], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((tuple(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    """A local port nobody listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
