"""Tables a service keeps of another service's aggregates, declared once.

Each service keeps its own copy in its own database (services share no tables), but the shape of a
projection of the same event stream is the same everywhere: it is declared here and each service's
models subclass it with `table=True` in their own registry. Fields use `sa_type` (not `sa_column`) so
that each subclass gets columns of its own.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlmodel import Field, SQLModel


class VillageProjection(SQLModel):
    """A village as announced on `households.household.v1` (alerts and loans keep `proj_villages`)."""

    code: str = Field(primary_key=True, sa_type=String(12))
    name: str = Field(sa_type=String(100))
    kind: str = Field(sa_type=String(20))


__all__ = ["VillageProjection"]
