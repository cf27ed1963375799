"""What can be checked of the deployment without a Docker engine or a cluster: the compose file and
the Kubernetes manifests parse, every service gets what its settings require, ports and health
checks agree with the code, start order is health-gated, containers run as non-root."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.common.ports import DEFAULT_PORTS

ROOT = Path(__file__).resolve().parents[2]
SERVICES = list(DEFAULT_PORTS)
# settings with a development default that production must replace
REQUIRED = {"RW_DATABASE_URL", "RW_KAFKA_BOOTSTRAP", "RW_AUTH_SECRET", "RW_PII_KEY", "RW_PII_HASH_KEY"}
EXTRA_ENV = {"RW_SERVICE"}  # read by the container healthcheck, not a setting


def _settings_class(service: str) -> Any:
    module = importlib.import_module(f"services.{service}.config")
    return getattr(module, f"{service.capitalize()}Settings")


def _paths(routes: list[Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for r in routes:
        inner = getattr(r, "original_router", None) or getattr(r, "router", None)
        if inner is not None and hasattr(inner, "routes"):
            out |= _paths(inner.routes, prefix + getattr(inner, "prefix", ""))
        elif hasattr(r, "path"):
            out.add(prefix + r.path)
    return out


def _routes(service: str) -> set[str]:
    app = importlib.import_module(f"services.{service}.app").create_app(_settings_class(service)())
    paths = _paths(app.routes)
    assert "/v1/openapi.json" not in paths and len(paths) > 5, paths
    return paths


def _known(service: str, key: str) -> bool:
    return key in EXTRA_ENV or key.removeprefix("RW_").lower() in _settings_class(service).model_fields


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_services_env_ports_and_health(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "kafka", "migrate", *SERVICES}
    assert "KAFKA_PROCESS_ROLES" in services["kafka"]["environment"]  # KRaft, no ZooKeeper
    for name in SERVICES:
        svc = services[name]
        env = svc["environment"]
        assert set(env) >= REQUIRED, f"{name} lacks {REQUIRED - set(env)}"
        unknown = [k for k in env if not _known(name, k)]
        assert not unknown, f"{name}: {unknown} are not settings of {name}"
        port = DEFAULT_PORTS[name]
        assert _settings_class(name).model_fields[f"{name}_port"].default == port
        assert env[f"RW_{name.upper()}_PORT"] == str(port)
        assert svc["ports"] == [f"{port}:{port}"] and svc["command"][-1] == str(port)
        assert svc["command"][:2] == ["serve", name]
        path = svc["healthcheck"]["test"][-1]
        assert path in _routes(name), f"{name} healthcheck {path} is not a route"
        deps = svc["depends_on"]
        assert deps["migrate"]["condition"] == "service_completed_successfully"
        assert deps["kafka"]["condition"] == deps["postgres"]["condition"] == "service_healthy"
    migrate = services["migrate"]
    assert migrate["command"][:2] == ["migrate", "--topics"]
    assert {k: v["condition"] for k, v in migrate["depends_on"].items()} == {
        "postgres": "service_healthy",
        "kafka": "service_healthy",
    }
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["kafka"]


def test_dockerfile_is_slim_non_root_with_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    final = text[text.rindex("\nFROM ") :]
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11\.\d+-slim-bookworm\s*$", text, re.M)  # pinned
    assert re.search(r"^FROM \$\{PYTHON_IMAGE\}\s*$", final, re.M)
    assert "--require-hashes" in text and "requirements.lock" in text
    user = re.search(r"^USER (\S+)", final, re.M)
    assert user and user.group(1).split(":")[0] not in ("root", "0")
    assert "HEALTHCHECK" in final and "services.common.healthcheck" in final
    assert re.search(r'^ENTRYPOINT \["ruralwatch"\]', final, re.M)
    # the project alone: no [dev] or [embedded] extras in the image
    assert re.search(r"pip wheel [^\n]*--no-deps[^\n]* \.$", text, re.M)


def _k8s() -> list[dict[str, Any]]:
    docs = []
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return docs


def test_k8s_manifests_agree_with_the_code() -> None:
    docs = _k8s()
    by_kind: dict[str, dict[str, Any]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    assert set(by_kind["Deployment"]) == set(SERVICES) == set(by_kind["Service"])
    configmap = by_kind["ConfigMap"]["ruralwatch-config"]
    assert set(configmap["metadata"]) == {"name", "namespace"}  # settings belong in data
    config = configmap["data"]
    runbook = (ROOT / "deploy" / "RUNBOOK.md").read_text(encoding="utf-8")
    for name, dep in by_kind["Deployment"].items():
        pod = dep["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        (c,) = pod["containers"]
        port = DEFAULT_PORTS[name]
        assert c["args"] == ["serve", name, "--port", str(port)]
        assert c["ports"][0]["containerPort"] == port
        routes = _routes(name)
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz" in routes
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz" in routes
        assert c["resources"]["requests"]["cpu"] and c["resources"]["requests"]["memory"]
        own = {e["name"] for e in c["env"]}
        env = own | set(config)
        assert env >= REQUIRED, f"{name} lacks {REQUIRED - env}"
        assert not [k for k in own if not _known(name, k)]
        for e in c["env"]:
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref:  # every secret key the pods read is one the runbook tells you to create
                assert ref["name"] == "ruralwatch-secrets" and f"--from-literal={ref['key']}=" in runbook
        svc = by_kind["Service"][name]
        assert svc["spec"]["ports"][0]["port"] == port and svc["spec"]["ports"][0]["targetPort"] == "http"
    # the shared ConfigMap holds settings of at least one service each (a typo would be ignored silently)
    assert not [k for k in config if not any(_known(n, k) for n in SERVICES)]
    job = by_kind["Job"]["ruralwatch-migrate"]
    assert job["spec"]["template"]["spec"]["containers"][0]["args"][:2] == ["migrate", "--topics"]


def test_runbook_covers_every_operation() -> None:
    runbook = (ROOT / "deploy" / "RUNBOOK.md").read_text(encoding="utf-8")
    for heading in (
        "## Start",
        "## Scale consumers",
        "## Replay a topic",
        "## Drain a dead-letter queue",
        "## Rotate keys",
        "## Back up and restore",
    ):
        assert heading in runbook


def test_the_lock_file_pins_every_runtime_dependency_with_hashes() -> None:
    """Issue 11, hole 12: the image installed whatever PyPI served that day."""
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.-]+)==[^\s]+ \\$", lock, re.M)}
    assert names <= pinned, names - pinned
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n\n", 1)[1])
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)
    assert "file://" not in lock


def test_kafka_principals_acls_and_network_policies() -> None:
    """Issue 11, hole 4: one Kafka principal per service with ACLs from the topic owners in code;
    compose logs every service in as itself; k8s admits only the ingress and reaches only PG/Kafka."""
    from services.common.kafka_acls import acl_script, writes

    assert (ROOT / "deploy" / "kafka" / "acls.sh").read_text(encoding="utf-8") == acl_script()
    assert writes("households") == [
        "alerts.alert.v1.dlq",
        "audit.trail.v1",
        "calendar.v1.dlq",
        "households.household.v1",
    ]
    assert "calendar.v1" in writes("alerts") and "calendar.v1" not in writes("households")
    assert "households.household.v1" not in writes("alerts") and "alerts.alert.v1" not in writes("loans")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    kafka_env = compose["services"]["kafka"]["environment"]
    assert kafka_env["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false"
    assert (
        kafka_env["KAFKA_LISTENERS"].startswith("SASL_PLAINTEXT://:9092")
        and "LOCAL://127.0.0.1:" in kafka_env["KAFKA_LISTENERS"]
    )
    for name in ("alerts", "households", "loans", "reports"):
        env = compose["services"][name]["environment"]
        assert env["RW_KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT" and env["RW_KAFKA_SASL_USERNAME"] == name
    policies = list(
        yaml.safe_load_all((ROOT / "deploy" / "k8s" / "networkpolicy.yaml").read_text(encoding="utf-8"))
    )
    assert {p["metadata"]["name"] for p in policies} >= {"ruralwatch-default-deny", "ruralwatch-services"}
    assert policies[0]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_services_log_in_as_their_own_database_roles() -> None:
    """Issue 11, hole 10: one superuser identity served every service and the migrations."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    owner_url = compose["services"]["migrate"]["environment"]["RW_DATABASE_URL"]
    assert "ruralwatch:" in owner_url  # the schema owner, for the migrations job only
    for name in ("alerts", "households", "loans", "reports"):
        env = compose["services"][name]["environment"]
        assert "@" not in env["RW_DATABASE_URL"] and env["RW_DB_PASSWORD"].startswith("${DB_PASSWORD_")
        assert f"RW_DB_PASSWORD_{name.upper()}" in compose["services"]["migrate"]["environment"]
    for d in _k8s():
        if d["kind"] == "Deployment":
            (c,) = d["spec"]["template"]["spec"]["containers"]
            names = {e["name"] for e in c["env"]}
            assert "RW_DB_PASSWORD" in names and "RW_DATABASE_URL" not in names
