"""Alembic environment of the alerts service."""

from services.alerts.models import METADATA
from services.common.migrations import run_env

run_env(*METADATA)
