"""Findings a new owner on a phone met and the audit left (#9, fourth look):
each page as its HTTP answer (the browser's share: tests/browser/test_phone_fixes.py)."""

from __future__ import annotations

import re

from markupsafe import escape

from catpack import words
from catpack.web.pages import labels
from tests.page_helpers import FormClient, Pages, step_level
from tests.web.pages.test_pages import CALM
from tests.web.pages.test_trainer_pages import Household, household, join_as  # noqa: F401


def _resume_form(html: str, cat: str) -> str:
    """The resume form inside Today's pause notice ("" without one)."""
    notice = re.search(r'<div class="notice stack" id="paused-notice">(.*?)</div>', html, re.S)
    assert notice, "Today says training is paused"
    form = re.search(rf'<form method="post" action="/cats/{cat}/resume".*?</form>', notice[1], re.S)
    return form[0] if form else ""


def test_today_resumes_training_in_one_tap(pages: Pages) -> None:
    """Finding: after "Pause training", resuming from Today's notice took two
    taps (a link to the About page, then its button). The notice holds the
    button itself, posting the resume with the anti-forgery token, and the
    post comes back to Today with the next session."""
    cat = pages.add_cat()
    assert pages.client.post(f"/cats/{cat}/pause", data={}).status_code in (200, 303)
    today = pages.client.get(f"/cats/{cat}/today").text
    form = _resume_form(today, cat)
    assert 'name="csrf_token"' in form and "Resume training</button>" in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    back = re.search(r'name="back" value="([^"]+)"', form)
    assert token and back
    pages.clock.advance(days=1)
    done = pages.client.post(
        f"/cats/{cat}/resume",
        data={"csrf_token": token[1], "back": back[1]},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/cats/{cat}/today?resumed=1"
    after = pages.client.get(done.headers["location"]).text
    assert 'id="today-paused"' not in after and words.TODAY_RESUMED in after
    # A second tap (an old page) lands on Today too, without an error
    # (tests/web/pages/test_old_page_taps.py: it says training was on already).
    again = pages.client.post(f"/cats/{cat}/resume", data={"back": "today"}, follow_redirects=False)
    assert again.headers["location"] == f"/cats/{cat}/today?already_on=1"
    # The About page's own button still comes back to the About page.
    pages.client.post(f"/cats/{cat}/pause", data={})
    pages.clock.advance(days=1)
    about = pages.client.post(f"/cats/{cat}/resume", follow_redirects=False)
    assert about.headers["location"] == f"/cats/{cat}/edit?resumed=1#pause"


def test_resume_in_the_same_second_as_the_pause(pages: Pages) -> None:
    """Finding: "Pause training" then "Resume training" at the same clock
    reading was refused as a conflict without a word: the page came back
    with the cat still paused. The resume works (the pause covered no
    time, so none is kept), from the About page and from Today."""
    cat = pages.add_cat()
    for back, lands in (({}, f"/cats/{cat}/edit?resumed=1#pause"), ({"back": "today"}, None)):
        paused = pages.client.post(f"/cats/{cat}/pause", data={"reason": "vet"})
        assert paused.status_code == 200 and "?paused=1" in str(paused.url)
        done = pages.client.post(f"/cats/{cat}/resume", data=back, follow_redirects=False)
        assert done.status_code == 303
        assert done.headers["location"] == (lands or f"/cats/{cat}/today?resumed=1")
        about = pages.client.get(f"/cats/{cat}/edit").text
        assert 'id="paused"' not in about and "Pause training</button>" in about
        today = pages.client.get(f"/cats/{cat}/today").text
        assert 'id="paused-notice"' not in today


def test_only_who_may_change_things_gets_the_resume_button(
    household: Household,  # noqa: F811 (the fixture)
) -> None:
    """A trainer reads that training is paused, with no button; a caregiver
    (member), who may pause and resume, has it."""
    ada, tia, cat = household.owner, household.trainer, household.ids["cat"]
    assert ada.post(f"/cats/{cat}/pause", data={}, follow_redirects=False).status_code == 303
    assert _resume_form(ada.get(f"/cats/{cat}/today").text, cat)
    assert _resume_form(tia.get(f"/cats/{cat}/today").text, cat) == ""
    with FormClient(ada.app) as bob:
        join_as(ada, bob, "member", "Bob")
        assert _resume_form(bob.get(f"/cats/{cat}/today").text, cat)


def test_a_trainers_today_is_read_only(
    household: Household,  # noqa: F811 (the fixture)
) -> None:
    """Finding: a trainer's Today had the session timer, the checks to tick
    and the weather check, all for whoever runs the session and logs it. The
    trainer reads the plan (and the checks as a list), with none of those."""
    ada, tia, cat = household.owner, household.trainer, household.ids["cat"]
    owners = ada.get(f"/cats/{cat}/today").text
    assert "data-timer" in owners and 'id="prepare"' in owners
    trainers = tia.get(f"/cats/{cat}/today").text
    assert 'id="decision"' in trainers and 'id="look-only"' in trainers
    for needle in ("data-timer", 'id="prepare"', 'name="check"', "Before you start", "<form"):
        assert needle not in trainers.replace('<form method="post" action="/logout"', ""), needle
    assert 'id="log-link"' not in trainers


def test_a_trainer_reads_the_checks_a_session_needs(
    household: Household,  # noqa: F811 (the fixture)
) -> None:
    """Where the next session has checks (one that moves: the harness on,
    the leash to it), the trainer reads them as a plain list, nothing to tick."""
    ada, tia = household.owner, household.trainer
    made = ada.post("/cats", data={"name": "Ben", "harness_trained": "yes"}, follow_redirects=False)
    cat = str(made.headers["location"]).split("/")[2]
    moved = ada.post(
        f"/cats/{cat}/sessions",
        data={
            "stage": "movement",
            "level": "1",
            **CALM,
            "check": ["harness_on", "tether_to_harness"],
        },
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text
    owners = ada.get(f"/cats/{cat}/today").text
    checks = re.findall(r'name="check" value="([^"]+)"', owners)
    assert {"harness_on", "tether_to_harness"} <= set(checks)
    trainers = tia.get(f"/cats/{cat}/today").text
    listed = re.search(r'id="checks-read".*?</section>', trainers, re.S)
    assert listed and 'name="check"' not in trainers and "data-timer" not in trainers
    for key in checks:
        assert str(escape(labels.word("check", key))) in listed[0], key


def test_a_trip_to_come_offers_its_packing_list_not_how_it_went(pages: Pages) -> None:
    """Finding: a trip saved for next week already asked "How did it go?".
    Until its time on the household's clock, the list says it is coming up
    and holds its packing list; an old link to the review leads back to it,
    and a review posted early stores nothing."""
    cat = pages.add_cat(harness_trained="yes")
    trip = {"kind": "walk", "hours": "1", "sun": "shade", "temp": "12"}
    saved = pages.client.post(
        f"/cats/{cat}/trips", data={**trip, "starts_at": "2026-12-03T10:00"}
    )  # a week on from Thu 26 Nov, 09:00
    assert saved.status_code == 200, saved.text
    item = re.search(r'<section id="saved-trips".*?</section>', saved.text, re.S)
    assert item
    assert "How did it go?" not in item[0] and "/outcome" not in item[0]
    trip_id = re.search(r'<li id="trip-(\d+)">', item[0])
    assert trip_id
    assert words.TRIP_COMING_UP in item[0]
    assert "<summary>Packing list</summary>" in item[0]
    assert "<strong>Treats</strong>" in item[0]
    url = f"/cats/{cat}/trips/{trip_id[1]}/outcome"
    old_link = pages.client.get(url, follow_redirects=False)
    assert old_link.status_code == 303
    assert old_link.headers["location"] == f"/cats/{cat}/trip#trip-{trip_id[1]}"
    early = pages.client.post(url, data={"tail": "upright", "ears": "forward", "minutes": "20"})
    assert early.status_code == 409 and str(escape(words.TRIP_NOT_STARTED)) in early.text
    # Once its time has come, the review is offered.
    pages.clock.advance(days=7, hours=1)
    listing = pages.client.get(f"/cats/{cat}/trip").text
    assert "How did it go?" in listing and words.TRIP_COMING_UP not in listing
    assert pages.client.get(url).status_code == 200


def _switch_link(html: str, cat: str) -> str:
    link = re.search(rf'<a href="(/switch\?cat_id={cat}[^"]*)"', html)
    assert link, "the switcher links to the other cat"
    return link[1].replace("&amp;", "&")


def test_the_cat_switcher_keeps_the_section(pages: Pages) -> None:
    """Finding: switching cats from the History page landed on the other
    cat's Today. The switcher keeps the section it was tapped in, where the
    other cat has it (a session of this cat: the other cat's history)."""
    mia, rocket = pages.add_cat("Mia"), pages.add_cat("Rocket")
    stage, level = step_level(pages.client.get(f"/cats/{mia}/log").text)
    pages.client.post(f"/cats/{mia}/sessions", data={"stage": stage, "level": level, **CALM})
    session = re.search(
        r"/cats/\d+/sessions/\d+/edit", pages.client.get(f"/cats/{mia}/history").text
    )
    assert session
    for here, there in [
        (session[0], f"/cats/{rocket}/history"),
        ("/settings", "/settings"),
        (f"/cats/{mia}/history", f"/cats/{rocket}/history"),
        (f"/cats/{mia}/plan", f"/cats/{rocket}/plan"),
        (f"/cats/{mia}/trip", f"/cats/{rocket}/trip"),
        (f"/cats/{mia}/heat", f"/cats/{rocket}/heat"),
        (f"/cats/{mia}/edit", f"/cats/{rocket}/edit"),
        (f"/cats/{mia}/settings", f"/cats/{rocket}/settings"),
        (f"/cats/{mia}/backpack", f"/cats/{rocket}/backpack"),
        (f"/cats/{mia}/log", f"/cats/{rocket}/log"),
        (f"/cats/{mia}/today", f"/cats/{rocket}/today"),
    ]:
        link = _switch_link(pages.client.get(here).text, rocket)
        landed = pages.client.get(link)
        assert landed.status_code == 200 and landed.url.path == there, (here, link)
        assert re.search(rf'cat_id={rocket}[^"]*" title="Rocket" aria-current="true"', landed.text)
    # Today's link stays the plain one; an unknown section lands on Today.
    assert _switch_link(pages.client.get(f"/cats/{mia}/today").text, rocket) == (
        f"/switch?cat_id={rocket}"
    )
    for odd in ("nope", "//evil.example", "../settings"):
        r = pages.client.get(f"/switch?cat_id={rocket}&to={odd}", follow_redirects=False)
        assert r.headers["location"] == f"/cats/{rocket}/today", odd


def _verdict(html: str) -> str:
    found = re.search(r'<p class="heat[^"]*" id="heat-verdict">(.*?)</p>', html, re.S)
    assert found, "a heat verdict"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found[1])).strip()


def test_the_heat_verdict_names_the_sun_picked(pages: Pages) -> None:
    """Finding: the heat verdict said "sun included" with Shade or Indoors
    picked. Its words are the sun picked; left "Not set", what was counted."""
    cat = pages.add_cat(harness_trained="yes")
    weather = "temp=22&humidity=50&wind="
    for sun, said in [
        ("full", "in full sun"),
        ("partial", "in partial sun"),
        ("shade", "in the shade"),
        ("indoor", "indoors"),
        ("", "taken as in full sun"),
    ]:
        verdict = _verdict(pages.client.get(f"/cats/{cat}/heat?sun={sun}&{weather}").text)
        assert f", {said}. How to keep the cat cool" in verdict, (sun, verdict)
        assert "sun included" not in verdict
    planned = pages.client.post(
        f"/cats/{cat}/trip", data={"kind": "walk", "hours": "1", "sun": "shade", "temp": "22"}
    ).text
    assert ", in the shade." in _verdict(planned)
    # Today's first sessions are at home: no sun is counted when none is picked.
    today = pages.client.get(f"/cats/{cat}/today?sun=&{weather}").text
    assert ", no sun counted." in _verdict(today)
    shade = pages.client.get(f"/cats/{cat}/today?sun=shade&{weather}").text
    assert ", in the shade." in _verdict(shade)


def test_the_plan_numbers_each_step_once(pages: Pages) -> None:
    """Finding: the plan page showed "Step 6" twice, the second for the
    optional car practice. It is a side step; no label is shown twice, on
    the plan nor in the log form's step picker."""
    cat = pages.add_cat(car_training="yes")
    plan = pages.client.get(f"/cats/{cat}/plan").text
    shown = re.findall(r'<span class="stop-label">([^<]*)</span>', plan)
    assert len(shown) == len(set(shown)), shown
    assert shown.count("Step 6") == 1 and "Side step" in shown
    car = re.search(r'<li class="stop [^"]*" id="step-6-car".*?</summary>', plan, re.S)
    assert car and "Side step" in car[0] and "To the car (optional)" in car[0]
    picker = pages.client.get(f"/cats/{cat}/log").text
    options = re.findall(r'<option value="[^"]*"[^>]*>([^<·]*) · ', picker)
    assert options.count("Step 6") == 1 and "Side step" in options
    assert labels.stage_label("car") == "Side step"
    assert labels.stage_label("doorway") == "Step 6"
    assert labels.stage_label("harness-leash") == "Harness"
    assert labels.stage_label("maintenance") == "Keeping it up"


#: What an owner's page must not say: a command to type, the tool's own names.
TOOL_WORDS = re.compile(r"catpack (sensor|serve|account|log)\b|\bCLI\b|command|the watcher", re.I)


def test_a_cats_settings_names_no_tool(pages: Pages) -> None:
    """Finding: the cat's settings page told the owner to run "catpack sensor
    scan" (the command-line tool) to find a thermometer's address, and the
    pack thermometer on Today asked whether "the watcher (catpack sensor
    watch)" ran. Both say it in plain words."""
    mia, rocket = pages.add_cat("Mia"), pages.add_cat("Rocket")
    bare = pages.client.get(f"/cats/{mia}/settings").text
    assert not TOOL_WORDS.search(bare), TOOL_WORDS.findall(bare)
    assert str(escape(words.SENSOR_ADDRESS_HINT)) in bare
    assert str(escape(words.SENSOR_KNOWN_HINT.strip())) not in bare  # none heard yet
    paired = pages.client.post(f"/cats/{rocket}/sensor", data={"address": "A4:C1:38:8D:18:B2"})
    assert paired.status_code in (200, 303), paired.text
    known = pages.client.get(f"/cats/{mia}/settings").text
    assert str(escape(words.SENSOR_KNOWN_HINT.strip())) in known
    assert not TOOL_WORDS.search(known), TOOL_WORDS.findall(known)
    for query in ("", "&timer=30", "&timer=200"):  # no session; waiting; nothing heard
        panel = pages.client.get(f"/cats/{rocket}/today/pack?part=1{query}").text
        assert not TOOL_WORDS.search(panel), (query, TOOL_WORDS.findall(panel))
    waiting = pages.client.get(f"/cats/{rocket}/today/pack?part=1&timer=30").text
    assert str(escape(words.PACK_RELAY_CHECK)) in waiting
