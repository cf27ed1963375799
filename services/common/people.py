"""One member of the registry as the import format has it (one row per member, its household's columns
repeated): what the households importer reads from a CSV/XLSX file and what the demo town generates;
the loans demo picks its borrowers from the same rows. One shape, so the two never drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PersonRow:
    index: int
    household_code: str
    village_code: str
    address: str | None
    alleviated: bool
    alleviated_year: int | None
    name: str
    id_number: str
    birth_date: date
    relation: str
    education_stage: str | None
    school: str | None
    disability: str | None
    pension_status: str | None
    employment_status: str | None
    public_welfare_job: bool
    can_work: bool
    phone: str | None
