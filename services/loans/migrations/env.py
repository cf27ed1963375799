"""Alembic environment of the loans service."""

from services.common.migrations import run_env
from services.loans.models import Base

run_env(Base.metadata)
