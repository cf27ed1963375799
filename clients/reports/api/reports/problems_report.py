import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.problems_report import ProblemsReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    year: int,
    as_of: datetime.date | None | Unset = UNSET,
    village_code: list[str] | None | Unset = UNSET,
    detector: list[str] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["year"] = year

    json_as_of: str | Unset | None
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.date):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    json_village_code: list[str] | Unset | None
    if isinstance(village_code, Unset):
        json_village_code = UNSET
    elif isinstance(village_code, list):
        json_village_code = village_code

    else:
        json_village_code = village_code
    params["village_code"] = json_village_code

    json_detector: list[str] | Unset | None
    if isinstance(detector, Unset):
        json_detector = UNSET
    elif isinstance(detector, list):
        json_detector = detector

    else:
        json_detector = detector
    params["detector"] = json_detector

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/problems",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ProblemsReport | None:
    if response.status_code == 200:
        response_200 = ProblemsReport.from_dict(response.json())

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
) -> Response[ErrorResponse | ProblemsReport]:
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
    as_of: datetime.date | None | Unset = UNSET,
    village_code: list[str] | None | Unset = UNSET,
    detector: list[str] | None | Unset = UNSET,
) -> Response[ErrorResponse | ProblemsReport]:
    """Problem detectors: 雨露计划 errors and omissions, late borrowers and undelivered reminders, untargeted
    measures, missed visits and income records, alerts closed without revisit or remediation

    Args:
        year (int):
        as_of (datetime.date | None | Unset): the day the check is made (default: today)
        village_code (list[str] | None | Unset): one or more villages
        detector (list[str] | None | Unset): any of: rain_and_dew_omission,
            rain_and_dew_wrong_entry, loan_late_repayment, loan_reminder_not_delivered,
            measures_not_targeted, helper_missed_visit, helper_missed_income,
            alert_closed_without_followup, under_line_not_enrolled

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ProblemsReport]
    """

    kwargs = _get_kwargs(
        year=year,
        as_of=as_of,
        village_code=village_code,
        detector=detector,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    as_of: datetime.date | None | Unset = UNSET,
    village_code: list[str] | None | Unset = UNSET,
    detector: list[str] | None | Unset = UNSET,
) -> ErrorResponse | ProblemsReport | None:
    """Problem detectors: 雨露计划 errors and omissions, late borrowers and undelivered reminders, untargeted
    measures, missed visits and income records, alerts closed without revisit or remediation

    Args:
        year (int):
        as_of (datetime.date | None | Unset): the day the check is made (default: today)
        village_code (list[str] | None | Unset): one or more villages
        detector (list[str] | None | Unset): any of: rain_and_dew_omission,
            rain_and_dew_wrong_entry, loan_late_repayment, loan_reminder_not_delivered,
            measures_not_targeted, helper_missed_visit, helper_missed_income,
            alert_closed_without_followup, under_line_not_enrolled

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ProblemsReport
    """

    return sync_detailed(
        client=client,
        year=year,
        as_of=as_of,
        village_code=village_code,
        detector=detector,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    as_of: datetime.date | None | Unset = UNSET,
    village_code: list[str] | None | Unset = UNSET,
    detector: list[str] | None | Unset = UNSET,
) -> Response[ErrorResponse | ProblemsReport]:
    """Problem detectors: 雨露计划 errors and omissions, late borrowers and undelivered reminders, untargeted
    measures, missed visits and income records, alerts closed without revisit or remediation

    Args:
        year (int):
        as_of (datetime.date | None | Unset): the day the check is made (default: today)
        village_code (list[str] | None | Unset): one or more villages
        detector (list[str] | None | Unset): any of: rain_and_dew_omission,
            rain_and_dew_wrong_entry, loan_late_repayment, loan_reminder_not_delivered,
            measures_not_targeted, helper_missed_visit, helper_missed_income,
            alert_closed_without_followup, under_line_not_enrolled

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ProblemsReport]
    """

    kwargs = _get_kwargs(
        year=year,
        as_of=as_of,
        village_code=village_code,
        detector=detector,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    year: int,
    as_of: datetime.date | None | Unset = UNSET,
    village_code: list[str] | None | Unset = UNSET,
    detector: list[str] | None | Unset = UNSET,
) -> ErrorResponse | ProblemsReport | None:
    """Problem detectors: 雨露计划 errors and omissions, late borrowers and undelivered reminders, untargeted
    measures, missed visits and income records, alerts closed without revisit or remediation

    Args:
        year (int):
        as_of (datetime.date | None | Unset): the day the check is made (default: today)
        village_code (list[str] | None | Unset): one or more villages
        detector (list[str] | None | Unset): any of: rain_and_dew_omission,
            rain_and_dew_wrong_entry, loan_late_repayment, loan_reminder_not_delivered,
            measures_not_targeted, helper_missed_visit, helper_missed_income,
            alert_closed_without_followup, under_line_not_enrolled

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ProblemsReport
    """

    return (
        await asyncio_detailed(
            client=client,
            year=year,
            as_of=as_of,
            village_code=village_code,
            detector=detector,
        )
    ).parsed
