from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.calendar_notice_in import CalendarNoticeIn
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    year: int,
    *,
    body: CalendarNoticeIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/admin/calendar/notices/{year}".format(
            year=quote(str(year), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorResponse | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    year: int,
    *,
    client: AuthenticatedClient | Client,
    body: CalendarNoticeIn,
) -> Response[Any | ErrorResponse]:
    """Import a year's holiday notice (放假通知); every service's due dates follow it

    Args:
        year (int):
        body (CalendarNoticeIn): The State Council's holiday notice for a year, as a table: every
            day off (weekends inside a
            holiday included or not, as you like) and every weekend day worked instead (调休上班).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse]
    """

    kwargs = _get_kwargs(
        year=year,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    year: int,
    *,
    client: AuthenticatedClient | Client,
    body: CalendarNoticeIn,
) -> Any | ErrorResponse | None:
    """Import a year's holiday notice (放假通知); every service's due dates follow it

    Args:
        year (int):
        body (CalendarNoticeIn): The State Council's holiday notice for a year, as a table: every
            day off (weekends inside a
            holiday included or not, as you like) and every weekend day worked instead (调休上班).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse
    """

    return sync_detailed(
        year=year,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    year: int,
    *,
    client: AuthenticatedClient | Client,
    body: CalendarNoticeIn,
) -> Response[Any | ErrorResponse]:
    """Import a year's holiday notice (放假通知); every service's due dates follow it

    Args:
        year (int):
        body (CalendarNoticeIn): The State Council's holiday notice for a year, as a table: every
            day off (weekends inside a
            holiday included or not, as you like) and every weekend day worked instead (调休上班).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse]
    """

    kwargs = _get_kwargs(
        year=year,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    year: int,
    *,
    client: AuthenticatedClient | Client,
    body: CalendarNoticeIn,
) -> Any | ErrorResponse | None:
    """Import a year's holiday notice (放假通知); every service's due dates follow it

    Args:
        year (int):
        body (CalendarNoticeIn): The State Council's holiday notice for a year, as a table: every
            day off (weekends inside a
            holiday included or not, as you like) and every weekend day worked instead (调休上班).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse
    """

    return (
        await asyncio_detailed(
            year=year,
            client=client,
            body=body,
        )
    ).parsed
