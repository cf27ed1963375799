from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.outcome_out import OutcomeOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    batch_id: None | str | Unset = UNSET,
    format_: str | Unset = "json",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_batch_id: str | Unset | None
    if isinstance(batch_id, Unset):
        json_batch_id = UNSET
    else:
        json_batch_id = batch_id
    params["batch_id"] = json_batch_id

    params["format"] = format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/outcomes",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | list[OutcomeOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = OutcomeOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorResponse | list[OutcomeOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    batch_id: None | str | Unset = UNSET,
    format_: str | Unset = "json",
) -> Response[ErrorResponse | list[OutcomeOut]]:
    """Close-out results in the provincial platform's shape (format=json|csv)

    Args:
        batch_id (None | str | Unset):
        format_ (str | Unset):  Default: 'json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[OutcomeOut]]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    batch_id: None | str | Unset = UNSET,
    format_: str | Unset = "json",
) -> ErrorResponse | list[OutcomeOut] | None:
    """Close-out results in the provincial platform's shape (format=json|csv)

    Args:
        batch_id (None | str | Unset):
        format_ (str | Unset):  Default: 'json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[OutcomeOut]
    """

    return sync_detailed(
        client=client,
        batch_id=batch_id,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    batch_id: None | str | Unset = UNSET,
    format_: str | Unset = "json",
) -> Response[ErrorResponse | list[OutcomeOut]]:
    """Close-out results in the provincial platform's shape (format=json|csv)

    Args:
        batch_id (None | str | Unset):
        format_ (str | Unset):  Default: 'json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[OutcomeOut]]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    batch_id: None | str | Unset = UNSET,
    format_: str | Unset = "json",
) -> ErrorResponse | list[OutcomeOut] | None:
    """Close-out results in the provincial platform's shape (format=json|csv)

    Args:
        batch_id (None | str | Unset):
        format_ (str | Unset):  Default: 'json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[OutcomeOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            batch_id=batch_id,
            format_=format_,
        )
    ).parsed
