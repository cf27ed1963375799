from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_job_status import ImportJobStatus

if TYPE_CHECKING:
    from ..models.import_rejected_row import ImportRejectedRow


T = TypeVar("T", bound="ImportJob")


@_attrs_define
class ImportJob:
    """
    Attributes:
        job_id (str):
        filename (str):
        status (ImportJobStatus):
        total_rows (int):
        processed_rows (int):
        stored_members (int):
        new_households (int):
        unchanged_rows (int):
        rejected (list[ImportRejectedRow]):
        error (None | str): why a failed job stopped, and at which row
        attempts (int): more than 1: a replica stopped and another resumed the job
    """

    job_id: str
    filename: str
    status: ImportJobStatus
    total_rows: int
    processed_rows: int
    stored_members: int
    new_households: int
    unchanged_rows: int
    rejected: list[ImportRejectedRow]
    error: str | None
    attempts: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        filename = self.filename

        status = self.status.value

        total_rows = self.total_rows

        processed_rows = self.processed_rows

        stored_members = self.stored_members

        new_households = self.new_households

        unchanged_rows = self.unchanged_rows

        rejected = []
        for rejected_item_data in self.rejected:
            rejected_item = rejected_item_data.to_dict()
            rejected.append(rejected_item)

        error: str | None
        error = self.error

        attempts = self.attempts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "filename": filename,
                "status": status,
                "total_rows": total_rows,
                "processed_rows": processed_rows,
                "stored_members": stored_members,
                "new_households": new_households,
                "unchanged_rows": unchanged_rows,
                "rejected": rejected,
                "error": error,
                "attempts": attempts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_rejected_row import ImportRejectedRow

        d = dict(src_dict)
        job_id = d.pop("job_id")

        filename = d.pop("filename")

        status = ImportJobStatus(d.pop("status"))

        total_rows = d.pop("total_rows")

        processed_rows = d.pop("processed_rows")

        stored_members = d.pop("stored_members")

        new_households = d.pop("new_households")

        unchanged_rows = d.pop("unchanged_rows")

        rejected = []
        _rejected = d.pop("rejected")
        for rejected_item_data in _rejected:
            rejected_item = ImportRejectedRow.from_dict(rejected_item_data)

            rejected.append(rejected_item)

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        attempts = d.pop("attempts")

        import_job = cls(
            job_id=job_id,
            filename=filename,
            status=status,
            total_rows=total_rows,
            processed_rows=processed_rows,
            stored_members=stored_members,
            new_households=new_households,
            unchanged_rows=unchanged_rows,
            rejected=rejected,
            error=error,
            attempts=attempts,
        )

        import_job.additional_properties = d
        return import_job

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
