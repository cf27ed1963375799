from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.village_ledgers_format import VillageLedgersFormat
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    year: int,
    village_code: str,
    format_: VillageLedgersFormat | Unset = VillageLedgersFormat.XLSX,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["year"] = year

    params["village_code"] = village_code

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/ledgers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | None:
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
) -> Response[ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    village_code: str,
    format_: VillageLedgersFormat | Unset = VillageLedgersFormat.XLSX,
) -> Response[ErrorResponse]:
    """A village's ledgers of a year (台账: monitoring objects, visits, alerts, loans) as XLSX or PDF

    Args:
        year (int):
        village_code (str):
        format_ (VillageLedgersFormat | Unset):  Default: VillageLedgersFormat.XLSX.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse]
    """

    kwargs = _get_kwargs(
        year=year,
        village_code=village_code,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    village_code: str,
    format_: VillageLedgersFormat | Unset = VillageLedgersFormat.XLSX,
) -> ErrorResponse | None:
    """A village's ledgers of a year (台账: monitoring objects, visits, alerts, loans) as XLSX or PDF

    Args:
        year (int):
        village_code (str):
        format_ (VillageLedgersFormat | Unset):  Default: VillageLedgersFormat.XLSX.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse
    """

    return sync_detailed(
        client=client,
        year=year,
        village_code=village_code,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    village_code: str,
    format_: VillageLedgersFormat | Unset = VillageLedgersFormat.XLSX,
) -> Response[ErrorResponse]:
    """A village's ledgers of a year (台账: monitoring objects, visits, alerts, loans) as XLSX or PDF

    Args:
        year (int):
        village_code (str):
        format_ (VillageLedgersFormat | Unset):  Default: VillageLedgersFormat.XLSX.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse]
    """

    kwargs = _get_kwargs(
        year=year,
        village_code=village_code,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    village_code: str,
    format_: VillageLedgersFormat | Unset = VillageLedgersFormat.XLSX,
) -> ErrorResponse | None:
    """A village's ledgers of a year (台账: monitoring objects, visits, alerts, loans) as XLSX or PDF

    Args:
        year (int):
        village_code (str):
        format_ (VillageLedgersFormat | Unset):  Default: VillageLedgersFormat.XLSX.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            year=year,
            village_code=village_code,
            format_=format_,
        )
    ).parsed
