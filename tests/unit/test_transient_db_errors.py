"""Which database errors a consumer waits out (never counting them towards the DLQ) and an API answers
with 503: a PostgreSQL restart reports itself as SQLSTATE 57P01/57P03 ("terminating connection due to
administrator command", "the database system is starting up"), which the old check (only
OperationalError, InterfaceError and invalidated connections) counted as the message's own fault, so a
message handled during a restart could reach the DLQ (the chaos gap of session 5)."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError

from services.common.db import is_transient_db_error


def _wrapped(orig: BaseException) -> DBAPIError:
    return DBAPIError("SELECT 1", {}, orig)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.CrashShutdownError("crash"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        ConnectionResetError("reset by peer"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_database_going_away_is_transient_raw_or_wrapped(error: BaseException) -> None:
    assert is_transient_db_error(error)
    assert is_transient_db_error(_wrapped(error))
    try:
        try:
            raise error
        except BaseException as inner:
            raise RuntimeError("handler failed") from inner
    except RuntimeError as outer:
        assert is_transient_db_error(outer)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, asyncpg.exceptions.UniqueViolationError("duplicate key")),
        ProgrammingError("SELECT", {}, asyncpg.exceptions.UndefinedColumnError("no such column")),
        _wrapped(asyncpg.exceptions.DataError("invalid input")),
        ValueError("a bad message"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_bad_statement_or_message_is_not_transient(error: BaseException) -> None:
    assert not is_transient_db_error(error)


def test_an_unrelated_earlier_error_in_the_context_does_not_make_a_bug_transient() -> None:
    try:
        try:
            raise ConnectionResetError("handled long ago")
        except ConnectionResetError:
            raise KeyError("a real bug") from None
    except KeyError as bug:
        assert not is_transient_db_error(bug)
