"""The plan page, the guide, the paged history and its chart, and the owner's words.

In-process (TestClient, the real app), each test on SQLite and PostgreSQL.
"""

from __future__ import annotations

import ast
import html as html_lib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import catpack.domain
from catpack.domain import protocol as P
from catpack.domain.protocol.explain import EXPLAINED
from catpack.services import sessions
from catpack.web.pages.chart import _day_slots, progress_svg
from catpack.web.pages.labels import GUIDE_ANCHORS
from catpack.web.pages.progress import Row
from catpack.words import SAFETY_WORDS, blocked_words
from tests.factories import CALM, HISSING, SAFE_CHECKS
from tests.factories import session as factory_session
from tests.page_helpers import Pages, log_as_owner, owner

#: Words that have no place in what an owner reads: rule numbers, citations,
#: scale and library names, the guide's author's cat, "step 0".
NOT_FOR_OWNERS = re.compile(
    r"\brules? \d|\bstep 0\b|Kessler|Turner 1997|thermofeel|matplotlib|htmx|Jinja|"
    r"the guide's cat|\(CSS|\bCSS\b|Pryor|Donaldson|McCobb|Atkinson|\bNWS\b|CFR\b|"
    r"science-research|protocol\.md|raise one step",
    re.IGNORECASE,
)
#: Domain constants that are the contract's names for things (the JSON says
#: which scale and which index it used); the pages never show them.
CONTRACT_NAMES = {"SCALE", "INDEX_NAME"}


def owner_text(page: str) -> str:
    """What an owner reads on a page: the text, without tags, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html_lib.unescape(page)


def session(
    stage: str, level: int, at: Any, obs: dict[str, Any] = CALM, **more: Any
) -> dict[str, Any]:
    return factory_session(stage, level, at, calm=5 if obs is CALM else 1, observation=obs, **more)


def stop_of(html: str, status: str) -> list[str]:
    """The titles of the plan's stops with ``status``."""
    return re.findall(
        rf'class="stop stop-{status}".*?<span class="stop-title">([^<]+)</span>', html, re.S
    )


def test_every_stage_is_explained() -> None:
    assert set(EXPLAINED) == set(P.BY_ID)
    for text in EXPLAINED.values():
        for part in (text.why, text.calm, text.if_not, text.pace):
            assert part and not NOT_FOR_OWNERS.search(part)


def test_plan_page_shows_where_the_cat_is(pages: Pages) -> None:
    fresh = pages.add_cat("Mia")
    html = pages.client.get(f"/cats/{fresh}/plan").text
    # Not harness-trained yet: the harness comes first, the pack is next.
    assert stop_of(html, "here") == ["Harness and leash"]
    assert stop_of(html, "next") == ["Introduce the backpack"]
    assert 'id="here"' in html and 'aria-current="step"' in html
    assert "Now: level 1 of 4." in html

    cat = pages.add_cat("Tom", harness_trained="yes")
    now = pages.clock.now
    for i, level in enumerate(range(1, 5)):
        log_as_owner(pages.app, cat, session("introduce", level, now + timedelta(minutes=i)))
    pages.clock.advance(minutes=10)
    html = pages.client.get(f"/cats/{cat}/plan").text
    assert stop_of(html, "done") == ["Harness and leash", "Introduce the backpack"]
    assert stop_of(html, "here") == ["Positive associations"]
    assert stop_of(html, "next") == ["Time inside, door open"]
    assert "To the car (optional)" in stop_of(html, "optional")
    assert stop_of(html, "later")[-1] == "Keep it going"
    # Each step in plain words, from the protocol's data and its explanations.
    here = html[html.index('id="here"') :]
    here = here[: here.index("</li>\n  <li")]
    for part in (
        P.BY_ID["associations"].levels[0].does,
        EXPLAINED["associations"].why,
        EXPLAINED["associations"].calm,
        EXPLAINED["associations"].if_not,
        "3 levels, sessions of 5 minutes",
    ):
        assert html_lib.escape(part, quote=True) in here or part in here, part
    # Today and the main menu both lead here.
    today = pages.client.get(f"/cats/{cat}/today").text
    assert f'href="/cats/{cat}/plan#here"' in today and f'href="/cats/{cat}/plan"' in today


def test_the_guide_has_a_card_for_every_group_of_the_log_form(pages: Pages) -> None:
    cat = pages.add_cat()
    guide = pages.client.get("/guide").text
    for anchor in (*GUIDE_ANCHORS.values(), "freezing", "cooling", "stress"):
        assert f'id="{anchor}"' in guide, anchor
    for anchor in ("backpack", "heat", "cold", "flying", "keeping-it-up", "why"):
        assert f'id="{anchor}"' in guide, anchor
    text = owner_text(guide)
    assert "Freezing is not calm" in text and "bubble" in text and "tether" in text
    log_form = pages.client.get(f"/cats/{cat}/log").text
    for group, anchor in GUIDE_ANCHORS.items():
        fieldset = log_form[log_form.index(f'id="f-{group}"') :]
        fieldset = fieldset[: fieldset.index("</fieldset>")]
        assert f'href="/guide#{anchor}"' in fieldset, group
    # Every page links the guide and the icon; the sources have a page of their own.
    for url in ("/cats/new", f"/cats/{cat}/today", f"/cats/{cat}/history", "/settings"):
        page = pages.client.get(url).text
        assert 'href="/guide"' in page and 'rel="icon"' in page, url
    science = pages.client.get("/about/science")
    assert science.status_code == 200 and "Kessler" in science.text
    assert pages.client.get("/favicon.ico").status_code == 200


def test_no_rule_numbers_citations_or_library_names_for_owners(pages: Pages) -> None:
    cat = pages.add_cat("Mia")  # starts with the harness: no "step 0"
    trained = pages.add_cat("Tom", harness_trained="yes")
    now = pages.clock.now
    log_as_owner(pages.app, trained, session("introduce", 1, now, HISSING))
    pages.clock.advance(minutes=5)
    urls = ["/guide", "/settings", "/reminders"]
    for c in (cat, trained):
        urls += [
            f"/cats/{c}/{page}"
            for page in ("today", "log", "plan", "history", "trip", "heat", "settings")
        ]
        urls += [f"/cats/{c}/heat?temp=34&humidity=60&sun=full", f"/cats/{c}/backpack"]
    for url in urls:
        r = pages.client.get(url)
        assert r.status_code == 200, url
        found = NOT_FOR_OWNERS.findall(owner_text(r.text))
        assert not found, (url, found)


def test_the_engines_owner_facing_strings_carry_no_citations() -> None:
    """Every string the domain can put in a reason or an instruction (its
    string constants and f-string parts, docstrings aside)."""
    found = []
    for path in sorted(Path(catpack.domain.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                skip.add(id(body[0].value))
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id in CONTRACT_NAMES for t in targets):
                    skip.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in skip and NOT_FOR_OWNERS.search(node.value):
                    found.append(f"{path.name}:{node.lineno}: {node.value[:70]}")
    assert found == []


def test_the_scan_catches_a_citation() -> None:
    assert NOT_FOR_OWNERS.search("Short trips often (rule 10).")
    assert NOT_FOR_OWNERS.search("stress 5 of 7 (Cat Stress Score (Kessler & Turner 1997))")
    assert not NOT_FOR_OWNERS.search("Step 5: carry the pack across a room.")


def test_today_names_the_real_blocker(pages: Pages) -> None:
    cat = pages.add_cat("Mia", harness_trained="yes")
    hot = pages.client.get(f"/cats/{cat}/today?temp=36&humidity=60&sun=full").text
    # The first level is the open pack at home: heat there is a warning, not a
    # block (the cat is not shut in); a zipped pack or an outing is "too hot".
    assert '<p class="tag">Not yet: too hot</p>' not in hot
    assert "fix the safety checks" not in hot
    assert SAFETY_WORDS["hot_indoors"] in hot.replace("&#39;", "'")
    assert blocked_words(["heat_extreme", "openings_open"]) == "Not yet: too hot"
    assert blocked_words(["harness_not_trained"]) == "Harness training first"
    assert blocked_words(["openings_open", "leash_off"]) == "Not yet: tick the safety checks"
    assert blocked_words(["openings_open", "heat_extreme"]) == "Not yet: too hot"


def test_the_stop_banner_fits_the_stage(pages: Pages) -> None:
    open_pack = pages.add_cat("Mia", harness_trained="yes")
    carried = pages.add_cat("Tom", harness_trained="yes")
    now = pages.clock.now
    log_as_owner(pages.app, open_pack, session("introduce", 1, now, HISSING))
    log_as_owner(
        pages.app,
        carried,
        session("movement", 1, now, HISSING, context={"location": "home", "checks": SAFE_CHECKS}),
    )
    pages.clock.advance(minutes=5)
    at_step_1 = pages.client.get(f"/cats/{open_pack}/today").text
    assert 'id="stop-banner"' in at_step_1
    assert "every zip" not in at_step_1 and "Step back" in at_step_1
    at_step_5 = pages.client.get(f"/cats/{carried}/today").text
    assert 'id="stop-banner"' in at_step_5 and "every zip and flap" in at_step_5


def test_history_is_paged_with_notes(pages: Pages) -> None:
    cat = pages.add_cat("Mia", harness_trained="yes")
    start = pages.clock.now - timedelta(days=40)
    actor = owner(pages.app)
    for i in range(35):  # one a day, and the last two on the same day
        at = start + timedelta(days=i if i < 34 else 33, hours=2 if i == 34 else 0)
        note = f"note number {i}" if i in (0, 34) else ""
        sessions.log_session(
            pages.app.state.db, actor, int(cat), session("introduce", 1, at), note=note
        )
    first = pages.client.get(f"/cats/{cat}/history").text
    assert first.count('<li class="">') == 30 and "Page 1 of 2" in first
    assert "note number 34" in first and "note number 0" not in first
    assert 'href="?page=2#sessions"' in first
    second = pages.client.get(f"/cats/{cat}/history?page=2").text
    assert second.count('<li class="">') == 5 and "note number 0" in second
    assert "progress.svg?page=2" in second
    for bad in ("0", "-1", "x", "99999999"):
        assert pages.client.get(f"/cats/{cat}/history?page={bad}").status_code == 200
    svg = pages.client.get(f"/cats/{cat}/progress.svg?page=1").text
    assert "Where on the plan" in svg and "Stress of each session" in svg


def test_same_day_sessions_get_their_own_place_on_the_chart() -> None:
    at = P.FIRST_BACKPACK_STAGE
    base = datetime(2026, 11, 26, 9, tzinfo=UTC)

    def row(hours: float) -> Row:
        return Row(base + timedelta(hours=hours), at.id, at.title, 1, 1, 4, 2, (), 5, "home")

    xs, days = _day_slots([row(0), row(1), row(2), row(24)], None)
    assert len(days) == 2 and len(set(xs)) == 4
    assert xs[0] < xs[1] < xs[2] < xs[3]
    # A long name full of mathtext is drawn as typed, wrapped, beside the sessions.
    name = r"$\frac{$ Sir Whiskerton Fluffington the Third"
    svg = progress_svg([row(0), row(1)], f"{name}: where on the plan", None).decode()
    assert "$\\frac{$ Sir Whiskerton" in svg and "Calm" in svg


def test_a_session_with_nothing_recorded_is_an_empty_ring_on_the_chart() -> None:
    """Nothing about the cat recorded: the chart drew the engine's cautious
    score (3, "A little tense") as if it had been seen. It is an empty ring,
    with its own line in the legend (only where there is one)."""
    from dataclasses import replace

    from matplotlib.figure import Figure

    from catpack.web.pages.chart import UNSEEN, _draw_progress

    at = P.FIRST_BACKPACK_STAGE
    base = datetime(2026, 11, 26, 9, tzinfo=UTC)
    seen = Row(base, at.id, at.title, 1, 1, 4, 3, (), 5, "home")
    unseen = replace(seen, at=base + timedelta(days=1), seen=False)

    def drawn(rows: list[Row]) -> tuple[list[Any], list[str]]:
        fig = Figure()
        ax = fig.add_subplot()
        _draw_progress(fig, ax, rows, None)
        faces = [tuple(c.get_facecolors()[0]) for c in ax.collections]
        return faces, [t.get_text() for t in fig.legends[0].get_texts()]

    faces, legend = drawn([seen, unseen])
    assert faces[1] == (1.0, 1.0, 1.0, 1.0) and faces[0] != faces[1]
    assert UNSEEN in legend
    assert UNSEEN not in drawn([seen])[1]
    assert UNSEEN in progress_svg([seen, unseen], "Mia: where on the plan", None).decode()


def test_the_chart_draws_the_car_as_a_side_step(pages: Pages) -> None:
    """Finding: the chart's axis numbered its lines by step, so the optional
    car practice sat on step 6's line, like a real step. It has a line of
    its own above step 6, named as the side step it is, and the steps above
    it keep their names; a chart without it is as before."""
    from matplotlib.figure import Figure

    from catpack.web.pages.chart import _draw_progress

    cat = pages.add_cat(car_training="yes")
    base = datetime(2026, 11, 20, 9, tzinfo=UTC)
    for day, (stage, level) in enumerate([("doorway", 1), ("car", 1), ("car", 2), ("outdoors", 1)]):
        log_as_owner(pages.app, cat, factory_session(stage, level, base + timedelta(days=day)))
    svg = pages.client.get(f"/cats/{cat}/progress.svg?page=1").text
    assert "Car (side step)" in svg and svg.count(">Step 6<") == 1, svg.count(">Step 6<")
    from catpack.services import plans
    from catpack.web.pages.progress import rows as progress_rows

    _, log = plans.plan_and_log(pages.app.state.db, owner(pages.app), int(cat), now=pages.clock.now)
    drawn_rows = progress_rows(log, {"car_training": True})
    assert [r.branch for r in drawn_rows] == [None, "car", "car", None]

    def drawn(rows: list[Row]) -> tuple[list[str], list[float], list[float]]:
        fig = Figure()
        ax = fig.add_subplot()
        _draw_progress(fig, ax, rows, None)
        names = [t.get_text() for t in ax.get_yticklabels()]
        return names, list(ax.get_yticks()), [float(c.get_offsets()[0][1]) for c in ax.collections]

    names, ticks, ys = drawn(drawn_rows)
    assert names == ["Step 6", "Car (side step)", "Step 7", "Step 8"]
    door, car1, car2, outside = ys
    assert ticks[0] == door < ticks[1] == car1 < car2 < ticks[2] == outside
    without = drawn([r for r in drawn_rows if r.branch is None])
    assert without[0] == ["Step 6", "Step 7", "Step 8"] and without[1] == [6, 7, 8]
