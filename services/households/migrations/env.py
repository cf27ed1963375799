"""Alembic environment of the households service."""

from services.common.migrations import run_env
from services.households.models import METADATA

run_env(*METADATA)
