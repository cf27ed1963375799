from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.annual_report import AnnualReport
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    year: int,
    version: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/annual/{year}/filed/{version}".format(
            year=quote(str(year), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AnnualReport | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = AnnualReport.from_dict(response.json())

        return response_200

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
) -> Response[AnnualReport | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    year: int,
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AnnualReport | ErrorResponse]:
    """A filed version, byte for byte as filed (its SHA-256 in X-Content-SHA256)

    Args:
        year (int):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnualReport | ErrorResponse]
    """

    kwargs = _get_kwargs(
        year=year,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    year: int,
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> AnnualReport | ErrorResponse | None:
    """A filed version, byte for byte as filed (its SHA-256 in X-Content-SHA256)

    Args:
        year (int):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnualReport | ErrorResponse
    """

    return sync_detailed(
        year=year,
        version=version,
        client=client,
    ).parsed


async def asyncio_detailed(
    year: int,
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AnnualReport | ErrorResponse]:
    """A filed version, byte for byte as filed (its SHA-256 in X-Content-SHA256)

    Args:
        year (int):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnualReport | ErrorResponse]
    """

    kwargs = _get_kwargs(
        year=year,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    year: int,
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> AnnualReport | ErrorResponse | None:
    """A filed version, byte for byte as filed (its SHA-256 in X-Content-SHA256)

    Args:
        year (int):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnualReport | ErrorResponse
    """

    return (
        await asyncio_detailed(
            year=year,
            version=version,
            client=client,
        )
    ).parsed
