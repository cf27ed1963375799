"""Alembic environment of the reports service."""

from services.common.migrations import run_env
from services.reports.models import METADATA

run_env(*METADATA)
