"""The container healthcheck: `python -m services.common.healthcheck` asks the service named by
`RW_SERVICE` for `/healthz` on its port and exits 0 when it answers 200 (standard library only)."""

from __future__ import annotations

import os
import sys
import urllib.request

from services.common.ports import DEFAULT_PORTS


def main() -> int:
    service = os.environ.get("RW_SERVICE", "")
    if service not in DEFAULT_PORTS:
        print(f"RW_SERVICE must be one of {', '.join(DEFAULT_PORTS)}", file=sys.stderr)
        return 2
    port = int(os.environ.get(f"RW_{service.upper()}_PORT", DEFAULT_PORTS[service]))
    path = sys.argv[1] if len(sys.argv) > 1 else "/healthz"
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as r:
            return 0 if r.status == 200 else 1
    except OSError as exc:
        print(f"{service} {path}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
