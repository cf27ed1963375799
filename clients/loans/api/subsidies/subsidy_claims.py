from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.subsidies_out import SubsidiesOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    quarter: str,
    village_code: None | str | Unset = UNSET,
    format_: str | Unset = "xlsx",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["quarter"] = quarter

    json_village_code: str | Unset | None
    if isinstance(village_code, Unset):
        json_village_code = UNSET
    else:
        json_village_code = village_code
    params["village_code"] = json_village_code

    params["format"] = format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subsidies/claims",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SubsidiesOut | None:
    if response.status_code == 200:
        response_200 = SubsidiesOut.from_dict(response.json())

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
) -> Response[ErrorResponse | SubsidiesOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    quarter: str,
    village_code: None | str | Unset = UNSET,
    format_: str | Unset = "xlsx",
) -> Response[ErrorResponse | SubsidiesOut]:
    """The quarter's subsidy claim list (贴息申请清单) unmasked, for the finance office (audited)

    Args:
        quarter (str): e.g. 2022Q1
        village_code (None | str | Unset):
        format_ (str | Unset):  Default: 'xlsx'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SubsidiesOut]
    """

    kwargs = _get_kwargs(
        quarter=quarter,
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
    quarter: str,
    village_code: None | str | Unset = UNSET,
    format_: str | Unset = "xlsx",
) -> ErrorResponse | SubsidiesOut | None:
    """The quarter's subsidy claim list (贴息申请清单) unmasked, for the finance office (audited)

    Args:
        quarter (str): e.g. 2022Q1
        village_code (None | str | Unset):
        format_ (str | Unset):  Default: 'xlsx'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SubsidiesOut
    """

    return sync_detailed(
        client=client,
        quarter=quarter,
        village_code=village_code,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    quarter: str,
    village_code: None | str | Unset = UNSET,
    format_: str | Unset = "xlsx",
) -> Response[ErrorResponse | SubsidiesOut]:
    """The quarter's subsidy claim list (贴息申请清单) unmasked, for the finance office (audited)

    Args:
        quarter (str): e.g. 2022Q1
        village_code (None | str | Unset):
        format_ (str | Unset):  Default: 'xlsx'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SubsidiesOut]
    """

    kwargs = _get_kwargs(
        quarter=quarter,
        village_code=village_code,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    quarter: str,
    village_code: None | str | Unset = UNSET,
    format_: str | Unset = "xlsx",
) -> ErrorResponse | SubsidiesOut | None:
    """The quarter's subsidy claim list (贴息申请清单) unmasked, for the finance office (audited)

    Args:
        quarter (str): e.g. 2022Q1
        village_code (None | str | Unset):
        format_ (str | Unset):  Default: 'xlsx'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SubsidiesOut
    """

    return (
        await asyncio_detailed(
            client=client,
            quarter=quarter,
            village_code=village_code,
            format_=format_,
        )
    ).parsed
