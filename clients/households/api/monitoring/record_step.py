from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.monitoring_object_out import MonitoringObjectOut
from ...models.step_in import StepIn
from ...types import Response


def _get_kwargs(
    mo_id: UUID,
    *,
    body: StepIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/monitoring-objects/{mo_id}/steps".format(
            mo_id=quote(str(mo_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | MonitoringObjectOut | None:
    if response.status_code == 200:
        response_200 = MonitoringObjectOut.from_dict(response.json())

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
) -> Response[ErrorResponse | MonitoringObjectOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    mo_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: StepIn,
) -> Response[ErrorResponse | MonitoringObjectOut]:
    """Record Step

    Args:
        mo_id (UUID):
        body (StepIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MonitoringObjectOut]
    """

    kwargs = _get_kwargs(
        mo_id=mo_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    mo_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: StepIn,
) -> ErrorResponse | MonitoringObjectOut | None:
    """Record Step

    Args:
        mo_id (UUID):
        body (StepIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MonitoringObjectOut
    """

    return sync_detailed(
        mo_id=mo_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    mo_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: StepIn,
) -> Response[ErrorResponse | MonitoringObjectOut]:
    """Record Step

    Args:
        mo_id (UUID):
        body (StepIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MonitoringObjectOut]
    """

    kwargs = _get_kwargs(
        mo_id=mo_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    mo_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: StepIn,
) -> ErrorResponse | MonitoringObjectOut | None:
    """Record Step

    Args:
        mo_id (UUID):
        body (StepIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MonitoringObjectOut
    """

    return (
        await asyncio_detailed(
            mo_id=mo_id,
            client=client,
            body=body,
        )
    ).parsed
