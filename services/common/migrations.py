"""Per-service Alembic migrations: the launcher creates each service's database and upgrades it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from services.common import idempotency, inbox, outbox  # noqa: F401 - register the platform tables
from services.common.db import PlatformBase
from services.common.settings import database_url_for


def alembic_config(migrations_dir: Path, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


async def ensure_database(server_url: str, database: str) -> bool:
    """Create `database` on the server if missing; True when it was created."""
    conn = await asyncpg.connect(database_url_for(server_url, "postgres", driver="postgresql"))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if exists:
            return False
        await conn.execute(f'CREATE DATABASE "{database}"')
        return True
    finally:
        await conn.close()


async def drop_database(server_url: str, database: str) -> None:
    conn = await asyncpg.connect(database_url_for(server_url, "postgres", driver="postgresql"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()


def upgrade(migrations_dir: Path, url: str, revision: str = "head") -> None:
    """Run `alembic upgrade` (blocking; call it from a thread inside an event loop)."""
    command.upgrade(alembic_config(migrations_dir, url), revision)


# tables a service may only read and append to (their triggers refuse edits too)
APPEND_ONLY_TABLES = ("audit_entries", "audit_chain")


async def migrate_service(
    server_url: str, database: str, migrations_dir: Path, *, role_password: str | None = None
) -> None:
    """Create the database, upgrade it (as the migration owner, the identity of `server_url`), then
    create or refresh the service's own role (named like its database) with least privilege."""
    await ensure_database(server_url, database)
    url = database_url_for(server_url, database)
    await asyncio.to_thread(upgrade, migrations_dir, url)
    await ensure_service_role(server_url, database, password=role_password)


async def ensure_service_role(server_url: str, database: str, *, password: str | None = None) -> None:
    """The service's login role `database`: it connects to its own database only, reads and writes its
    tables (no DDL: the migration owner owns them), may only read and append to the audit tables."""
    role = database
    admin = await asyncpg.connect(database_url_for(server_url, "postgres", driver="postgresql"))
    try:
        quoted_password = await admin.fetchval("SELECT quote_literal($1)", password) if password else None
        exists = await admin.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        verb = "ALTER" if exists else "CREATE"
        await admin.execute(
            f'{verb} ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
            + (f" PASSWORD {quoted_password}" if quoted_password else "")
        )
        await admin.execute(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
        await admin.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{role}"')
    finally:
        await admin.close()
    conn = await asyncpg.connect(database_url_for(server_url, database, driver="postgresql"))
    try:
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        await conn.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        await conn.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO "{role}"'
        )
        await conn.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        for table in APPEND_ONLY_TABLES:
            if await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", f"public.{table}"):
                await conn.execute(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM "{role}"')
    finally:
        await conn.close()


def run_env(target_metadata: MetaData, *more: MetaData) -> None:
    """Body of a service's `migrations/env.py` (async engine, online or offline); `more` are kernel
    tables the service's migrations also create (e.g. the audit chain)."""
    metadata = [target_metadata, *more, PlatformBase.metadata]
    cfg = context.config
    if context.is_offline_mode():
        context.configure(
            url=cfg.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = async_engine_from_config(
            cfg.get_section(cfg.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run_async())
    else:  # pragma: no cover - alembic is always called from a worker thread here
        raise RuntimeError("run migrations from a thread without a running event loop")
