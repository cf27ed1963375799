"""Each service's default HTTP port (overridden by `RW_<SERVICE>_PORT`)."""

import os

DEFAULT_PORTS = {"alerts": 8101, "households": 8102, "loans": 8103, "reports": 8104}


def configured_ports() -> dict[str, int]:
    """Each service's port: `RW_<SERVICE>_PORT` or the default."""
    return {
        name: int(os.environ.get(f"RW_{name.upper()}_PORT", port)) for name, port in DEFAULT_PORTS.items()
    }
