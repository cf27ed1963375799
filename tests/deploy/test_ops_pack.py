"""Issue 12, ops pack: the Prometheus alert rules and the Grafana dashboard under deploy/ name only
metrics the services really expose on /metrics (a renamed metric would silently blind an alert),
and every alert tells the duty officer what happened in Chinese and English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "ruralwatch-alerts.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "ruralwatch-ops.json"
METRIC = re.compile(r"\brw_[a-z_]+\b")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _rules() -> list[dict[str, Any]]:
    return [r for g in yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"] for r in g["rules"]]


def _dashboard_exprs() -> list[str]:
    doc = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [t["expr"] for p in doc["panels"] for t in p["targets"]]


async def _exposed(service: str, settings: Any) -> set[str]:
    import importlib

    app = importlib.import_module(f"services.{service}.app").create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as c:
        text = (await c.get("/metrics")).text
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            name, kind = line.split()[2:4]
            names.add(name)
            if kind == "histogram":
                names |= {f"{name}_bucket", f"{name}_count", f"{name}_sum"}
    return names


@pytest.mark.parametrize("service", ["alerts", "households", "loans", "reports"])
async def test_every_metric_in_the_rules_and_the_dashboard_is_exposed(service: str) -> None:
    import importlib

    config = importlib.import_module(f"services.{service}.config")
    exposed = await _exposed(service, getattr(config, f"{service.capitalize()}Settings")())
    named = {m for r in _rules() for m in METRIC.findall(r["expr"])}
    named |= {m for e in _dashboard_exprs() for m in METRIC.findall(e)}
    assert len(named) >= 12, named
    assert named <= exposed, f"named in deploy/ but not on {service}'s /metrics: {sorted(named - exposed)}"


def test_every_alert_is_bilingual_and_well_formed() -> None:
    rules = _rules()
    assert {r["alert"] for r in rules} >= {
        "RuralwatchOutboxStuck",
        "RuralwatchConsumerLag",
        "RuralwatchDeadLetters",
        "RuralwatchOutboxRowsSetAside",
        "RuralwatchRelayFailing",
        "RuralwatchDegraded",
    }
    for r in rules:
        summary = r["annotations"]["summary"]
        assert HAN.search(summary) and re.search(r"[a-z]{3,}", summary), r["alert"]
        assert r["labels"]["severity"] in {"critical", "warning", "info"}
        assert "for" not in r or re.fullmatch(r"\d+[smh]", r["for"])
