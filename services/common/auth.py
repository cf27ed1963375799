"""JWT bearer auth with roles and village scope (SPEC §2)."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request

from services.common.errors import APIError
from services.common.settings import CommonSettings, get_settings, require_secure


class Role(StrEnum):
    village_cadre = "village_cadre"  # 村干部
    town_officer = "town_officer"  # 乡镇干部
    county_viewer = "county_viewer"
    auditor = "auditor"
    integration = "integration"  # provincial platform integration
    admin = "admin"
    finance = "finance"  # 财政所/合作银行: the unmasked subsidy claim list, each download audited


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    sub: str
    role: Role
    name: str = ""
    villages: frozenset[str] = field(default_factory=frozenset)
    expires_at: int | None = None  # the token's `exp`: long-lived streams close when it passes

    def expired(self, now: float | None = None) -> bool:
        return self.expires_at is not None and (now if now is not None else time.time()) >= self.expires_at

    @property
    def village_scoped(self) -> bool:
        return self.role is Role.village_cadre

    def can_see_village(self, village_code: str) -> bool:
        return not self.village_scoped or village_code in self.villages

    def actor(self) -> dict[str, str]:
        return {"sub": self.sub, "role": self.role.value}


def _unauthorized(message: str) -> APIError:
    return APIError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def _verification_keys(settings: CommonSettings) -> list[str]:
    if settings.auth_algorithm == "RS256":
        keys = [settings.auth_public_key] if settings.auth_public_key else []
    else:  # the current secret first, then those still accepted during a rotation
        keys = [k for k in (settings.auth_secret, *settings.auth_previous_secrets) if k]
    if not keys:
        raise _unauthorized("token verification key is not configured")
    return keys


def _verified_claims(token: str, settings: CommonSettings) -> dict[str, Any]:
    """The claims of a token signed by one of the keys, unexpired, for this audience and issuer."""
    keys = _verification_keys(settings)
    for n, key in enumerate(keys):
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[settings.auth_algorithm],
                audience=settings.auth_audience,
                issuer=settings.auth_issuer,
                leeway=settings.auth_leeway_seconds,
                options={"require": ["sub", "role", "exp", "iat", "iss"]},
            )
            return claims
        except jwt.InvalidSignatureError as exc:
            if n == len(keys) - 1:
                raise _unauthorized(f"invalid token: {exc}") from exc
        except jwt.ExpiredSignatureError as exc:
            raise _unauthorized("token expired") from exc
        except jwt.PyJWTError as exc:
            raise _unauthorized(f"invalid token: {exc}") from exc
    raise _unauthorized("invalid token")  # not reached: the last key either returns or raises


# tokens already verified, with the verification settings they passed under: a client sends the same
# token with every request, and checking its signature again cost ≈ 0.8 ms a request (the profile of
# bench/profile_transitions.py). A hit is used only before the token's expiry and while the keys,
# algorithm, audience and issuer are those it was verified with (a rotated-out key drops it).
_VERIFIED: OrderedDict[str, tuple[tuple[Any, ...], Principal]] = OrderedDict()
_VERIFIED_MAX = 4096


def _verifying_with(settings: CommonSettings) -> tuple[Any, ...]:
    return (
        settings.auth_algorithm,
        settings.auth_audience,
        settings.auth_issuer,
        settings.auth_leeway_seconds,
        settings.auth_max_token_seconds,
        tuple(_verification_keys(settings)),
    )


def decode_token(token: str, settings: CommonSettings) -> Principal:
    """Verify a token (signature, expiry, audience, algorithm) and return its principal; a token verified
    before under the same settings is answered from the cache until it expires."""
    under = _verifying_with(settings)
    hit = _VERIFIED.get(token)
    if hit is not None:
        expires = hit[1].expires_at or 0
        if hit[0] == under and time.time() < expires + settings.auth_leeway_seconds:
            return hit[1]
        _VERIFIED.pop(token, None)
    principal = _principal_of(token, settings)
    _VERIFIED[token] = (under, principal)
    if len(_VERIFIED) > _VERIFIED_MAX:
        _VERIFIED.popitem(last=False)
    return principal


def _principal_of(token: str, settings: CommonSettings) -> Principal:
    claims = _verified_claims(token, settings)
    lifetime = int(claims["exp"]) - int(claims["iat"])
    if lifetime > settings.auth_max_token_seconds:
        raise _unauthorized(
            f"token lifetime {lifetime} s is over the {settings.auth_max_token_seconds} s allowed"
        )
    try:
        role = Role(claims["role"])
    except ValueError as exc:
        raise _unauthorized(f"unknown role {claims['role']!r}") from exc
    villages = claims.get("villages") or []
    if not isinstance(villages, list) or not all(isinstance(v, str) for v in villages):
        raise _unauthorized("claim 'villages' must be a list of village codes")
    if role is Role.village_cadre and not villages:
        raise _unauthorized("a village_cadre token must name its villages")
    return Principal(
        sub=str(claims["sub"]),
        role=role,
        name=str(claims.get("name", "")),
        villages=frozenset(villages),
        expires_at=int(claims["exp"]),
    )


def mint_token(
    *,
    sub: str,
    role: Role | str,
    villages: Iterable[str] = (),
    name: str = "",
    ttl_seconds: int = 12 * 3600,
    settings: CommonSettings | None = None,
    private_key: str | None = None,
) -> str:
    """Mint a signed token (dev and tests; production tokens come from the identity provider)."""
    settings = settings or get_settings()
    require_secure(settings, what="minting a token")
    if ttl_seconds > settings.auth_max_token_seconds:
        raise ValueError(
            f"a token may live at most {settings.auth_max_token_seconds} s (RW_AUTH_MAX_TOKEN_SECONDS)"
        )
    now = int(time.time())
    claims = {
        "iss": settings.auth_issuer,
        "sub": sub,
        "name": name,
        "role": Role(role).value,
        "villages": list(villages),
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    key = private_key if settings.auth_algorithm == "RS256" else settings.auth_secret
    if key is None:
        raise ValueError("RS256 needs a private key to mint tokens")
    return jwt.encode(claims, key, algorithm=settings.auth_algorithm)


async def current_principal(request: Request) -> Principal:
    """FastAPI dependency: the caller from the bearer token, or 401."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("missing bearer token")
    settings: CommonSettings = getattr(request.app.state, "settings", None) or get_settings()
    return decode_token(token.strip(), settings)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    """Dependency factory: the caller must hold one of `roles`, else 403."""
    allowed = frozenset(roles)

    async def _check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise APIError(
                403,
                "forbidden",
                f"role {principal.role.value} may not do this",
                [{"allowed_roles": sorted(r.value for r in allowed)}],
            )
        return principal

    _check.roles = allowed  # type: ignore[attr-defined]  # read by services.common.spec: x-roles in OpenAPI
    return _check
