"""PII key rotation on the real PostgreSQL: values written under the old key are read while it is a
previous key, `rekey` rewrites each of them once under the new key, and then the old key can go."""

from __future__ import annotations

import base64
import os
from dataclasses import replace
from typing import Any

import asyncpg

from services.common.demo_town import VILLAGES
from services.common.ids import PiiCipher
from services.common.rekey import rekey
from services.households.demo import build_town
from services.households.models import PII_COLUMNS
from services.households.registry import register_villages, store_members
from tests.conftest import households_ctx


async def test_rekey_rewrites_every_value_once_and_the_old_key_can_go(
    households_settings: Any, clean_households: str
) -> None:
    ctx = households_ctx(households_settings)
    await register_villages(ctx, VILLAGES, {"sub": "test"})
    rows, _ = build_town()
    rows = [replace(r, phone="13800138000") if i % 2 else r for i, r in enumerate(rows[:40])]
    async with ctx.db.transaction() as s:
        assert (await store_members(ctx, s, rows, {"sub": "test"})).stored_members == 40
    conn = await asyncpg.connect(clean_households.replace("+asyncpg", ""))
    try:
        before = {
            r["id"]: (r["id_number_enc"], r["phone_enc"]) for r in await conn.fetch("SELECT * FROM members")
        }
        new_key = base64.b64encode(os.urandom(32)).decode()
        settings = households_settings
        rotating = PiiCipher(new_key, settings.pii_hash_key, [settings.pii_key])
        done = await rekey(ctx.db, rotating, PII_COLUMNS, batch=7)
        assert done["members"] == {"rows": 40, "rewritten": 40 + 40 + 20}  # names, ID numbers, phones
        again = await rekey(ctx.db, rotating, PII_COLUMNS, batch=7)
        assert again["members"] == {"rows": 40, "rewritten": 0}  # nothing left under the old key
        only_new = PiiCipher(new_key, settings.pii_hash_key)
        old = PiiCipher(settings.pii_key, settings.pii_hash_key)
        after = {
            r["id"]: (r["id_number_enc"], r["phone_enc"]) for r in await conn.fetch("SELECT * FROM members")
        }
        by_id = {r.id_number for r in rows}
        assert {only_new.open("members", "id_number_enc", k, v[0]) for k, v in after.items()} == by_id
        for member_id, (id_enc, phone_enc) in after.items():
            assert id_enc != before[member_id][0]
            assert old.open("members", "id_number_enc", member_id, before[member_id][0]) == only_new.open(
                "members", "id_number_enc", member_id, id_enc
            )  # and still bound to its row after the rotation
            if phone_enc is not None:
                assert only_new.open("members", "phone_enc", member_id, phone_enc) == "13800138000"
    finally:
        await conn.close()
        await ctx.db.dispose()
