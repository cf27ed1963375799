"""What the households routes depend on: the roles allowed, the context, id parsing."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request

from services.common.auth import Principal, Role, require_roles
from services.common.errors import APIError
from services.common.i18n import t
from services.households import context

Reader = Annotated[
    Principal,
    Depends(
        require_roles(Role.village_cadre, Role.town_officer, Role.county_viewer, Role.auditor, Role.admin)
    ),
]
Officer = Annotated[Principal, Depends(require_roles(Role.town_officer))]
FieldWorker = Annotated[Principal, Depends(require_roles(Role.village_cadre, Role.town_officer))]
AdminRole = Annotated[Principal, Depends(require_roles(Role.admin))]
Importer = Annotated[Principal, Depends(require_roles(Role.town_officer, Role.admin))]


async def ctx_of(request: Request) -> context.HouseholdsContext:
    ctx: context.HouseholdsContext = request.app.state.ctx
    return ctx


Ctx = Annotated[context.HouseholdsContext, Depends(ctx_of)]


def parse_uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise APIError(
            422,
            "validation_failed",
            "the request is not valid",
            [t("{field} is not a UUID", "{field}不是有效的UUID编号", field=field)],
        ) from exc
