"""The stop banner's first steps fit what the cat was in: a stop on the
harness track (no pack in sight) said "Step back from the pack and leave it
open", found walking the app as a new owner on a phone."""

from __future__ import annotations

from catpack import words
from tests.page_helpers import Pages
from tests.web.pages.test_pages import HISS, log


def steps(gear: str) -> list[str]:
    return [f"<strong>{bold}</strong> {rest}" for bold, rest in words.STOP_FIRST_STEPS[gear]]


def test_a_stop_in_a_harness_session_speaks_of_the_harness_not_the_pack(pages: Pages) -> None:
    cat = pages.add_cat(harness_trained="no")
    pages.clock.advance(minutes=5)
    status, html = log(pages, cat, HISS)
    assert status == 200 and 'id="stop-banner"' in html
    assert "Harness and leash" in html
    banner = html.split('id="stop-banner"')[1].split("</section>")[0]
    assert "pack" not in banner.replace("backpack", "")
    for step in steps("harness"):
        assert step.replace("'", "&#39;") in banner


def test_a_stop_at_the_first_backpack_step_still_says_step_back_from_the_pack(
    pages: Pages,
) -> None:
    cat = pages.add_cat(harness_trained="yes")
    pages.clock.advance(minutes=5)
    status, html = log(pages, cat, HISS)
    assert status == 200 and 'id="stop-banner"' in html
    banner = html.split('id="stop-banner"')[1].split("</section>")[0]
    for step in steps("open"):
        assert step.replace("'", "&#39;") in banner


def test_the_offline_stop_on_the_log_page_fits_the_step(pages: Pages) -> None:
    """The log page's stop for a session kept offline always said "Open up
    every zip and flap of the pack", also at the harness and the open pack."""
    harness = pages.client.get(f"/cats/{pages.add_cat('Mia', harness_trained='no')}/log").text
    kept = harness.split('id="offline-stop"')[1].split("</section>")[0]
    assert "zip" not in kept
    for step in steps("harness"):
        assert step.replace("'", "&#39;") in kept
    open_pack = pages.client.get(f"/cats/{pages.add_cat('Tom', harness_trained='yes')}/log").text
    kept = open_pack.split('id="offline-stop"')[1].split("</section>")[0]
    assert "zip" not in kept and steps("open")[0] in kept


def test_a_stop_away_from_home_keeps_the_leash_and_leaves(pages: Pages) -> None:
    """Away from home (the doorway, the car, outdoors) the banner said "Open up
    every zip and flap of the pack" and "Let the cat out on its own": a scared
    cat let out in a park or at an open door can be lost. There it says to keep
    hold of the leash and leave (protocol rules 8 and 9), and takes a hot cat
    out of the pack only in the shade, on the leash (rule 7)."""
    for stage, place in (("outdoors", "quiet_outdoors"), ("doorway", "doorway"), ("car", "car")):
        cat = pages.add_cat(f"Cat {stage}", harness_trained="yes")
        pages.clock.advance(minutes=5)
        status, html = log(pages, cat, HISS, stage=stage, level="1", location=place)
        assert status == 200 and 'id="stop-banner"' in html, stage
        banner = html.split('id="stop-banner"')[1].split("</section>")[0]
        for step in steps("outside"):
            assert step.replace("'", "&#39;") in banner, stage
        assert "Let the cat out" not in banner and "Let the cat go" not in banner, stage
        assert "every zip" not in banner, stage


def test_the_offline_stop_away_from_home_keeps_the_leash() -> None:
    from catpack.web.pages.plan import gear_of

    assert gear_of("outdoors", 1) == gear_of("local-walks", 3) == "outside"
    assert gear_of("doorway", 2) == gear_of("car", 1) == gear_of("maintenance", 1) == "outside"
    assert gear_of("movement", 3) == "shut" and gear_of("introduce", 1) == "open"
    assert gear_of("harness-leash", 2) == "harness" and gear_of("no-such-step", 1) == "shut"


def test_during_the_rest_today_does_not_call_for_another_session(pages: Pages) -> None:
    """After a stop, Today said "No more training today" above the page's big
    "Log how it went" button. During the rest the way to the log form stays
    (a session done earlier, not logged yet) as a plain secondary link."""
    cat = pages.add_cat(harness_trained="yes")
    today = pages.client.get(f"/cats/{cat}/today").text
    assert 'class="btn big" id="log-link"' in today and "Log how it went" in today
    pages.clock.advance(minutes=5)
    status, html = log(pages, cat, HISS)
    assert status == 200 and 'id="stop-banner"' in html
    resting = pages.client.get(f"/cats/{cat}/today").text
    assert 'id="stop-banner"' in resting
    assert 'class="btn secondary" id="log-link"' in resting
    assert "Log how it went" not in resting and "haven't logged yet" in resting


def _banner(html: str) -> str:
    return html.split('id="stop-banner"')[1].split("</section>")[0]


def test_the_banner_reads_the_place_the_owner_logged(pages: Pages) -> None:
    """A level meant for home practised outdoors and stopped there: the coach's
    first instruction already read the logged place ("keep hold of the
    leash"); the banner said "Open up every zip" and "Let the cat out" (the
    level's place), which outdoors can lose the cat."""
    cat = pages.add_cat(harness_trained="yes")
    pages.clock.advance(minutes=5)
    status, html = log(pages, cat, HISS, location="quiet_outdoors")
    assert status == 200 and 'id="stop-banner"' in html
    banner = _banner(html)
    for step in steps("outside"):
        assert step.replace("'", "&#39;") in banner
    assert "Let the cat go" not in banner and "every zip" not in banner


def test_panting_away_from_home_the_banner_puts_shade_first(pages: Pages) -> None:
    """Panting on an outing: the coach says shade at once, then the cat out on
    the leash, then water; the banner said to leave first, with the cat in the
    pack, and only then open it."""
    cat = pages.add_cat(harness_trained="yes")
    pages.clock.advance(minutes=5)
    status, html = log(
        pages,
        cat,
        HISS,
        stage="outdoors",
        level="1",
        location="quiet_outdoors",
        signs="panting",
        sun="full",
        temp="31",
    )
    assert status == 200 and 'id="stop-banner"' in html
    banner = _banner(html)
    for step in steps("outside_hot"):
        assert step.replace("'", "&#39;") in banner
    assert "Leave calmly" not in banner
    assert banner.index("Get into the shade at once") < banner.index("Water")


def test_the_offline_stop_reads_the_place_on_the_form() -> None:
    from catpack.web.pages.plan import gear_of

    assert gear_of("movement", 3, "quiet_outdoors") == "outside"
    assert gear_of("outdoors", 1, "home") == "shut"
    assert gear_of("harness-leash", 2, "busy_outdoors") == "harness"
