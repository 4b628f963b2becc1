"""Behind a reverse proxy: which address the log-in throttle counts.

uvicorn takes the client's address from ``X-Forwarded-For`` only when the
connection comes from an address it trusts (``CATPACK_FORWARDED_ALLOW_IPS``;
by default its own, loopback). A real ``catpack serve`` (two worker processes
on PostgreSQL, one on SQLite) is asked for a token with a wrong password, and
the throttle's stored keys show the address it counted.
"""

from __future__ import annotations

import httpx2 as httpx
import pytest
from sqlalchemy import select

from catpack.domain.errors import ConfigError
from catpack.settings import Settings, load_settings
from catpack.store import schema as t
from catpack.store.db import Database
from tests.serving import server_env, serving

PHONE = "203.0.113.7"


def _counted(settings: Settings, **env: str) -> set[str]:
    args = () if settings.resolved_database_url().startswith("sqlite") else ("--workers", "2")
    with serving(server_env(settings, **env), *args) as server:
        r = httpx.post(
            f"{server.base}/tokens",
            json={"email": "nobody@example.org", "password": "wrong-password"},
            headers={"X-Forwarded-For": PHONE},
            timeout=60,
        )
        assert r.status_code == 401, r.text
    db = Database.from_settings(settings)
    try:
        with db.write() as s:
            keys = set(s.scalars(select(t.LoginThrottle.key)))
            s.execute(t.LoginThrottle.__table__.delete())
    finally:
        db.dispose()
    return {k for k in keys if k.startswith("address:")}


def test_the_throttle_counts_the_address_the_proxy_forwards(db_settings: Settings) -> None:
    # The proxy on this machine (loopback), as docs/deploy.md sets it up.
    assert _counted(db_settings) == {f"address:{PHONE}"}
    # A proxy elsewhere: this connection (from loopback) is not it, so its
    # X-Forwarded-For is not believed.
    assert _counted(db_settings, CATPACK_FORWARDED_ALLOW_IPS="10.0.0.5") == {"address:127.0.0.1"}
    assert _counted(db_settings, CATPACK_FORWARDED_ALLOW_IPS="127.0.0.0/8, 10.0.0.5") == {
        f"address:{PHONE}"
    }


@pytest.mark.parametrize("value", ["proxy.example.org", "10.0.0.5,,300.1.1.1", " , "])
def test_a_proxy_address_that_is_none_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match=r"^CATPACK_FORWARDED_ALLOW_IPS: "):
        load_settings(forwarded_allow_ips=value)
