"""Each service's default HTTP port (overridden by `RW_<SERVICE>_PORT`)."""

DEFAULT_PORTS = {"alerts": 8101, "households": 8102, "loans": 8103, "reports": 8104}
