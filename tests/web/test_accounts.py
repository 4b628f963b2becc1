"""Accounts through the API: the reserved local owner, sign-up modes, invites
and roles, read-only shares, tokens (expiry, list, revoke) and log-in
throttling, on both databases. Each test names the finding of issue #9 it
covers; each failed before the fix."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from catpack.domain.errors import ConfigError
from catpack.services import users
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.store.db import Database
from catpack.web.app import create_app
from tests.page_helpers import FormClient

API = "/api/v1"
PASSWORD = "pw-123456"
SESSION = {
    "at": "2026-11-20T18:00:00+01:00",
    "stage": "introduce",
    "level": 1,
    "reps": 5,
    "calm_reps": 5,
    "observation": {"tail": "upright"},
}


def fast(settings: Settings, **more: Any) -> Settings:
    """The settings with cheap password hashing (tests only; the default stays 64 MiB)."""
    return settings.model_copy(update={"argon2_memory_kib": 1024, **more})


@pytest.fixture
def api(db_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(fast(db_settings))) as c:
        yield c


def sign_up(c: TestClient, email: str, **more: Any) -> dict[str, str]:
    made = c.post(f"{API}/users", json={"email": email, "password": PASSWORD, **more})
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['token']}"}


def test_owner_takeover_by_sign_up_is_refused(db_settings: Settings) -> None:
    """Finding: on a fresh database, signing up as ``Owner@LocalHost`` before
    the first page visit made the attacker the owner of the pages' account."""
    app = create_app(fast(db_settings))
    with TestClient(app) as c:
        for spelt in ("Owner@LocalHost", "owner@localhost", "OWNER@LOCALHOST"):
            r = c.post(f"{API}/users", json={"email": spelt, "password": PASSWORD})
            assert r.status_code == 409, r.text
            assert PASSWORD not in r.text
        # The pages act for the local owner, who has no password to log in with.
        owner = users.local_actor(app.state.db, "owner@localhost")
        login = c.post(f"{API}/tokens", json={"email": "owner@localhost", "password": PASSWORD})
        assert login.status_code == 401
    with app.state.db.read() as s:
        row = s.get(t.User, owner.user_id)
        assert row is not None and row.local_owner and row.password_hash is None


def test_an_account_that_took_the_owner_email_before_the_fix_is_refused(
    db_settings: Settings,
) -> None:
    """A database where someone signed up as the local owner's e-mail before it
    was reserved: the app refuses to start rather than act for that account."""
    db = Database.from_settings(db_settings)
    users.create_user(db, "Owner@LocalHost", "Mallory", PASSWORD)
    db.dispose()
    with pytest.raises(ConfigError, match="CATPACK_CLI_USER"):
        create_app(db_settings)


def test_sign_up_modes(db_settings: Settings) -> None:
    body = {"email": "x@y.org", "password": PASSWORD}
    with TestClient(create_app(fast(db_settings, signup="closed"))) as c:
        assert c.post(f"{API}/users", json=body).status_code == 403
    with TestClient(create_app(fast(db_settings, signup="invite"))) as c:
        r = c.post(f"{API}/users", json=body)
        assert r.status_code == 403 and "invite" in r.json()["detail"]
        bad = c.post(f"{API}/users", json={**body, "invite": "not-a-real-invite"})
        assert bad.status_code == 404


def test_invite_joins_the_household_once_in_its_role(api: TestClient) -> None:
    """Finding: a second household member could not join (sign-up always made a
    new household). An invite is single use, and only owners make them."""
    owner = sign_up(api, "ada@example.org", name="Ada")
    cat = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=owner).json()
    invite = api.post(f"{API}/invites", json={"role": "member"}, headers=owner)
    assert invite.status_code == 201 and invite.json()["token"]
    token = invite.json()["token"]
    assert [i["token"] for i in api.get(f"{API}/invites", headers=owner).json()] == [None]
    bob = sign_up(api, "bob@example.org", name="Bob", invite=token)
    me = api.get(f"{API}/me", headers=bob).json()
    assert me["role"] == "member"
    assert me["household_id"] == api.get(f"{API}/me", headers=owner).json()["household_id"]
    # Bob sees and logs for the household's cat, and the session records him.
    assert api.get(f"{API}/cats/{cat['id']}", headers=bob).status_code == 200
    logged = api.post(f"{API}/cats/{cat['id']}/sessions", json={"session": SESSION}, headers=bob)
    assert logged.status_code == 201
    assert logged.json()["logged_by"] == me["id"]
    # Used once: a second person cannot use the same link.
    again = api.post(
        f"{API}/users", json={"email": "eve@example.org", "password": PASSWORD, "invite": token}
    )
    assert again.status_code == 404
    assert api.get(f"{API}/invites", headers=owner).json() == []
    # A member may not hand out access nor change the household.
    assert api.post(f"{API}/invites", json={}, headers=bob).status_code == 403
    assert api.patch(f"{API}/household", json={"name": "Mine"}, headers=bob).status_code == 403
    names = {m["name"]: m["role"] for m in api.get(f"{API}/household/members", headers=bob).json()}
    assert names == {"Ada": "owner", "Bob": "member"}


def test_an_owner_takes_people_out_of_the_household(db_settings: Settings) -> None:
    """Finding (probe-sec): nobody could be taken out of a household: a
    trainer (a vet, a dog trainer) or a caregiver who left kept reading (and
    the caregiver changing) the cats, with every member's e-mail, for good.
    Taken out, their token and page log-in are refused at once; what they
    logged stays; the e-mail is free again."""
    with FormClient(create_app(fast(db_settings))) as api:
        owner = sign_up(api, "ada@example.org", name="Ada")
        cat = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=owner).json()
        invite = api.post(f"{API}/invites", json={"role": "member"}, headers=owner).json()
        bob = sign_up(api, "bob@example.org", name="Bob", invite=invite["token"])
        bob_id = api.get(f"{API}/me", headers=bob).json()["id"]
        logged = api.post(
            f"{API}/cats/{cat['id']}/sessions", json={"session": SESSION}, headers=bob
        )
        assert logged.status_code == 201
        db: Database = api.app.state.db  # type: ignore[attr-defined]
        bob_actor = Actor(user_id=bob_id, household_id=owner_household(api, owner))
        bob_page = users.start_login(db, bob_actor, 30)
        other = sign_up(api, "eve@example.org")
        # Only an owner of the household, not oneself.
        assert api.delete(f"{API}/household/members/{bob_id}", headers=bob).status_code == 403
        assert api.delete(f"{API}/household/members/{bob_id}", headers=other).status_code == 404
        ada_id = api.get(f"{API}/me", headers=owner).json()["id"]
        assert api.delete(f"{API}/household/members/{ada_id}", headers=owner).status_code == 409
        assert api.delete(f"{API}/household/members/{bob_id}", headers=owner).status_code == 204
        assert api.get(f"{API}/me", headers=bob).status_code == 401
        assert users.actor_for_login(db, bob_page) is None
        names = [m["name"] for m in api.get(f"{API}/household/members", headers=owner).json()]
        assert names == ["Ada"]
        kept = api.get(f"{API}/cats/{cat['id']}/sessions", headers=owner).json()["items"]
        assert [s["id"] for s in kept] == [logged.json()["id"]]
        assert kept[0]["logged_by"] is None
        assert api.delete(f"{API}/household/members/{bob_id}", headers=owner).status_code == 404
        sign_up(api, "bob@example.org")  # the e-mail is free again


def test_a_removed_owner_keeps_no_link_to_the_household(api: TestClient) -> None:
    """The links a removed account could still hold end with it: the unused
    invite it made (it would let it join again), its share links, and the
    household's calendar address (any member could see it)."""
    ada = sign_up(api, "ada@example.org")
    cat = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=ada).json()
    made = api.post(f"{API}/invites", json={"role": "owner"}, headers=ada).json()
    carl = sign_up(api, "carl@example.org", invite=made["token"])
    carl_id = api.get(f"{API}/me", headers=carl).json()["id"]
    back_in = api.post(f"{API}/invites", json={"role": "member"}, headers=carl).json()
    share = api.post(f"{API}/cats/{cat['id']}/shares", json={}, headers=carl).json()
    ada_share = api.post(f"{API}/cats/{cat['id']}/shares", json={}, headers=ada).json()
    feed = api.post(f"{API}/reminders/feed", headers=carl).json()["url"]
    feed_path = feed.split("testserver", 1)[1]
    assert api.get(f"/shared/{share['token']}").status_code == 200
    assert api.get(feed_path).status_code == 200
    assert api.delete(f"{API}/household/members/{carl_id}", headers=ada).status_code == 204
    again = {"email": "carl2@example.org", "password": PASSWORD, "invite": back_in["token"]}
    assert api.post(f"{API}/users", json=again).status_code == 404
    assert api.get(f"/shared/{share['token']}").status_code == 404
    assert api.get(feed_path).status_code == 404
    assert api.get(f"/shared/{ada_share['token']}").status_code == 200  # hers stays


def owner_household(api: TestClient, owner: dict[str, str]) -> int:
    return int(api.get(f"{API}/me", headers=owner).json()["household_id"])


def test_expired_and_revoked_invites_do_not_work(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    first = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()
    second = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()
    assert api.delete(f"{API}/invites/{first['id']}", headers=owner).status_code == 204
    assert api.delete(f"{API}/invites/{first['id']}", headers=owner).status_code == 404
    db: Database = api.app.state.db  # type: ignore[attr-defined]
    with db.write() as s:
        past = datetime.now(UTC) - timedelta(seconds=1)
        s.execute(update(t.Invite).where(t.Invite.id == second["id"]).values(expires_at=past))
    for made in (first, second):
        body = {"email": "t@example.org", "password": PASSWORD, "invite": made["token"]}
        assert api.post(f"{API}/users", json=body).status_code == 404


def test_trainer_reads_but_does_not_write(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    cat = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=owner).json()
    token = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()["token"]
    trainer = sign_up(api, "tia@example.org", invite=token)
    assert api.get(f"{API}/cats/{cat['id']}/sessions", headers=trainer).status_code == 200
    session = {"at": "2026-11-20T18:00:00+01:00", "stage": "introduce", "level": 1}
    refused = api.post(
        f"{API}/cats/{cat['id']}/sessions", json={"session": session}, headers=trainer
    )
    assert refused.status_code == 403
    assert api.delete(f"{API}/cats/{cat['id']}", headers=trainer).status_code == 403
    # Their own tokens are theirs to manage.
    assert api.delete(f"{API}/tokens/current", headers=trainer).status_code == 204


def test_a_trainer_sees_names_but_not_e_mails(api: TestClient) -> None:
    """Finding (phone round): a trainer (someone from outside the household)
    read every member's e-mail from the members list; it sees names only (its
    own e-mail too); owners and caregivers still see the e-mails."""
    owner = sign_up(api, "ada@example.org", name="Ada")
    made = api.post(f"{API}/invites", json={"role": "member"}, headers=owner).json()
    bob = sign_up(api, "bob@example.org", name="Bob", invite=made["token"])
    made = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()
    tia = sign_up(api, "tia@example.org", name="Tia", invite=made["token"])
    seen = api.get(f"{API}/household/members", headers=tia)
    assert seen.status_code == 200
    assert {m["name"]: m["email"] for m in seen.json()} == {
        "Ada": None,
        "Bob": None,
        "Tia": "tia@example.org",
    }
    assert "ada@example.org" not in seen.text and "bob@example.org" not in seen.text
    everyone = {"Ada": "ada@example.org", "Bob": "bob@example.org", "Tia": "tia@example.org"}
    for who in (owner, bob):
        listed = api.get(f"{API}/household/members", headers=who).json()
        assert {m["name"]: m["email"] for m in listed} == everyone


def test_share_link_shows_one_cat_until_revoked(api: TestClient) -> None:
    """Finding: there was no read-only share for a trainer or a vet."""
    owner = sign_up(api, "ada@example.org")
    mia = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=owner).json()
    api.post(f"{API}/cats", json={"cat": {"name": "Oskar"}}, headers=owner)
    made = api.post(f"{API}/cats/{mia['id']}/shares", json={"label": "Dr. Rossi"}, headers=owner)
    assert made.status_code == 201
    link = f"/shared/{made.json()['token']}"
    page = api.get(link)
    assert page.status_code == 200
    assert "Mia" in page.text and "Oskar" not in page.text
    assert "<form" not in page.text and "/cats/" not in page.text
    assert api.get(f"{link}/progress.svg").headers["content-type"] == "image/svg+xml"
    listed = api.get(f"{API}/shares", headers=owner).json()
    assert [(s["cat_name"], s["label"], s["token"]) for s in listed] == [("Mia", "Dr. Rossi", None)]
    assert api.delete(f"{API}/shares/{listed[0]['id']}", headers=owner).status_code == 204
    assert api.get(link).status_code == 404
    assert api.get("/shared/made-up").status_code == 404
    # Another household cannot share this cat.
    other = sign_up(api, "eve@example.org")
    assert api.post(f"{API}/cats/{mia['id']}/shares", json={}, headers=other).status_code == 404


def test_tokens_expire_can_be_listed_and_revoked(api: TestClient) -> None:
    """Finding: tokens never expired and could not be listed."""
    first = sign_up(api, "ada@example.org")
    second_token = api.post(
        f"{API}/tokens", json={"email": "ada@example.org", "password": PASSWORD}
    ).json()["token"]
    second = {"Authorization": f"Bearer {second_token}"}
    listed = api.get(f"{API}/tokens", headers=first).json()
    assert len(listed) == 2 and [x["current"] for x in listed] == [False, True]
    days = (datetime.fromisoformat(listed[0]["expires_at"]) - datetime.now(UTC)).days
    assert 88 <= days <= 90
    assert api.delete(f"{API}/tokens/{listed[0]['id']}", headers=first).status_code == 204
    assert api.get(f"{API}/me", headers=second).status_code == 401
    assert api.get(f"{API}/me", headers=first).status_code == 200
    # Another's token id is not found, not revoked.
    other = sign_up(api, "eve@example.org")
    mine = api.get(f"{API}/tokens", headers=first).json()[0]["id"]
    assert api.delete(f"{API}/tokens/{mine}", headers=other).status_code == 404
    # An expired token is refused.
    db: Database = api.app.state.db  # type: ignore[attr-defined]
    with db.write() as s:
        s.execute(update(t.ApiToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert api.get(f"{API}/me", headers=first).status_code == 401
    assert api.get(f"{API}/me", headers=other).status_code == 401


def test_revoke_all_tokens(api: TestClient) -> None:
    first = sign_up(api, "ada@example.org")
    api.post(f"{API}/tokens", json={"email": "ada@example.org", "password": PASSWORD})
    assert api.delete(f"{API}/tokens", headers=first).status_code == 204
    assert api.get(f"{API}/me", headers=first).status_code == 401


def test_a_new_password_through_the_api_ends_the_tokens_when_asked(api: TestClient) -> None:
    """Finding: the API had no way to change a password, and a new password
    (pages) never ended the API tokens: one taken by whoever knew the old
    password lived on. ``POST /me/password`` changes it; ``end_tokens``
    (false by default, so a client that sends only the passwords keeps its
    token) ends every token, this one included."""
    mine = sign_up(api, "ada@example.org")
    taken = api.post(f"{API}/tokens", json={"email": "ada@example.org", "password": PASSWORD})
    other = {"Authorization": f"Bearer {taken.json()['token']}"}
    db: Database = api.app.state.db  # type: ignore[attr-defined]
    actor = users.actor_for_token(db, taken.json()["token"])
    assert actor is not None
    cookie = users.start_login(db, actor, 30)
    wrong = {"current_password": "not-it-at-all", "new_password": "new-pass-1"}
    refused = api.post(f"{API}/me/password", json=wrong, headers=mine)
    assert refused.status_code == 403 and "current_password" in refused.text
    assert "not-it-at-all" not in refused.text and "new-pass-1" not in refused.text
    plain = {"current_password": PASSWORD, "new_password": "new-pass-1"}
    done = api.post(f"{API}/me/password", json=plain, headers=mine)
    assert done.status_code == 200, done.text
    assert done.json() == {"logins_ended": 1, "tokens_ended": 0}
    assert users.actor_for_login(db, cookie) is None
    assert api.get(f"{API}/me", headers=other).status_code == 200
    assert api.get(f"{API}/me", headers=mine).status_code == 200
    ending = {"current_password": "new-pass-1", "new_password": "new-pass-2", "end_tokens": True}
    done = api.post(f"{API}/me/password", json=ending, headers=mine)
    assert done.status_code == 200, done.text
    assert done.json() == {"logins_ended": 0, "tokens_ended": 2}
    assert api.get(f"{API}/me", headers=other).status_code == 401
    assert api.get(f"{API}/me", headers=mine).status_code == 401
    again = {"email": "ada@example.org", "password": "new-pass-2"}
    assert api.post(f"{API}/tokens", json=again).status_code == 201


def test_an_account_without_a_password_gets_none_through_the_api(api: TestClient) -> None:
    """Finding (probe-sec, accounts2): the local owner has no password (it
    gets one with ``catpack account set-login`` on the server) but may hold
    an API token (``catpack sensor watch``). ``POST /me/password`` took any
    current password for it, so whoever held that token could give it a
    password and log in on the pages, a log-in that outlives the token's
    revocation."""
    db: Database = api.app.state.db  # type: ignore[attr-defined]
    made = users.create_user(db, "sensor@example.org", "Sensor", None)
    auth = {"Authorization": f"Bearer {made.token}"}
    body = {"current_password": "anything-at-all", "new_password": "attacker-chosen-1"}
    refused = api.post(f"{API}/me/password", json=body, headers=auth)
    assert refused.status_code == 403, refused.text
    assert "set-login" in refused.json()["detail"]
    with db.read() as s:
        user = s.get(t.User, made.user.id)
        assert user is not None and user.password_hash is None
    login = {"email": "sensor@example.org", "password": "attacker-chosen-1"}
    assert api.post(f"{API}/tokens", json=login).status_code == 401


def test_a_trainer_changes_its_own_password(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    token = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()["token"]
    trainer = sign_up(api, "tia@example.org", invite=token)
    body = {"current_password": PASSWORD, "new_password": "new-pass-1", "end_tokens": True}
    assert api.post(f"{API}/me/password", json=body, headers=trainer).status_code == 200
    assert api.get(f"{API}/me", headers=owner).status_code == 200  # only the trainer's ended


def test_revocation_holds_on_another_app_at_once(db_settings: Settings) -> None:
    """Finding: a revoked token kept working on a second process for 5 s (each
    process trusted a token it had seen for 10 s). Two apps on one database
    stand in for two processes here; tests/web/test_two_processes.py runs two
    real servers."""
    with (
        TestClient(create_app(fast(db_settings))) as one,
        TestClient(create_app(fast(db_settings))) as two,
    ):
        auth = sign_up(one, "ada@example.org")
        assert two.get(f"{API}/me", headers=auth).status_code == 200
        assert one.delete(f"{API}/tokens/current", headers=auth).status_code == 204
        assert two.get(f"{API}/me", headers=auth).status_code == 401


def test_wrong_log_ins_are_throttled_per_account(api: TestClient) -> None:
    """Finding: no log-in throttling (13 guesses a second)."""
    sign_up(api, "ada@example.org")
    wrong = {"email": "ADA@example.org", "password": "wrong-password"}
    for _ in range(users.ACCOUNT_FAILURES):
        assert api.post(f"{API}/tokens", json=wrong).status_code == 401
    right = {"email": "ada@example.org", "password": PASSWORD}
    held = api.post(f"{API}/tokens", json=right)
    assert held.status_code == 429
    assert 60 <= int(held.headers["retry-after"]) <= 15 * 60 + 1
    assert "try again" in held.json()["detail"]
    # Another account from the same address is not held by this one's failures.
    sign_up(api, "bob@example.org")
    ok = api.post(f"{API}/tokens", json={"email": "bob@example.org", "password": PASSWORD})
    assert ok.status_code == 201


def test_sign_ups_from_one_address_are_throttled(db_settings: Settings) -> None:
    """Finding (probe-sec): 40 sign-ups from one address in 1.4 s, each a
    household and a password hash; a taken e-mail says so (409), so it was
    also an unlimited oracle of who has an account. Tries count, taken
    e-mails included; the join page counts into the same limit."""
    with FormClient(create_app(fast(db_settings))) as c:
        sign_up(c, "ada@example.org")
        taken = c.post(f"{API}/users", json={"email": "ada@example.org", "password": PASSWORD})
        assert taken.status_code == 409
        for n in range(users.SIGN_UPS - 2):
            sign_up(c, f"user{n}@example.org")
        held = c.post(f"{API}/users", json={"email": "late@example.org", "password": PASSWORD})
        assert held.status_code == 429 and "sign-ups from this address" in held.json()["detail"]
        assert 60 <= int(held.headers["retry-after"]) <= 15 * 60 + 1
        page = c.post("/join/whatever", data={"email": "j@example.org", "password": PASSWORD})
        assert page.status_code == 429 and "Too many tries from here" in page.text
    db = Database.from_settings(db_settings)
    try:  # another address is not held by this one's tries
        users.count_sign_up(db, "198.51.100.9")
        with pytest.raises(users.TooManyAttempts):
            users.count_sign_up(db, "testclient")
    finally:
        db.dispose()


def test_throttling_per_address_covers_many_accounts(db: Database) -> None:
    users.create_user(db, "ada@example.org", "Ada", PASSWORD)
    users.configure(db, fast(Settings()))
    for n in range(users.ADDRESS_FAILURES):
        assert users.authenticate(db, f"guess{n}@example.org", "x" * 8, "198.51.100.7") is None
    with pytest.raises(users.TooManyAttempts):
        users.authenticate(db, "ada@example.org", PASSWORD, "198.51.100.7")
    assert users.authenticate(db, "ada@example.org", PASSWORD, "198.51.100.8") is not None


def test_throttle_window_ends(db: Database) -> None:
    users.configure(db, fast(Settings()))
    users.create_user(db, "ada@example.org", "Ada", PASSWORD)
    then = datetime.now(UTC) - users.THROTTLE_WINDOW - timedelta(minutes=1)
    for _ in range(users.ACCOUNT_FAILURES):
        users.authenticate(db, "ada@example.org", "wrong-one", None, now=then)
    # The failures were more than a window ago: log-in works and a new count starts.
    assert users.authenticate(db, "ada@example.org", PASSWORD, None) is not None


def test_concurrent_wrong_log_ins_hash_a_bounded_number_at_once(db: Database) -> None:
    """Finding: 16 concurrent wrong log-ins grew the server from 342 MB to
    1.4 GB (each argon2 hash takes 64 MiB). At most CATPACK_HASH_CONCURRENCY
    hashes run at once, whatever the number of requests; unknown e-mails are
    verified against a dummy hash (same work as a known one)."""
    users.configure(db, fast(Settings(), hash_concurrency=2))
    hashing = users.hashing(db)
    users.create_user(db, "ada@example.org", "Ada", PASSWORD)
    running = 0
    peak = 0
    lock = threading.Lock()
    real = hashing.hasher

    class Counted:
        """The real hasher, counting how many verify at once."""

        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, hashed: str, password: str) -> bool:
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            try:
                return real.verify(hashed, password)
            finally:
                with lock:
                    running -= 1

    hashing.hasher = Counted()  # type: ignore[assignment]
    emails = ["ada@example.org"] + [f"nobody{n}@example.org" for n in range(15)]
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda e: users.authenticate(db, e, "wrong-pass", None), emails))
    assert results == [None] * 16
    assert 1 <= peak <= 2
