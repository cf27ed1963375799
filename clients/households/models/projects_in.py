from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.project_in import ProjectIn


T = TypeVar("T", bound="ProjectsIn")


@_attrs_define
class ProjectsIn:
    """
    Attributes:
        projects (list[ProjectIn]):
    """

    projects: list[ProjectIn]

    def to_dict(self) -> dict[str, Any]:
        projects = []
        for projects_item_data in self.projects:
            projects_item = projects_item_data.to_dict()
            projects.append(projects_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "projects": projects,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.project_in import ProjectIn

        d = dict(src_dict)
        projects = []
        _projects = d.pop("projects")
        for projects_item_data in _projects:
            projects_item = ProjectIn.from_dict(projects_item_data)

            projects.append(projects_item)

        projects_in = cls(
            projects=projects,
        )

        return projects_in
