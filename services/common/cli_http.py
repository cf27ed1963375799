"""How a `ruralwatch <service> …` command reaches a running service: through its HTTP API, never its
database. The address is `--url`, else `RW_<SERVICE>_URL`, else the local stack's port (`make run`);
the token is `--token`, else `RW_TOKEN`, else a dev token minted with RW_AUTH_SECRET (which production
settings refuse: there the identity provider's token is given)."""

from __future__ import annotations

import argparse
import os
from typing import Any

import httpx

from services.common.auth import mint_token
from services.common.ports import configured_ports


def add_connection_arguments(parser: argparse.ArgumentParser, service: str) -> None:
    parser.add_argument(
        "--url", help=f"the {service} service (default: RW_{service.upper()}_URL, else the local stack)"
    )
    parser.add_argument("--token", help="a bearer token (default: RW_TOKEN, else a dev token)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds (default 300)")


def service_url(args: argparse.Namespace, service: str) -> str:
    url = (
        getattr(args, "url", None)
        or os.environ.get(f"RW_{service.upper()}_URL")
        or f"http://127.0.0.1:{configured_ports()[service]}"
    )
    return str(url).rstrip("/")


def auth_header(args: argparse.Namespace, role: str) -> dict[str, str]:
    token = getattr(args, "token", None) or os.environ.get("RW_TOKEN")
    if not token:
        token = mint_token(sub=f"cli-{role}", role=role, name="cli")
    return {"Authorization": f"Bearer {token}"}


def call(
    args: argparse.Namespace,
    service: str,
    method: str,
    path: str,
    *,
    role: str,
    params: Any = None,
    **kwargs: Any,
) -> httpx.Response:
    """One request; a clear message (and exit 1) when the service is not there or says no."""
    url = service_url(args, service)
    if isinstance(params, dict):
        params = {k: v for k, v in params.items() if v is not None}
    try:
        r = httpx.request(
            method,
            f"{url}{path}",
            headers=auth_header(args, role),
            params=params,
            timeout=getattr(args, "timeout", 300.0),
            **kwargs,
        )
    except httpx.HTTPError as exc:
        raise SystemExit(
            f"ruralwatch {service}: cannot reach the {service} service at {url} ({exc.__class__.__name__}); "
            "is it running (`make run`)? else give --url"
        ) from exc
    if r.status_code >= 400:
        raise SystemExit(f"ruralwatch {service}: {method} {path} answered {r.status_code}: {r.text[:500]}")
    return r
