"""aiokafka wrappers: producer and consumer with the project's settings, and topic creation."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context

from services.common.events.topics import ALL_TOPICS, Topic
from services.common.partitioner import Murmur2Partitioner
from services.common.redact import safe_error
from services.common.settings import CommonSettings, get_settings

log = structlog.get_logger(__name__)
T = TypeVar("T")


def security_kwargs(settings: CommonSettings | None = None) -> dict[str, Any]:
    """aiokafka's connection security from RW_KAFKA_SECURITY_PROTOCOL and friends (every client)."""
    s = settings or get_settings()
    if s.kafka_security_protocol == "PLAINTEXT":
        return {}
    kwargs: dict[str, Any] = {"security_protocol": s.kafka_security_protocol}
    if s.kafka_security_protocol in ("SSL", "SASL_SSL"):
        kwargs["ssl_context"] = create_ssl_context(
            cafile=s.kafka_ssl_cafile, certfile=s.kafka_ssl_certfile, keyfile=s.kafka_ssl_keyfile
        )
    if s.kafka_security_protocol.startswith("SASL"):
        kwargs.update(
            sasl_mechanism=s.kafka_sasl_mechanism,
            sasl_plain_username=s.kafka_sasl_username,
            sasl_plain_password=s.kafka_sasl_password,
        )
    return kwargs


def admin_client(bootstrap: str) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5_000, **security_kwargs())


def retention_configs(topic: str, settings: CommonSettings | None = None) -> dict[str, str]:
    """Finite retention for what holds plaintext personal data: the inbound feed and every DLQ."""
    s = settings or get_settings()
    if topic.endswith(".dlq"):
        return {"retention.ms": str(s.kafka_dlq_retention_hours * 3_600_000)}
    if topic == Topic.PROVINCE_ALERTS_INBOUND.value:
        return {"retention.ms": str(s.kafka_inbound_retention_hours * 3_600_000)}
    return {}


def make_producer(
    bootstrap: str, *, client_id: str = "ruralwatch", partitioner: Any = None
) -> AIOKafkaProducer:
    """A producer with `acks=all`; no idempotence (the embedded tansu broker lacks InitProducerId). Keys
    are partitioned as Kafka's default partitioner does, by a faster murmur2 (services/common/partitioner.py)
    unless `partitioner` is given."""
    return AIOKafkaProducer(
        partitioner=partitioner or Murmur2Partitioner(),
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=False,
        linger_ms=5,
        max_batch_size=256 * 1024,
        request_timeout_ms=10_000,
        retry_backoff_ms=200,
        compression_type=None,
        **security_kwargs(),
    )


async def until_stopped(work: Coroutine[Any, Any, T], stop: asyncio.Event) -> T | None:
    """`work`'s result, or None as soon as `stop` is set (the work is then cancelled): joining a group
    can take seconds, and a service told to stop should not wait for it."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    return None if task.cancelled() else task.result()


async def stop_quietly(client: AIOKafkaConsumer | AIOKafkaProducer, *, timeout: float = 5.0) -> str | None:
    """Stop a Kafka client whatever state its connections are in; returns why it did not stop cleanly.

    aiokafka's fetcher lets its own task's cancellation out of `stop()` when a fetch was retrying
    against a broker that is away; that must not end the caller's loop. A cancellation of the caller
    itself is passed on."""
    try:
        await asyncio.wait_for(client.stop(), timeout)
    except asyncio.CancelledError as exc:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
        return f"CancelledError {exc}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def make_consumer(
    bootstrap: str,
    *topics: str,
    group_id: str,
    client_id: str = "ruralwatch",
    listener: ConsumerRebalanceListener | None = None,
) -> AIOKafkaConsumer:
    """A consumer in group `group_id` that commits offsets only when told to; `listener` hears of
    every rebalance."""
    session_ms = get_settings().kafka_session_timeout_ms
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=client_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
        # how long a fetch may wait for records (RW_KAFKA_FETCH_MAX_WAIT_MS): Kafka answers as soon as one
        # arrives; tansu waits it out, so this bounds the event latency on the embedded broker
        fetch_max_wait_ms=get_settings().kafka_fetch_max_wait_ms,
        session_timeout_ms=session_ms,
        heartbeat_interval_ms=min(1_000, session_ms // 6),
        request_timeout_ms=15_000,
        metadata_max_age_ms=5_000,
        **security_kwargs(),
    )
    if topics:
        consumer.subscribe(list(topics), listener=listener)
    return consumer


async def ensure_topics(
    bootstrap: str,
    topics: Iterable[str] = ALL_TOPICS,
    *,
    partitions: int = 3,
    replication: int = 1,
    timeout: float = 30.0,
) -> None:
    """Create the topics that do not exist yet (a consumer on a missing topic can sit idle)."""
    wanted = list(dict.fromkeys(topics))
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        admin = admin_client(bootstrap)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [t for t in wanted if t not in existing]
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(
                        [
                            NewTopic(t, partitions, replication, topic_configs=retention_configs(t))
                            for t in missing
                        ]
                    )
                log.info("topics_created", topics=missing)
            return
        except (KafkaError, OSError) as exc:
            if asyncio.get_running_loop().time() > deadline:
                raise
            log.info("broker_not_ready", error=str(exc)[:200])
            await asyncio.sleep(0.5)
        finally:
            await admin.close()


async def apply_retention(bootstrap: str, topics: Iterable[str]) -> list[str]:
    """Set the finite retention of `retention_configs` on topics that already exist (an upgrade);
    returns the topics changed. A broker that cannot alter configs is logged, not fatal."""
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    wanted = {t: c for t in topics if (c := retention_configs(t))}
    if not wanted:
        return []
    admin = admin_client(bootstrap)
    try:
        await admin.start()
        await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, t, configs=c) for t, c in wanted.items()]
        )
        return sorted(wanted)
    except (KafkaError, OSError, NotImplementedError) as exc:
        log.warning("retention_not_applied", topics=sorted(wanted), error=safe_error(exc))
        return []
    finally:
        await admin.close()


async def wait_for_topics(bootstrap: str, topics: Iterable[str], *, timeout: float = 10.0) -> None:
    """Wait until every topic exists (services never create topics: the launcher or the deployment does).

    A consumer subscribed to a missing topic can sit idle, and clients racing to create one topic confuse
    the embedded broker (docs/adr/0004); so services wait, and their run loops retry with backoff.
    """
    wanted = set(topics)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        admin = admin_client(bootstrap)
        try:
            await admin.start()
            missing = wanted - set(await admin.list_topics())
            if not missing:
                return
            log.info("waiting_for_topics", missing=sorted(missing))
        except (KafkaError, OSError) as exc:
            log.info("broker_not_ready", error=str(exc)[:200])
        finally:
            await admin.close()
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"topics missing on {bootstrap}: {sorted(wanted)}")
        await asyncio.sleep(0.5)


async def topic_message_count(bootstrap: str, topic: str) -> int:
    """Messages currently kept in `topic` (end minus beginning offsets over its partitions)."""
    from aiokafka import TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, **security_kwargs())
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            await consumer.topics()
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            return 0
        ends = await consumer.end_offsets(tps)
        starts = await consumer.beginning_offsets(tps)
        return sum(ends[tp] - starts[tp] for tp in tps)
    finally:
        await consumer.stop()


async def group_lag(bootstrap: str, group: str, topic: str) -> int:
    """Messages of `topic` that consumer group `group` has not committed yet (0 when caught up)."""
    from aiokafka import TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False, **security_kwargs()
    )
    await consumer.start()
    try:
        await consumer.topics()
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or set())]
        if not tps:
            return 0
        ends = await consumer.end_offsets(tps)
        starts = await consumer.beginning_offsets(tps)
        lag = 0
        for tp in tps:
            committed = await consumer.committed(tp)
            # max(…, 0): the embedded tansu can report an end offset below the committed one (it seems to
            # answer the last batch's base offset), so "committed at or past the end" means caught up
            lag += max(ends[tp] - (committed if committed is not None else starts[tp]), 0)
        return lag
    finally:
        await consumer.stop()


class BrokerProbe:
    """Is any bootstrap broker accepting connections? A TCP connect, cached for `ttl` seconds.

    Readiness needs to know the broker is away at once; a producer or consumer only finds out when a
    request times out (up to half a minute), and a consumer with nothing to read may never. The probe
    answers within `timeout` and is cheap enough for every `/readyz`.
    """

    def __init__(self, bootstrap: str, *, timeout: float = 1.0, ttl: float = 2.0) -> None:
        self.addresses = []
        for part in bootstrap.split(","):
            host, _, port = part.strip().rpartition(":")
            if host and port.isdigit():
                self.addresses.append((host.strip("[]"), int(port)))
        self.timeout, self.ttl = timeout, ttl
        self._checked_at = -1e9
        self._reachable = False

    async def reachable(self) -> bool:
        now = asyncio.get_running_loop().time()
        if now - self._checked_at < self.ttl:
            return self._reachable
        self._reachable = False
        for host, port in self.addresses:
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), self.timeout)
            except (OSError, TimeoutError):
                continue
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            self._reachable = True
            break
        self._checked_at = now
        return self._reachable
