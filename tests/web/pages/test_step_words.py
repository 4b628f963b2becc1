"""Small owner-facing words about steps and levels (2026-12-01): each page as
its HTTP answer."""

from __future__ import annotations

import re

from markupsafe import escape

from catpack.domain import protocol as P
from catpack.web.pages import labels
from tests.page_helpers import Pages


def test_the_log_forms_step_picker_names_each_step_once(pages: Pages) -> None:
    """Finding: the log form's step picker read "Harness: Harness and leash"
    (the label and the title repeat each other). Each step reads once, the
    way History's "Now at" names it; a numbered step keeps its number."""
    cat = pages.add_cat()
    html = pages.client.get(f"/cats/{cat}/log").text
    picker = re.search(r'<select id="in-stage" name="stage"[^>]*>(.*?)</select>', html, re.S)
    assert picker
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', picker[1]))
    assert list(options) == [s.id for s in P.STAGES]
    for stage in P.STAGES:
        assert options[stage.id] == str(escape(labels.stage_named(stage.id, stage.title)))
    harness = P.BY_ID["harness-leash"]
    assert options["harness-leash"] == str(escape(harness.title))
    assert options["movement"] == str(escape(f"Step 5 · {P.BY_ID['movement'].title}"))
