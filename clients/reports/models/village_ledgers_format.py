from enum import StrEnum


class VillageLedgersFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"

    def __str__(self) -> str:
        return str(self.value)
