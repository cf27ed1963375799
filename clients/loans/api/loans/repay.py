from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.repayment_in import RepaymentIn
from ...models.repayment_recorded import RepaymentRecorded
from ...types import UNSET, Response, Unset


def _get_kwargs(
    loan_id: str,
    *,
    body: RepaymentIn,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/loans/{loan_id}/repayments".format(
            loan_id=quote(str(loan_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RepaymentRecorded | None:
    if response.status_code == 201:
        response_201 = RepaymentRecorded.from_dict(response.json())

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
) -> Response[ErrorResponse | RepaymentRecorded]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    loan_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RepaymentIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorResponse | RepaymentRecorded]:
    """Record a repayment

    Args:
        loan_id (str):
        idempotency_key (None | str | Unset):
        body (RepaymentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RepaymentRecorded]
    """

    kwargs = _get_kwargs(
        loan_id=loan_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    loan_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RepaymentIn,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorResponse | RepaymentRecorded | None:
    """Record a repayment

    Args:
        loan_id (str):
        idempotency_key (None | str | Unset):
        body (RepaymentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RepaymentRecorded
    """

    return sync_detailed(
        loan_id=loan_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    loan_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RepaymentIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorResponse | RepaymentRecorded]:
    """Record a repayment

    Args:
        loan_id (str):
        idempotency_key (None | str | Unset):
        body (RepaymentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RepaymentRecorded]
    """

    kwargs = _get_kwargs(
        loan_id=loan_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    loan_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RepaymentIn,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorResponse | RepaymentRecorded | None:
    """Record a repayment

    Args:
        loan_id (str):
        idempotency_key (None | str | Unset):
        body (RepaymentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RepaymentRecorded
    """

    return (
        await asyncio_detailed(
            loan_id=loan_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
