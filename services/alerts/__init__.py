"""The alerts service: provincial feed intake, the verification workflow, SLA clock and audit trail."""
