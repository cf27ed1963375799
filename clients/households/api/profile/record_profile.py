from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.profile_in import ProfileIn
from ...models.profile_out import ProfileOut
from ...types import Response


def _get_kwargs(
    household_code: str,
    *,
    body: ProfileIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/households/{household_code}/profile".format(
            household_code=quote(str(household_code), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ProfileOut | None:
    if response.status_code == 201:
        response_201 = ProfileOut.from_dict(response.json())

        return response_201

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
) -> Response[ErrorResponse | ProfileOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    household_code: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProfileIn,
) -> Response[ErrorResponse | ProfileOut]:
    """Record a change to the household's collection-form record: a new version dated effective_on

    Args:
        household_code (str):
        body (ProfileIn): A change to the household's record, in effect from `effective_on`;
            fields left out keep their
            value. Money is yuan for `finance_year`, for the whole household.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ProfileOut]
    """

    kwargs = _get_kwargs(
        household_code=household_code,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    household_code: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProfileIn,
) -> ErrorResponse | ProfileOut | None:
    """Record a change to the household's collection-form record: a new version dated effective_on

    Args:
        household_code (str):
        body (ProfileIn): A change to the household's record, in effect from `effective_on`;
            fields left out keep their
            value. Money is yuan for `finance_year`, for the whole household.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ProfileOut
    """

    return sync_detailed(
        household_code=household_code,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    household_code: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProfileIn,
) -> Response[ErrorResponse | ProfileOut]:
    """Record a change to the household's collection-form record: a new version dated effective_on

    Args:
        household_code (str):
        body (ProfileIn): A change to the household's record, in effect from `effective_on`;
            fields left out keep their
            value. Money is yuan for `finance_year`, for the whole household.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ProfileOut]
    """

    kwargs = _get_kwargs(
        household_code=household_code,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    household_code: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProfileIn,
) -> ErrorResponse | ProfileOut | None:
    """Record a change to the household's collection-form record: a new version dated effective_on

    Args:
        household_code (str):
        body (ProfileIn): A change to the household's record, in effect from `effective_on`;
            fields left out keep their
            value. Money is yuan for `finance_year`, for the whole household.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ProfileOut
    """

    return (
        await asyncio_detailed(
            household_code=household_code,
            client=client,
            body=body,
        )
    ).parsed
