from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_list import AlertList
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | str | Unset = UNSET,
    village_code: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    class_: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    batch_id: None | str | Unset = UNSET,
    final_outcome: None | str | Unset = UNSET,
    household_match: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset | None
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_village_code: str | Unset | None
    if isinstance(village_code, Unset):
        json_village_code = UNSET
    else:
        json_village_code = village_code
    params["village_code"] = json_village_code

    json_category: str | Unset | None
    if isinstance(category, Unset):
        json_category = UNSET
    else:
        json_category = category
    params["category"] = json_category

    json_class_: str | Unset | None
    if isinstance(class_, Unset):
        json_class_ = UNSET
    else:
        json_class_ = class_
    params["class"] = json_class_

    json_overdue: bool | Unset | None
    if isinstance(overdue, Unset):
        json_overdue = UNSET
    else:
        json_overdue = overdue
    params["overdue"] = json_overdue

    json_batch_id: str | Unset | None
    if isinstance(batch_id, Unset):
        json_batch_id = UNSET
    else:
        json_batch_id = batch_id
    params["batch_id"] = json_batch_id

    json_final_outcome: str | Unset | None
    if isinstance(final_outcome, Unset):
        json_final_outcome = UNSET
    else:
        json_final_outcome = final_outcome
    params["final_outcome"] = json_final_outcome

    json_household_match: str | Unset | None
    if isinstance(household_match, Unset):
        json_household_match = UNSET
    else:
        json_household_match = household_match
    params["household_match"] = json_household_match

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
        "url": "/v1/alerts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AlertList | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = AlertList.from_dict(response.json())

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
) -> Response[AlertList | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    village_code: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    class_: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    batch_id: None | str | Unset = UNSET,
    final_outcome: None | str | Unset = UNSET,
    household_match: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[AlertList | ErrorResponse]:
    """List Alerts

    Args:
        status (None | str | Unset):
        village_code (None | str | Unset):
        category (None | str | Unset):
        class_ (None | str | Unset):
        overdue (bool | None | Unset):
        batch_id (None | str | Unset):
        final_outcome (None | str | Unset):
        household_match (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        status=status,
        village_code=village_code,
        category=category,
        class_=class_,
        overdue=overdue,
        batch_id=batch_id,
        final_outcome=final_outcome,
        household_match=household_match,
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
    status: None | str | Unset = UNSET,
    village_code: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    class_: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    batch_id: None | str | Unset = UNSET,
    final_outcome: None | str | Unset = UNSET,
    household_match: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> AlertList | ErrorResponse | None:
    """List Alerts

    Args:
        status (None | str | Unset):
        village_code (None | str | Unset):
        category (None | str | Unset):
        class_ (None | str | Unset):
        overdue (bool | None | Unset):
        batch_id (None | str | Unset):
        final_outcome (None | str | Unset):
        household_match (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertList | ErrorResponse
    """

    return sync_detailed(
        client=client,
        status=status,
        village_code=village_code,
        category=category,
        class_=class_,
        overdue=overdue,
        batch_id=batch_id,
        final_outcome=final_outcome,
        household_match=household_match,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    village_code: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    class_: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    batch_id: None | str | Unset = UNSET,
    final_outcome: None | str | Unset = UNSET,
    household_match: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[AlertList | ErrorResponse]:
    """List Alerts

    Args:
        status (None | str | Unset):
        village_code (None | str | Unset):
        category (None | str | Unset):
        class_ (None | str | Unset):
        overdue (bool | None | Unset):
        batch_id (None | str | Unset):
        final_outcome (None | str | Unset):
        household_match (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        status=status,
        village_code=village_code,
        category=category,
        class_=class_,
        overdue=overdue,
        batch_id=batch_id,
        final_outcome=final_outcome,
        household_match=household_match,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    village_code: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    class_: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    batch_id: None | str | Unset = UNSET,
    final_outcome: None | str | Unset = UNSET,
    household_match: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> AlertList | ErrorResponse | None:
    """List Alerts

    Args:
        status (None | str | Unset):
        village_code (None | str | Unset):
        category (None | str | Unset):
        class_ (None | str | Unset):
        overdue (bool | None | Unset):
        batch_id (None | str | Unset):
        final_outcome (None | str | Unset):
        household_match (None | str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertList | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            village_code=village_code,
            category=category,
            class_=class_,
            overdue=overdue,
            batch_id=batch_id,
            final_outcome=final_outcome,
            household_match=household_match,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
