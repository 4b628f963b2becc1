"""The honest log form, the checklist that travels, when and notes, changing and
deleting sessions and cats, a break, downloads: in-process, real database."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

from markupsafe import escape

from catpack import words
from catpack.services import gear, plans, readings, sessions
from catpack.services.pack_views import ReadingsIn
from tests.page_helpers import (
    Pages,
    assert_labelled,
    log_as_owner,
    logged,
    owner,
    profile,
    step_level,
)

#: The log form's groups about the cat (radio or checkbox).
GROUPS = ("tail", "ears", "eyes", "body", "vocal", "signs", "took_treats", "entered_voluntarily")
CALM = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "normal",
    "body": "relaxed",
    "reps": "5",
    "calm_reps": "5",
}


def form_of(html: str) -> dict[str, str]:
    stage, level = step_level(html)
    return {"stage": stage, "level": level}


def checked(html: str, name: str) -> list[str]:
    """The values of the inputs named ``name`` that the page shows ticked."""
    tags = re.findall(rf'<input [^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', t).group(1) for t in tags if re.search(r"\schecked", t)]  # type: ignore[union-attr]


def value_of(html: str, name: str) -> str:
    """The value an input (or the text a textarea) named ``name`` shows."""
    tag = re.search(rf'<(input|textarea)\b[^>]*name="{name}"[^>]*>', html)
    assert tag, name
    if tag.group(1) == "textarea":
        return html[tag.end() : html.index("</textarea>", tag.end())]
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def test_log_form_starts_unanswered_and_an_unanswered_save_is_not_calm(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=10)
    html = pages.client.get(f"/cats/{cat}/log").text
    for group in GROUPS:
        assert checked(html, group) == [], f"{group} is pre-selected"
    assert value_of(html, "reps") == "" and value_of(html, "calm_reps") == ""
    for group in ("tail", "ears", "eyes", "body"):
        assert re.search(rf'name="{group}" value="unseen"', html)
    assert 'name="vocal" value="not_seen"' in html and "Didn&#39;t hear" in html
    assert 'name="signs" value="not_seen"' in html
    assert "it went as shown" not in html
    # Saved untouched: kept as a session in which nothing was seen, never as calm.
    r = pages.client.post(f"/cats/{cat}/sessions", data=form_of(html), follow_redirects=False)
    assert r.status_code == 303
    [session] = logged(pages.app, cat)
    assert session["observation"] == {
        "tail": "unseen",
        "ears": "unseen",
        "eyes": "unseen",
        "body": "unseen",
        "signs": [],
    }
    assert "reps" not in session and "calm_reps" not in session
    today = pages.client.get(r.headers["location"]).text
    assert "Nothing about the cat was recorded" in today
    assert "level 1 of" in today  # the level is repeated, not raised
    # The history says so too, not the engine's cautious "stress 3 of 7" as if seen.
    history = pages.client.get(f"/cats/{cat}/history").text
    assert "Nothing about the cat was recorded" in history and "not recorded" in history
    assert "3 of 7" not in history
    decision = plans.today_plan(pages.app.state.db, owner(pages.app), int(cat), now=pages.clock())
    assert decision["decision"] != "push" and decision["stage"]["level"] == 1
    # Calm tries with nothing seen: refused, named on the field, nothing stored.
    pages.clock.advance(minutes=10)
    data = {**form_of(html), "reps": "5", "calm_reps": "5", "vocal": "not_seen"}
    r = pages.client.post(f"/cats/{cat}/sessions", data=data)
    assert r.status_code == 422
    assert "Calm tries: nothing about the cat is ticked" in r.text
    assert 'href="#f-calm_reps"' in r.text
    assert len(logged(pages.app, cat)) == 1


def test_same_as_last_time_fills_the_form_and_waits_for_one_confirmation(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=10)
    html = pages.client.get(f"/cats/{cat}/log").text
    assert 'id="same-as-last"' not in html  # nothing logged yet
    data = {**form_of(html), **CALM, "vocal": "purring", "took_treats": "yes"}
    assert pages.client.post(f"/cats/{cat}/sessions", data=data).status_code == 200
    pages.clock.advance(hours=3)
    html = pages.client.get(f"/cats/{cat}/log").text
    card = html.split('id="same-as-last"')[1].split("</section>")[0]
    assert "tail upright, ears forward, eyes normal, body relaxed, voice purring" in card
    assert "calm in 5 of 5 tries" in card
    assert checked(html, "tail") == []  # still unanswered until asked
    html = pages.client.get(f"/cats/{cat}/log?same=1").text
    assert len(logged(pages.app, cat)) == 1  # showing last time's answers saves nothing
    assert "These are last time's answers" in html
    assert checked(html, "tail") == ["upright"] and checked(html, "vocal") == ["purring"]
    assert checked(html, "took_treats") == ["yes"]
    assert value_of(html, "reps") == "5" and value_of(html, "calm_reps") == "5"
    assert "Yes, it went the same: save" in html
    r = pages.client.post(
        f"/cats/{cat}/sessions",
        data={**form_of(html), **CALM, "vocal": "purring", "same": "1"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert len(logged(pages.app, cat)) == 2


def carried_next(pages: Pages, name: str = "Mia") -> str:
    """A harness-trained cat after a calm session at the start of step 5: its
    next session is carried, with safety checks to tick on Today."""
    cat = pages.add_cat(name, harness_trained="yes")
    at = (pages.clock() - timedelta(hours=2)).isoformat()
    log_as_owner(
        pages.app,
        cat,
        {"at": at, "stage": "movement", "level": 1, "reps": 5, "calm_reps": 5,
         "observation": {"tail": "upright", "body": "relaxed"},
         "checks": {"harness_on": True, "tether": "harness"}},
    )  # fmt: skip
    return cat


def test_the_checklist_and_the_timers_minutes_arrive_in_the_log(pages: Pages) -> None:
    cat = carried_next(pages)
    today = pages.client.get(f"/cats/{cat}/today").text
    checklist = re.findall(r'name="check" value="([^"]+)"', today)
    assert {"harness_on", "tether_to_harness"} <= set(checklist)
    ticked = "&".join(f"check={c}" for c in checklist)
    today = pages.client.get(f"/cats/{cat}/today?{ticked}").text
    link = re.search(r'id="log-link" href="([^"]+)"', today)
    assert link and ticked in link.group(1).replace("&amp;", "&")
    # The timer's minutes join the query (app.js); a check sent twice counts once.
    url = link.group(1).replace("&amp;", "&") + "&check=harness_on&minutes=4.5"
    html = pages.client.get(url).text
    assert checked(html, "check") == checklist
    assert value_of(html, "minutes") == "4.5"
    r = pages.client.post(
        f"/cats/{cat}/sessions",
        data={**form_of(html), **CALM, "minutes": "4.5", "check": checklist},
        follow_redirects=False,
    )
    assert r.status_code == 303
    last = logged(pages.app, cat)[-1]
    assert last["checks"]["harness_on"] is True and last["checks"]["tether"] == "harness"
    assert last["minutes"] == 4.5
    assert "The safety checks were not ticked" not in pages.client.get(r.headers["location"]).text


def test_a_past_session_with_a_note_is_logged_changed_and_deleted(pages: Pages) -> None:
    cat = pages.add_cat()
    html = pages.client.get(f"/cats/{cat}/log").text
    assert value_of(html, "at") == "2026-11-26T09:00"  # now, on the household's clock
    # The future is refused on the field; nothing is stored.
    r = pages.client.post(
        f"/cats/{cat}/sessions", data={**form_of(html), **CALM, "at": "2026-11-26T11:00"}
    )
    assert r.status_code == 422
    assert "When: that is still to come" in r.text and 'href="#f-at"' in r.text
    r = pages.client.post(f"/cats/{cat}/sessions", data={**form_of(html), "at": "yesterday"})
    assert r.status_code == 422 and "When: &#39;yesterday&#39; is not a date and time." in r.text
    assert logged(pages.app, cat) == []
    # Yesterday evening, with a note.
    data = {**form_of(html), **CALM, "at": "2026-11-25T18:30", "note": "Rainy.\nShe sniffed it."}
    assert pages.client.post(f"/cats/{cat}/sessions", data=data).status_code == 200
    [session] = logged(pages.app, cat)
    assert session["at"] == "2026-11-25T18:30:00+01:00"
    history = pages.client.get(f"/cats/{cat}/history").text
    assert "Rainy.\nShe sniffed it." in history
    edit = re.search(r'href="(/cats/\d+/sessions/(\d+)/edit)"', history)
    assert edit
    sid = int(edit.group(2))
    html = pages.client.get(edit.group(1)).text
    assert "Change this session" in html
    assert checked(html, "tail") == ["upright"] and value_of(html, "at") == "2026-11-25T18:30"
    assert "Rainy." in html
    # Changed: the ears were flat after all, and the note says so.
    changed = {**form_of(html), **CALM, "ears": "flat", "at": "2026-11-25T18:30",
               "note": "Ears flat at the end."}  # fmt: skip
    r = pages.client.post(f"/cats/{cat}/sessions/{sid}", data=changed, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?changed=1")
    history = pages.client.get(r.headers["location"]).text
    assert "Session changed" in history and "Ears flat at the end." in history
    assert logged(pages.app, cat)[0]["observation"]["ears"] == "flat"
    # Not deleted by one tap: the box must be ticked, and the form says so.
    r = pages.client.post(f"/cats/{cat}/sessions/{sid}/delete", follow_redirects=False)
    assert r.status_code == 422 and "Tick the box to say you mean it" in r.text
    assert 'id="f-confirm"' in r.text and 'aria-invalid="true"' in r.text
    assert len(logged(pages.app, cat)) == 1
    # Deleted: gone from the history and the coach's log; the audit keeps all three.
    r = pages.client.post(
        f"/cats/{cat}/sessions/{sid}/delete", data={"confirm": "yes"}, follow_redirects=False
    )
    assert r.headers["location"] == f"/cats/{cat}/history?deleted=1"
    history = pages.client.get(r.headers["location"]).text
    assert "Session deleted" in history and "Ears flat" not in history
    assert logged(pages.app, cat) == []
    audit = sessions.session_audit(pages.app.state.db, owner(pages.app), int(cat), sid)
    assert [a.action for a in audit] == ["create", "edit", "delete"]
    assert pages.client.get(f"/cats/{cat}/sessions/{sid}/edit").status_code == 404
    again = pages.client.post(
        f"/cats/{cat}/sessions/{sid}/delete", data={"confirm": "yes"}, follow_redirects=False
    )
    assert again.headers["location"] == f"/cats/{cat}/history"  # a second tap: no harm


def test_a_session_of_another_day_is_logged_at_its_own_step_and_level(pages: Pages) -> None:
    """Today's plan fills in the step and level; a session of another day may
    have been another: the form lets the owner say which, and a level the
    step does not have is named on its field."""
    cat = pages.add_cat()
    html = pages.client.get(f"/cats/{cat}/log").text
    assert step_level(html) == ("harness-leash", "1")  # today's plan
    assert 'id="step-level"' in html and "A different step or level?" in html
    at = (pages.clock() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    wrong = {**CALM, "stage": "associations", "level": "9", "at": at}
    r = pages.client.post(f"/cats/{cat}/sessions", data=wrong, follow_redirects=False)
    assert r.status_code == 422
    assert re.search(r'<details class="stack" id="step-level" open>', r.text)
    assert 'aria-describedby="err-level"' in r.text
    assert step_level(r.text) == ("associations", "9")  # what was sent is kept
    r = pages.client.post(
        f"/cats/{cat}/sessions", data={**wrong, "level": "2"}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    [stored] = logged(pages.app, cat)
    assert (stored["stage"], stored["level"]) == ("associations", 2)
    edit = pages.client.get(f"/cats/{cat}/history").text
    sid = re.search(r"/sessions/(\d+)/edit", edit)
    assert sid is not None
    assert step_level(pages.client.get(f"/cats/{cat}/sessions/{sid.group(1)}/edit").text) == (
        "associations",
        "2",
    )


def test_changing_a_session_keeps_what_the_form_does_not_show(pages: Pages) -> None:
    cat = pages.add_cat()
    at = (pages.clock() - timedelta(hours=1)).isoformat()
    log_as_owner(
        pages.app,
        cat,
        {"at": at, "stage": "introduce", "level": 1, "observation": {"tail": "upright"},
         "context": {"location": "home", "temp_c": 21.0, "after_exertion": False}},
    )  # fmt: skip
    history = pages.client.get(f"/cats/{cat}/history").text
    edit = re.search(r'href="(/cats/\d+/sessions/(\d+)/edit)"', history)
    assert edit
    html = pages.client.get(edit.group(1)).text
    data = {**form_of(html), "tail": "low", "at": value_of(html, "at"), "location": "home"}
    r = pages.client.post(edit.group(1).removesuffix("/edit"), data=data, follow_redirects=False)
    assert r.status_code == 303
    [session] = logged(pages.app, cat)
    assert session["observation"]["tail"] == "low"
    assert session["context"] == {"location": "home", "temp_c": 21.0, "after_exertion": False}


def test_a_cat_is_changed_paused_resumed_downloaded_and_deleted(pages: Pages) -> None:
    cat = pages.add_cat("Mia", weight="4.2")
    other = pages.add_cat("Rocket")
    html = pages.client.get(f"/cats/{cat}/edit").text
    assert 'id="f-size"' in html  # the cat's size, for the backpack fit
    assert checked(html, "car_training") == ["unsure"]
    r = pages.client.post(
        f"/cats/{cat}/edit",
        data={"name": "Mia", "weight": "", "car_training": "yes", "length": "46",
              "height": "x", "notes": "likes tuna"},
    )  # fmt: skip
    assert r.status_code == 422
    assert "Height, standing: &#39;x&#39; is not a number." in r.text
    assert profile(pages.app, cat).get("car_training") is None  # nothing stored
    r = pages.client.post(f"/cats/{cat}/edit", data={"name": "Rocket"})
    assert r.status_code == 422 and "already have a cat by that name" in r.text
    r = pages.client.post(
        f"/cats/{cat}/edit",
        data={"name": "Mia Maus", "weight": "", "car_training": "yes", "length": "46",
              "notes": "likes tuna", "motivation": ["play"]},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    stored = profile(pages.app, cat)
    assert stored["name"] == "Mia Maus" and stored["car_training"] is True
    assert stored["length_cm"] == 46 and "weight_kg" not in stored  # blank: removed
    assert stored["motivation"] == ["play"]
    html = pages.client.get(f"/cats/{cat}/edit").text
    assert "likes tuna" in html and checked(html, "car_training") == ["yes"]
    # A break: paused now, then resumed.
    r = pages.client.post(f"/cats/{cat}/pause", data={"reason": "holiday"}, follow_redirects=False)
    assert r.status_code == 303
    html = pages.client.get(r.headers["location"]).text
    assert "Training has been paused since Thu 26 Nov, 09:00 (holiday)" in html
    pages.clock.advance(days=3)
    r = pages.client.post(f"/cats/{cat}/resume", follow_redirects=False)
    assert r.status_code == 303
    [paused] = plans.list_pauses(pages.app.state.db, owner(pages.app), int(cat))
    assert paused.reason == "holiday" and paused.ends_at == pages.clock()
    assert "Pause training" in pages.client.get(f"/cats/{cat}/edit").text
    # Downloads: the JSON backup and the table, as files.
    pages.clock.advance(minutes=5)
    log_as_owner(
        pages.app, cat, {"at": pages.clock().isoformat(), "stage": "introduce", "level": 1,
                         "observation": {"tail": "upright"}},
    )  # fmt: skip
    late = {
        "sensor": "A4:C1:38:8D:18:B2",
        "readings": [{"at": (pages.clock() - timedelta(minutes=1)).isoformat(), "temp_c": 26.0}],
    }
    batch = ReadingsIn.model_validate(late)
    readings.post_readings(pages.app.state.db, owner(pages.app), int(cat), batch, pages.clock())
    # The line on what the downloads hold: catpack.words', with the live count.
    line = words.cat_download_line(1)
    assert "Every session (1)" in line and "the pack thermometer's readings" in line
    assert f"<p>{escape(line)}</p>" in pages.client.get(f"/cats/{cat}/edit").text
    r = pages.client.get(f"/cats/{cat}/export.json")
    assert (
        r.status_code == 200
        and 'filename="Mia-Maus-catpack.json"' in r.headers["content-disposition"]
    )
    data = json.loads(r.text)
    assert data["cat"]["name"] == "Mia Maus" and len(data["sessions"]) == 1
    assert data["pauses"][0]["reason"] == "holiday"
    assert [(x["temp_c"], x["session"]) for x in data["readings"]] == [(26.0, 0)]
    r = pages.client.get(f"/cats/{cat}/export.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert len(rows) == 2 and rows[0][0].startswith("when")
    # Deleted only when the box is ticked.
    r = pages.client.post(f"/cats/{cat}/delete", data={})
    assert r.status_code == 422 and "Tick the box" in r.text
    r = pages.client.post(f"/cats/{cat}/delete", data={"confirm": "yes"}, follow_redirects=False)
    assert r.status_code == 303
    assert pages.client.get(f"/cats/{cat}/today").status_code == 404
    assert pages.client.get("/").url.path == f"/cats/{other}/today"


def test_how_a_trip_went_starts_unanswered_too(pages: Pages) -> None:
    cat = pages.add_cat()
    trip = gear.add_trip(
        pages.app.state.db, owner(pages.app), int(cat), {"kind": "walk", "hours": 1}
    )
    html = pages.client.get(f"/cats/{cat}/trips/{trip.id}/outcome").text
    for group in GROUPS:
        assert checked(html, group) == [], f"{group} is pre-selected"
    assert "it went as shown" not in html and 'name="vocal" value="not_seen"' in html


def test_every_control_of_the_new_pages_has_a_label(pages: Pages) -> None:
    cat = pages.add_cat()
    log_as_owner(
        pages.app,
        cat,
        {"at": pages.clock().isoformat(), "stage": "introduce", "level": 1,
         "observation": {"tail": "upright"}},
    )  # fmt: skip
    history = pages.client.get(f"/cats/{cat}/history").text
    edit = re.search(r'href="(/cats/\d+/sessions/\d+/edit)"', history)
    assert edit
    for url in (f"/cats/{cat}/edit", edit.group(1), f"/cats/{cat}/log?same=1"):
        assert_labelled(pages.client.get(url).text, url)
