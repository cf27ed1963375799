from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.page_household_summary import PageHouseholdSummary
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    village_code: None | str | Unset = UNSET,
    alleviated: bool | None | Unset = UNSET,
    monitored: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_village_code: str | Unset | None
    if isinstance(village_code, Unset):
        json_village_code = UNSET
    else:
        json_village_code = village_code
    params["village_code"] = json_village_code

    json_alleviated: bool | Unset | None
    if isinstance(alleviated, Unset):
        json_alleviated = UNSET
    else:
        json_alleviated = alleviated
    params["alleviated"] = json_alleviated

    json_monitored: bool | Unset | None
    if isinstance(monitored, Unset):
        json_monitored = UNSET
    else:
        json_monitored = monitored
    params["monitored"] = json_monitored

    params["limit"] = limit

    json_cursor: str | Unset | None
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/households",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PageHouseholdSummary | None:
    if response.status_code == 200:
        response_200 = PageHouseholdSummary.from_dict(response.json())

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
) -> Response[ErrorResponse | PageHouseholdSummary]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    village_code: None | str | Unset = UNSET,
    alleviated: bool | None | Unset = UNSET,
    monitored: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[ErrorResponse | PageHouseholdSummary]:
    """List Households

    Args:
        village_code (None | str | Unset):
        alleviated (bool | None | Unset):
        monitored (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PageHouseholdSummary]
    """

    kwargs = _get_kwargs(
        village_code=village_code,
        alleviated=alleviated,
        monitored=monitored,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    village_code: None | str | Unset = UNSET,
    alleviated: bool | None | Unset = UNSET,
    monitored: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> ErrorResponse | PageHouseholdSummary | None:
    """List Households

    Args:
        village_code (None | str | Unset):
        alleviated (bool | None | Unset):
        monitored (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PageHouseholdSummary
    """

    return sync_detailed(
        client=client,
        village_code=village_code,
        alleviated=alleviated,
        monitored=monitored,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    village_code: None | str | Unset = UNSET,
    alleviated: bool | None | Unset = UNSET,
    monitored: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[ErrorResponse | PageHouseholdSummary]:
    """List Households

    Args:
        village_code (None | str | Unset):
        alleviated (bool | None | Unset):
        monitored (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PageHouseholdSummary]
    """

    kwargs = _get_kwargs(
        village_code=village_code,
        alleviated=alleviated,
        monitored=monitored,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    village_code: None | str | Unset = UNSET,
    alleviated: bool | None | Unset = UNSET,
    monitored: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> ErrorResponse | PageHouseholdSummary | None:
    """List Households

    Args:
        village_code (None | str | Unset):
        alleviated (bool | None | Unset):
        monitored (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PageHouseholdSummary
    """

    return (
        await asyncio_detailed(
            client=client,
            village_code=village_code,
            alleviated=alleviated,
            monitored=monitored,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
