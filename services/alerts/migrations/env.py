"""Alembic environment of the alerts service."""

from services.alerts.models import Base
from services.common.migrations import run_env

run_env(Base.metadata)
