"""Provincial feeds: item validation and CSV/XLSX parsing."""
