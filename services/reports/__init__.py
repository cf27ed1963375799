"""The reports service: read models built only from events, the annual and quarterly reports (Markdown,
XLSX, PDF), the problem detectors and the live ops dashboard."""
