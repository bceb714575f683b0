"""Send e-mail over SMTP: settings from the environment or a TOML file, never the project file.

Each setting comes from its environment variable when set, else from the `--smtp-config`
file, else its default:

=====================  ==========  ==========================================
variable               file key    meaning (default)
=====================  ==========  ==========================================
STEERCO_SMTP_HOST      host        the server (required)
STEERCO_SMTP_PORT      port        587 for starttls, 465 for tls, 25 for none
STEERCO_SMTP_SECURITY  security    starttls (default), tls or none
STEERCO_SMTP_USER      user        login name (no login when left out)
STEERCO_SMTP_PASSWORD  password    login password
STEERCO_SMTP_FROM      from        the sender's address (required)
STEERCO_SMTP_TIMEOUT   timeout     seconds to wait for the server (30)
=====================  ==========  ==========================================
"""

from __future__ import annotations

import mimetypes
import smtplib
import ssl
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, cast

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.files import read_text

__all__ = [
    "DEFAULT_PORTS",
    "Security",
    "SendError",
    "SmtpSettings",
    "build_message",
    "send_message",
    "smtp_settings",
]

Security = Literal["starttls", "tls", "none"]
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "tls": 465, "none": 25}
_KEYS = ("host", "port", "security", "user", "password", "from", "timeout")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how e-mail is sent."""

    host: str
    port: int
    sender: str
    security: Security = "starttls"
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never print the password
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, sender={self.sender!r}, "
            f"security={self.security!r}, user={self.user!r}, timeout={self.timeout})"
        )


class SendError(Exception):
    """A message could not be sent; the text says why (recorded in the send journal)."""


def _bad(message: str, file: Path | None) -> ProjectError:
    return ProjectError(
        [Diagnostic(Code.bad_smtp_config, message, (), None if file is None else str(file))]
    )


def _file_values(config: Path) -> dict[str, object]:
    """The keys of a `--smtp-config` TOML file, checked against the known ones."""
    try:
        data = tomllib.loads(read_text(config))
    except tomllib.TOMLDecodeError as error:
        raise _bad(f"not a TOML file: {error}", config) from None
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise _bad(f"unknown key {unknown[0]!r}; the keys are {', '.join(_KEYS)}", config)
    return data


def smtp_settings(*, environ: Mapping[str, str], config: Path | None = None) -> SmtpSettings:
    """The SMTP settings from `environ` (STEERCO_SMTP_*), then the TOML file `config`."""
    values: dict[str, object] = _file_values(config) if config is not None else {}
    for key in _KEYS:
        env = environ.get(f"STEERCO_SMTP_{key.upper()}")
        if env:
            values[key] = env
    where = "set STEERCO_SMTP_{} or `{}` in the --smtp-config file"
    for key in ("host", "from"):
        if not isinstance(values.get(key), str) or not values[key]:
            raise _bad(f"no SMTP {key}: {where.format(key.upper(), key)}", config)
    sender = cast(str, values["from"])
    if "".join(sender.splitlines()) != sender:  # it is the From header of every message
        raise _bad(f"from is {sender!r}; write one address on one line", config)
    security = values.get("security", "starttls")
    if security not in DEFAULT_PORTS:
        raise _bad(f"security is {security!r}; write starttls, tls or none", config)
    try:
        port = int(cast(str, values.get("port", DEFAULT_PORTS[security])))
        timeout = float(cast(str, values.get("timeout", 30.0)))
    except (TypeError, ValueError):
        raise _bad("port is a whole number and timeout a number of seconds", config) from None
    if not 0 < port < 65536 or not 0 < timeout <= 600:
        raise _bad("port is 1..65535 and timeout 0..600 seconds", config)
    user, password = values.get("user"), values.get("password")
    return SmtpSettings(
        host=cast(str, values["host"]),
        port=port,
        sender=sender,
        security=security,
        user=None if user is None else str(user),
        password=None if password is None else str(password),
        timeout=timeout,
    )


def _attach(message: EmailMessage, name: str, data: bytes) -> None:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)


def build_message(
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    text: str,
    attachments: Mapping[str, bytes],
    html: str | None = None,
) -> EmailMessage:
    """An e-mail with a text body (and `html` as its HTML alternative) and `attachments`.

    A header that cannot be written (a line break in an address or the subject would add
    headers of its own) is a SendError naming it, never a message with a header injected.
    """
    message = EmailMessage()
    for header, value in (("Subject", subject), ("From", sender), ("To", ", ".join(to))):
        # the email package refuses a line break inside a header (ValueError) but takes one
        # at the end, where it ends the headers early: both are refused here
        if "".join(value.splitlines()) != value:
            raise SendError(
                f"the {header} header {value!r} holds a line break; write it on one line"
            )
        try:
            message[header] = value
        except ValueError as error:
            raise SendError(f"the {header} header {value!r} cannot be written: {error}") from None
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, data in attachments.items():
        _attach(message, name, data)
    return message


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open connection as `settings` say: TLS from the start, STARTTLS, or plain."""
    context = ssl.create_default_context()
    if settings.security == "tls":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        server.ehlo()
        if not server.has_extn("starttls"):
            server.close()
            raise SendError(
                f"{settings.host}:{settings.port} does not offer STARTTLS; set security to "
                "'tls' for a port that speaks TLS from the start, or 'none' for a trusted "
                "relay without encryption"
            )
        server.starttls(context=context)
        server.ehlo()
    return server


def send_message(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send `message` over SMTP as `settings` say; SendError with the reason if it fails."""
    where = f"{settings.host}:{settings.port}"
    try:
        server = _connect(settings)
        try:
            if settings.user:
                server.login(settings.user, settings.password or "")
            server.send_message(message)
        finally:
            server.close()
    except SendError:
        raise
    except ConnectionRefusedError:
        raise SendError(f"connection refused by {where}") from None
    except TimeoutError:
        raise SendError(f"no answer from {where} in {settings.timeout:g} s") from None
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(f"{where} refused the login: {_reply(error)}") from None
    except smtplib.SMTPRecipientsRefused as error:
        refused = ", ".join(sorted(error.recipients))
        raise SendError(f"{where} refused the recipients {refused}") from None
    except smtplib.SMTPResponseException as error:
        raise SendError(f"{where} answered {error.smtp_code}: {_reply(error)}") from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise SendError(f"sending through {where} failed: {error}") from None


def _reply(error: smtplib.SMTPResponseException) -> str:
    reply = error.smtp_error
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
