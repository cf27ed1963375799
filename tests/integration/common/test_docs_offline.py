"""`/docs` and `/redoc` work on an intranet: every script, style sheet and icon comes from the service."""

from __future__ import annotations

import re
from typing import Any


async def test_api_docs_load_nothing_from_another_host(alerts_app: Any) -> None:
    _, client = alerts_app
    for page in ("/docs", "/redoc"):
        r = await client.get(page)
        assert r.status_code == 200 and "text/html" in r.headers["content-type"], page
        assets = re.findall(r"""(?:src|href)\s*[=:]\s*['"]([^'"]+)['"]""", r.text)
        assert assets, page
        assert not [a for a in assets if re.match(r"(https?:)?//", a)], (page, assets)  # no CDN
        for asset in assets:
            if asset.endswith((".js", ".css", ".png")):
                got = await client.get(asset)
                assert got.status_code == 200 and len(got.content) > 1000, asset
