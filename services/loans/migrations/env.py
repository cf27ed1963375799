"""Alembic environment of the loans service."""

from services.common.migrations import run_env
from services.loans.models import METADATA

run_env(*METADATA)
