"""Password hashing with argon2id: hash, verify (with rehash), and the dummy for unknown users.

Only `hash_password`'s result is ever stored; a password is never logged, echoed or kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from steerco.app.workspace.errors import InvalidRequestError

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "Hashing",
    "check_password_rules",
    "hash_password",
    "verify_password",
    "waste_a_verification",
]

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024


@dataclass
class Hashing:
    """The hasher in use: argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile).

    Tests may swap `hasher` for cheaper parameters; a stored hash made with other
    parameters is rehashed at the next successful sign-in.
    """

    hasher: PasswordHasher


HASHING = Hashing(hasher=PasswordHasher())


def check_password_rules(password: str) -> None:
    """Refuse a password shorter than 8 or longer than 1024 characters (InvalidRequestError)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequestError(
            f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidRequestError(
            f"the password is too long: use at most {MAX_PASSWORD_LENGTH} characters"
        )


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (a PHC string with its salt and parameters)."""
    return HASHING.hasher.hash(password)


def verify_password(stored: str, password: str) -> tuple[bool, str | None]:
    """Whether `password` matches the `stored` hash, and its new hash if the parameters changed."""
    hasher = HASHING.hasher
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, hasher.hash(password) if hasher.check_needs_rehash(stored) else None


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a password nobody has, made with `hasher`'s parameters."""
    return hasher.hash("no user has this password: it only spends the same time")


def waste_a_verification(password: str) -> None:
    """Verify `password` against a dummy hash: an unknown user takes as long as a known one."""
    verify_password(_dummy_hash(HASHING.hasher), password)
