import time

import jwt
import pytest

from services.common.auth import Role, decode_token, mint_token
from services.common.errors import APIError
from services.common.settings import CommonSettings

S = CommonSettings()


def test_round_trip() -> None:
    p = decode_token(mint_token(sub="u1", role="village_cadre", villages=["430981101201"], settings=S), S)
    assert (
        p.role is Role.village_cadre and p.villages == {"430981101201"} and p.can_see_village("430981101201")
    )
    assert not p.can_see_village("430981101202")


@pytest.mark.parametrize(
    "token",
    [
        jwt.encode(
            {"sub": "u", "role": "admin", "aud": "ruralwatch", "exp": int(time.time()) - 10}, S.auth_secret
        ),
        jwt.encode(
            {"sub": "u", "role": "admin", "aud": "ruralwatch", "exp": int(time.time()) + 60},
            "wrong-secret-0123456789-0123456789",
        ),
        jwt.encode(
            {"sub": "u", "role": "admin", "aud": "other", "exp": int(time.time()) + 60}, S.auth_secret
        ),
        jwt.encode(
            {"sub": "u", "role": "admin", "aud": "ruralwatch", "exp": int(time.time()) + 60},
            None,
            algorithm="none",
        ),
        jwt.encode(
            {"sub": "u", "role": "king", "aud": "ruralwatch", "exp": int(time.time()) + 60}, S.auth_secret
        ),
        jwt.encode(
            {"sub": "u", "role": "village_cadre", "aud": "ruralwatch", "exp": int(time.time()) + 60},
            S.auth_secret,
        ),
        "not-a-token",
    ],
    ids=[
        "expired",
        "bad-signature",
        "audience",
        "alg-none",
        "unknown-role",
        "cadre-without-villages",
        "garbage",
    ],
)
def test_refused_tokens(token: str) -> None:
    with pytest.raises(APIError) as exc:
        decode_token(token, S)
    assert exc.value.status == 401


def test_a_rotated_secret_is_accepted_only_while_listed_as_previous() -> None:
    old = CommonSettings(auth_secret="old-secret-0123456789-0123456789-01")
    token = mint_token(sub="u1", role="town_officer", settings=old)
    rotating = CommonSettings(
        auth_secret="new-secret-0123456789-0123456789-01", auth_previous_secrets=[old.auth_secret]
    )
    assert decode_token(token, rotating).sub == "u1"
    assert decode_token(mint_token(sub="u2", role="town_officer", settings=rotating), rotating).sub == "u2"
    rotated = CommonSettings(auth_secret=rotating.auth_secret)
    with pytest.raises(APIError) as exc:
        decode_token(token, rotated)
    assert exc.value.status == 401


def _claims(**over: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "u",
        "role": "admin",
        "aud": "ruralwatch",
        "iss": "ruralwatch",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(over)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.mark.parametrize(
    ("over", "reason"),
    [
        ({"iss": None}, "iss"),
        ({"iss": "someone-else"}, "issuer"),
        ({"iat": None}, "iat"),
        ({"iat": int(time.time()) + 3600, "exp": int(time.time()) + 7200}, "not yet valid"),
        ({"exp": int(time.time()) + 40 * 24 * 3600}, "lifetime"),
    ],
    ids=["no-iss", "wrong-iss", "no-iat", "iat-in-future", "lifetime-over-cap"],
)
def test_issuer_issued_at_and_lifetime_are_checked(over: dict[str, object], reason: str) -> None:
    """Issue 11, hole 12: tokens without `iss`/`iat`, or living for weeks, were accepted."""
    token = jwt.encode(_claims(**over), S.auth_secret)
    with pytest.raises(APIError) as exc:
        decode_token(token, S)
    assert exc.value.status == 401 and reason in exc.value.message, exc.value.message
    assert decode_token(jwt.encode(_claims(), S.auth_secret), S).expires_at is not None


def test_minting_past_the_lifetime_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        mint_token(sub="u", role="admin", ttl_seconds=S.auth_max_token_seconds + 1, settings=S)


def test_a_verified_token_is_cached_until_it_expires_and_only_under_the_same_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 15: a client's repeated token is verified once; the cache never outlives the token's expiry
    nor a change of keys (a rotated-out secret), and never keeps a refusal."""
    import services.common.auth as auth

    calls = {"n": 0}
    real = jwt.decode

    def counting(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auth.jwt, "decode", counting)
    token = mint_token(sub="cached", role="town_officer", ttl_seconds=120, settings=S)
    assert [decode_token(token, S).sub for _ in range(50)] == ["cached"] * 50
    assert calls["n"] == 1
    other = CommonSettings(auth_secret="another-secret-0123456789-012345678")
    with pytest.raises(APIError):
        decode_token(token, other)  # other keys: verified again, and refused
    with pytest.raises(APIError):
        decode_token(token, other)  # the refusal was not cached: verified again
    assert calls["n"] == 3
    decode_token(token, S)
    decode_token(token, S)
    assert calls["n"] == 4  # verified again under S once, then cached
    later = time.time() + 3600
    monkeypatch.setattr(auth.time, "time", lambda: later)
    decode_token(token, S)  # past its expiry (by the service's clock): verified again, not served cached
    assert calls["n"] == 5
