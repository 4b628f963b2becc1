"""Plain words for the ids a decision speaks in: checks, safety, decisions, heat.

The coach contract says ``tether_to_harness`` and ``heat_high``; owners read
words. The web pages and the CLI both take them from here, so they say the
same thing. This module imports nothing: it is only words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

#: Words for the ids a decision's checklist, blocking and warning lists use.
CHECK_WORDS: Final[dict[str, str]] = {
    "harness_on": "Harness on and snug",
    "tether_to_harness": "Inner tether clipped to the harness, not the collar",
    "openings_closed": "Every opening zipped shut",
    "zip_clips": "Zip clips fastened",
    "leash_on": "Leash clipped on for outdoors",
    "never_alone_in_car": "Someone stays with the cat in the car",
    "blanket_in_pack": "Familiar blanket in the bottom of the pack",
    "supplies_packed": "Water, bowl and pads packed",
}
SAFETY_WORDS: Final[dict[str, str]] = {
    "harness_off": "The harness is not on",
    "harness_not_trained": "Harness training comes first",
    "tether_not_on_harness": "The tether is not clipped to the harness",
    "openings_open": "An opening is not closed",
    "zip_clips_unused": "The zip clips are not fastened",
    "checks_not_recorded": "The safety checks were not ticked",
    "humidity_assumed": "Humidity not given: a damp day was assumed",
    # Shown by the pages (not a domain flag): the sun left "Not set" outside
    # counts as full sun in the heat index.
    "sun_assumed": "Sun not given: full sun was assumed (pick Shade or Indoors if it is not sunny)",
    "heat_not_checked": "No temperature given: check the heat before you go",
    "too_busy_for_level": "That place is busier than this level calls for",
    "longer_than_level": "Planned longer than this session: keep to its length",
    "leash_off": "No leash for outdoors",
    "heat_high": "It is too hot for this outing",
    "heat_extreme": "It is far too hot for this outing",
    "heat_moderate": "It is warm: keep to shade and bring water",
    "hot_indoors": "It is hot indoors: leave the pack open in the coolest room, water nearby",
    "tether_on_collar": "The tether is on the collar: move it to the harness",
    # A parked car gets hot in the sun even on a cool day, and cold in winter:
    # the same words hold in any weather (it was "heats up fast" at -10 °C too).
    "car_heat": "A parked car gets too hot or too cold fast: never leave the cat in it",
    "cool_weather": "It is cool: bring the cat's blanket",
    "cold_weather": "It is cold: blanket in the pack, keep it short",
    "freezing_weather": "It is freezing: only a short outing",
    "cold_long_outing": "Too cold for an outing this long",
    "freezing_long_outing": "Below freezing: too long an outing",
    "over_weight_rating": "The cat is heavier than this pack is made for",
    "near_weight_rating": "The cat is close to the pack's weight limit",
    "no_inner_tether": "This pack has no inner tether to clip the harness to",
    "tether_high": "The pack's tether is not low down: clip it low, to the harness",
    "no_zip_clips": "No zip clips: a cat can push a zip open",
    "bubble_window_heat": "A bubble window traps heat in the sun: keep to shade",
    "no_mesh_heat": "No mesh for air: in the sun the pack heats up fast",
}
DECISION_WORDS: Final[dict[str, str]] = {
    "start": "Let's begin",
    "push": "A step up next",
    "stick": "Same level again",
    # One heading for every case of a label, so true for each: a drop can go
    # two levels down (to the rest's plan after a stop, or after a break), and
    # an advance goes from a harness or refresher session to another stage
    # (the backpack's plan, a hike's) without that session's stage being done.
    "drop": "An easier level next",
    "advance": "On to another stage",
    "stop": "Stop now",
    "blocked": "Not yet: fix the safety checks",
    "refer": "Pause the plan and get advice",
    "maintain": "Trained: keep it going",
    "refresh": "A short refresher first",
}
HEAT_WORDS: Final[dict[str, str]] = {
    "low": "Low heat risk",
    "moderate": "Moderate heat risk",
    "high": "High heat risk",
    "extreme": "Extreme heat risk",
}
REWARD_WORDS: Final[dict[str, str]] = {
    "treats": "Treats",
    "toy": "A favourite toy",
    "blanket or worn clothing": "A blanket or your worn clothing",
}

PACKING_WORDS: Final[dict[str, str]] = {
    "id_tag": "ID tag",
    "tether_check": "Tether check",
    "collapsible_bowl": "Collapsible bowl",
    "pee_pads": "Pee pads",
    "carrier_fit_check": "Carrier fit check",
    "vaccination_record": "Vaccination record",
}


def packing_item(item: str) -> str:
    """A packing list's item id in words: ``ID tag``, ``Harness``."""
    return PACKING_WORDS.get(item, item.replace("_", " ").capitalize())


#: A saved trip in the household's calendar: the event's title by trip kind
#: (``{cat}`` is the cat's name) and its short description (``{items}``: the
#: first things to bring of the packing list).
CALENDAR_TRIP_TITLE: Final[dict[str, str]] = {
    "walk": "{cat}: a walk (trip)",
    "hike": "{cat}: a hike (trip)",
    "hotel": "{cat}: a hotel stay (trip)",
    "road_trip": "{cat}: a road trip (trip)",
    "flight": "{cat}: a flight (trip)",
}
CALENDAR_TRIP_CHECK: Final = "Check the weather before you go."
CALENDAR_TRIP_BODY: Final = "Bring: {items} and the rest of the list. " + CALENDAR_TRIP_CHECK
#: How many of the packing list's items the description names.
CALENDAR_TRIP_ITEMS: Final = 4


def calendar_trip(cat: str, kind: str, items: list[str]) -> tuple[str, str]:
    """A saved trip's calendar title and description (a walk's title for an unknown kind)."""
    title = CALENDAR_TRIP_TITLE.get(kind, CALENDAR_TRIP_TITLE["walk"]).format(cat=cat)
    # Things to bring: a check (the tether's, the carrier's fit) is to do, not to bring.
    things = [i for i in items if not i.endswith("_check")]
    named = [packing_item(i) for i in things[:CALENDAR_TRIP_ITEMS]]
    if not named:
        return title, CALENDAR_TRIP_CHECK
    # In a sentence: "Harness, leash, ID tag" (an initialism keeps its capitals).
    said = [named[0], *(n if n[1:2].isupper() else n[:1].lower() + n[1:] for n in named[1:])]
    return title, CALENDAR_TRIP_BODY.format(items=", ".join(said))


#: What a "blocked" decision is waiting for, most pressing first: the tag names
#: the real blocker, not always the safety checks.
BLOCKER_WORDS: Final[tuple[tuple[frozenset[str], str], ...]] = (
    (frozenset({"heat_high", "heat_extreme"}), "Not yet: too hot"),
    (frozenset({"cold_long_outing", "freezing_long_outing"}), "Not yet: too cold for this long"),
    (frozenset({"harness_not_trained"}), "Harness training first"),
    (frozenset({"over_weight_rating", "no_inner_tether"}), "Not with this pack"),
)
BLOCKED_BY_CHECKS: Final = "Not yet: tick the safety checks"


def blocked_words(blocking: list[str] | tuple[str, ...]) -> str:
    """The tag of a blocked decision, naming what blocks it."""
    found = set(blocking)
    for ids, words in BLOCKER_WORDS:
        if ids & found:
            return words
    return BLOCKED_BY_CHECKS


def decision_tag(decision: Mapping[str, Any]) -> str:
    """The decision's tag in words; a blocked one names what blocks it."""
    kind = str(decision["decision"])
    if kind == "blocked":
        return blocked_words((decision.get("safety") or {}).get("blocking") or [])
    return DECISION_WORDS.get(kind, kind)


def check_words(check: str) -> str:
    """A safety check, in words (an unknown id is shown tidied)."""
    return CHECK_WORDS.get(check, check.replace("_", " "))


def safety_words(item: str) -> str:
    """A blocking or warning id, in words (an unknown id is shown tidied)."""
    return SAFETY_WORDS.get(item, item.replace("_", " "))


#: ``catpack log`` without a terminal and without a word about the cat: it
#: cannot ask, and a session saved with nothing seen is not what a script meant.
LOG_NOTHING_SEEN: Final = (
    "nothing about the cat was given: pass what you saw (--tail, --ears, --eyes, --body, "
    "--vocal, --sign), or --tail unseen to log a session in which you saw nothing"
)


#: What a trainer reads where the household's forms would be: a trainer follows
#: a cat's training and changes nothing (services.access: "change" is the owner's
#: and the caregivers', "manage" the owner's). ``{cat}`` is the cat's name. It
#: names who does (a trainer is one of the household's people too).
LOOK_ONLY_WORDS: Final[dict[str, str]] = {
    "today": "You can follow {cat}'s training here; the owner and caregivers log the sessions.",
    "trip": "You can plan a trip for {cat} here; the owner and caregivers save trips "
    "and tell how they went.",
    "about": "The owner and caregivers change {cat}'s details and pause training; "
    "only the owner removes {cat}.",
    "cat_settings": "The owner and caregivers pair a thermometer with {cat}'s pack.",
    "backpack": "The owner and caregivers add and change backpacks.",
    "size": "The owner and caregivers measure {cat} and change these figures.",
    "routine": "The owner and caregivers set {cat}'s weekly target.",
    "reminders": "The owner and caregivers set reminders and get them.",
    "settings": "The owner changes the units and the time zone; the owner and caregivers "
    "add and change the cats.",
}

#: A page that is only a form (a bookmark, a link sent on), opened by a trainer:
#: its heading, a line saying why there is nothing to fill in, the way back.
LOOK_ONLY_PAGES: Final[dict[str, tuple[str, str, str]]] = {
    "log": (
        "The owner and caregivers log the sessions",
        "The owner and caregivers log {cat}'s sessions. Each one shows in the history once it is "
        "logged, and Today shows what comes next.",
        "Back to today",
    ),
    "session": (
        "The owner and caregivers change the sessions",
        "The owner and caregivers change or delete {cat}'s sessions. Every one is in the history, "
        "as it was logged.",
        "Back to the history",
    ),
    "outcome": (
        "The owner and caregivers tell how a trip went",
        "The owner and caregivers tell how {cat}'s trips went. It shows in the history once it is "
        "logged.",
        "Back to the trips",
    ),
    "new_cat": (
        "The owner and caregivers add the cats",
        "The owner and caregivers add cats. A cat they add shows here for you to follow.",
        "Back",
    ),
}


def look_only(key: str, cat: str = "") -> str:
    """The line a trainer reads where a form would be (``key`` of
    :data:`LOOK_ONLY_WORDS`), with the cat's name."""
    return LOOK_ONLY_WORDS[key].format(cat=cat)


# ----------------------------------- from local mode to accounts mode
#: The command that gives the local owner (CATPACK_CLI_USER) a log-in.
SET_LOGIN_COMMAND: Final = "catpack account set-login"
NO_LOCAL_OWNER: Final = (
    "there is no local owner for CATPACK_CLI_USER={email} in this database yet, so there is "
    "nothing to give a log-in to: if you used catpack with another CATPACK_CLI_USER, set it "
    "to that e-mail; to start a new household instead, sign up (docs/deploy.md, "
    "“The first account”)"
)
EMAIL_TAKEN: Final = "{email} is another account's e-mail: choose another one"
PASSWORDS_DIFFER: Final = "the two passwords typed differ: nothing was changed"
NO_TERMINAL: Final = (
    "no terminal to type the password on: give it on standard input with --password-stdin"
)
PASSWORD_ONE_LINE: Final = "must be one line (standard input held more than one)"
PASSWORD_PROMPT: Final = "New password"
PASSWORD_AGAIN: Final = "The same password again"
LOGIN_GIVEN: Final = (
    "{previous} can now log in as {email} when CATPACK_AUTH=accounts; the household "
    "“{household}” ({cats}) stays as it was, and the CLI and local mode still act for "
    "this account"
)
PASSWORD_REPLACED: Final = (
    "{previous} now logs in as {email} with a new password, and its log-ins on the pages "
    "ended ({ended}); the household “{household}” ({cats}) stays as it was"
)
#: After set-login's line, with --end-tokens.
TOKENS_ENDED_TOO: Final = "; {tokens} ended too (scripts and the pack sensor need a new token)"
PASSWORD_RESET: Final = (
    "{email} (household “{household}”) can now log in with the new password; {logins} and "
    "{tokens} ended (scripts and the pack sensor need a new token)"
)
#: A new password asked for by an account that has none (the local owner
#: before set-login): only the server's operator gives it one.
NO_PASSWORD_YET: Final = (
    "this account has no password to check, so it cannot be changed here: whoever runs "
    "this catpack gives it one with `catpack account set-login`"
)
#: The account page's change-password form: the box that ends the API tokens too.
END_TOKENS_LABEL: Final = "Also end API tokens: scripts and the pack sensor will need a new one"
#: The account page after a new password, by what ended (the browser that
#: changed it is logged in anew).
PASSWORD_CHANGED: Final = "Password changed. Your log-ins in other browsers ended."
PASSWORD_CHANGED_TOKENS: Final = (
    "Password changed. Your log-ins in other browsers ended, and your API tokens too: "
    "scripts and the pack sensor need a new one."
)
#: How often to look in on the cat on a trip (the plan's ``stops_every_min``),
#: by trip kind: on foot or by car the owner stops; on a plane or in a hotel
#: there is nothing to stop, so the words say to check on the cat instead.
_STOP_TO_CHECK = "Stop every {minutes} minutes to check on {cat}."
_LOOK_IN = "Look in on {cat} every {minutes} minutes: a calm word, a look through the mesh."
TRIP_STOPS: Final[dict[str, str]] = {
    "walk": _STOP_TO_CHECK,
    "hike": _STOP_TO_CHECK,
    "road_trip": _STOP_TO_CHECK,
    "hotel": _LOOK_IN,
    "flight": _LOOK_IN,
}


def trip_stops(kind: str | None, minutes: int, cat: str) -> str:
    """The plan's check-in line for a trip of ``kind`` (a walk's for an unknown kind)."""
    return TRIP_STOPS.get(kind or "", TRIP_STOPS["walk"]).format(minutes=minutes, cat=cat)


#: The log form, under "Tries" and "Calm tries": what a try is, and that both
#: may stay empty.
LOG_TRIES_HINT: Final = (
    "Optional. How many times you did the step (say, the harness on and off "
    "3 times) and how many of those the cat stayed calm through: with both, "
    "the coach goes by them."
)
#: The account page, before removing someone from the household.
REMOVE_MEMBER: Final = (
    "{name} loses access to this household's cats at once; any sessions they "
    "logged stay. A new invite brings them back."
)
#: The log-in page, under the form: what to do about a forgotten password.
FORGOT_PASSWORD: Final = (
    "Forgot your password? Whoever runs this catpack can set a new one for you."
)
#: The log-in page just after "Log out" (``?out=here``) or "Log out everywhere"
#: (``?out=everywhere``): on a shared phone, the owner sees that it took.
LOGGED_OUT: Final = {
    "here": "You are logged out.",
    "everywhere": "You are logged out everywhere: every browser, phone and script "
    "must log in again.",
}
#: ``catpack serve`` listening beyond this machine while only its own names are
#: allowed: every phone would get 400 "Invalid host header" and no hint why.
SERVE_HOSTS_HINT: Final = (
    "note: catpack listens on {host} but answers only to this machine's own names "
    "(localhost, 127.0.0.1): a phone that opens it by this computer's address or name "
    'gets "Invalid host header". Set CATPACK_ALLOWED_HOSTS to that address or name, '
    "e.g. CATPACK_ALLOWED_HOSTS=192.168.1.20 (docs/deploy.md)"
)
#: ``catpack serve`` in accounts mode while the local owner's cats wait for a log-in.
SERVE_LOCAL_OWNER_HINT: Final = (
    "note: the local owner {email} has {cats} but no log-in, so nobody can reach them "
    "in accounts mode: run `catpack account set-login` to give it one (docs/deploy.md)"
)
#: The log-in page, while the local owner's cats wait for a log-in.
LOGIN_PAGE_LOCAL_OWNER_HINT: Final = (
    "Moving from local mode? The cats kept there are waiting: on the server, run "
    "catpack account set-login to give their account an e-mail and a password, then log in here."
)
#: The stop banner's first two steps, by what the cat was in when the stop
#: came: ``shut`` (zipped in or carried), ``open`` (the pack stood open and
#: still), ``harness`` (the harness track: no pack at all), ``outside`` (away
#: from home: the doorway, the car, outdoors, where opening up and letting the
#: cat go could lose it; protocol rules 8 and 9: on a leash outdoors, "if the
#: cat is overwhelmed, leave"; rule 7: a hot cat comes out of the pack in the
#: shade). Each is (the words in bold, the rest).
STOP_FIRST_STEPS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "outside": (
        ("Keep hold of the leash", "and leave the harness on: never let the cat loose out here."),
        (
            "Leave calmly",
            "with the cat in the pack, away from what upset it, to a quiet shaded spot or "
            "home. If it is panting or feels hot, open the pack there and let it out on the "
            "leash.",
        ),
    ),
    # Panting away from home: heat first, as the coach's own first instruction
    # says (shade at once, the cat out on the leash; then water).
    "outside_hot": (
        ("Get into the shade at once", "and keep hold of the leash: never let the cat loose."),
        ("Open the pack there", "and let the cat out on the leash."),
    ),
    "shut": (
        ("Open up", "every zip and flap of the pack."),
        ("Let the cat out", "on its own — don't pull it out or hold it in."),
    ),
    "open": (
        ("Step back", "from the pack and leave it open and where it is."),
        ("Let the cat go", "where it likes — don't hold it or put it back in."),
    ),
    "harness": (
        ("Step back", "and unclip the leash if it is on — don't hold the cat or follow it."),
        (
            "The harness:",
            "if it is on, take it off calmly once the cat lets you; never hold the cat down.",
        ),
    ),
}
#: The first cat's page, above its form: the units it asks in, and a button
#: to the other ones (the household's setting, also on Settings).
NEW_CAT_UNITS: Final[dict[str, tuple[str, str]]] = {
    "metric": ("Weights and sizes in kg and cm, temperatures in °C.", "Use lb, inches and °F"),
    "imperial": ("Weights and sizes in lb and inches, temperatures in °F.", "Use kg, cm and °C"),
}
#: The account page's box with a new invite or share link (shown only once).
MADE_LINK: Final[dict[str, str]] = {
    "label": "The link (shown only this once)",
    "hint": "Copy it now and send it by message or e-mail: it is not shown again.",
    "copy": "Copy the link",
    "copied": "Copied: paste it into a message or an e-mail.",
}
#: The account page in local mode: an invite there is a dead end (no log-in,
#: this computer only), a share link opens only on this computer.
LOCAL_MODE_LINKS: Final[dict[str, str]] = {
    "invites": (
        "Invite links need accounts mode. Right now catpack runs for this computer "
        "alone, with no log-in: a phone cannot reach it, and whoever opens an invite "
        "here simply acts as you. To let a caregiver or a trainer in from their own "
        "phone, start catpack in accounts mode (CATPACK_AUTH=accounts; the README's "
        "Security section says how)."
    ),
    "shares": (
        "In local mode a share link opens only on this computer; to send one to a "
        "trainer or a vet, run catpack in accounts mode."
    ),
}
#: The log form when the cat already has a session at the time given: a
#: second tap of Save, or another session typed with the same time.
SESSION_AT_TAKEN: Final = (
    "When: {cat} already has a session saved at this time (it is in the history). "
    "If this is another session, change the time by a minute and save again."
)
#: Today, right after joining a household from an invite link.
JOINED_FLASH: Final = (
    "Welcome: you are in the household. This is {cat}'s session for today; "
    "History shows what happened so far."
)
#: The log form's "When", shown (by app.js) only on a phone whose time zone is
#: not the household's: the time typed is read in the household's zone.
LOG_ZONE_NOTE: Final = (
    "This is the household's time ({zone}), not this phone's: give when it happened in {zone} time."
)
#: The 404 page for a session or a trip of a cat that is there: its heading,
#: the line, the way back (the cat itself is there: "That cat isn't here" was wrong).
MISSING_OF_CAT: Final[dict[str, tuple[str, str, str, str]]] = {
    "session": (
        "That session isn't here",
        "It may have been deleted, or the link is out of date.",
        "Back to {cat}'s history",
        "/cats/{id}/history",
    ),
    "trip": (
        "That trip isn't here",
        "It may have been removed, or the link is out of date.",
        "Back to {cat}'s trips",
        "/cats/{id}/trip#saved-trips",
    ),
}
#: Today while the cat's training is paused ("A break from training" on its
#: About page): since when, and that the session shown waits for the resume.
TODAY_PAUSED: Final = (
    "Training has been paused since {since}. The session below is the one to start "
    "with when you resume; reminders wait until then."
)
#: The same for a break set with an end date (the command line, the API):
#: it ends by itself then, so Today offers no "Resume training".
TODAY_PAUSED_UNTIL: Final = (
    "Training is paused until {until}: it comes back on by itself then. The session "
    "below is the one to start with; reminders wait until then."
)
#: Today after a session logged during the rest that follows a stop: the
#: decision judges that session, but the next one still waits for the rest.
TODAY_STILL_RESTING: Final = (
    "{cat} is still resting after real stress: the next session is not before {when}."
)
#: Today once the rest after a stop is over: the session is an easier one
#: (its step's title, its level and the step's number of levels).
TODAY_RESTED: Final = (
    "Rest is over. Today's session is an easier one: {title}, level {level} of {levels}."
)
#: A saved trip still to come (its time not reached on the household's clock):
#: how it went is asked once it has started.
TRIP_COMING_UP: Final = "Coming up. Once it has begun, come back here to say how it went."
#: The trip planner's answer when the trip is not ready: the heading over its
#: stops and packing list, so they do not read as if the trip goes ahead now.
#: By what holds it back: the heat, the cold, or anything else (the training,
#: an airline to choose, the pack).
TRIP_LATER: Final[dict[str, str]] = {
    "heat": "If you go later, when it is cooler:",
    "cold": "If you go on a milder day, or for less long:",
    "other": "For when the trip is ready:",
}
#: How a trip went, posted before the trip's time (an old page).
TRIP_NOT_STARTED: Final = "This trip has not started yet: tell how it went once it has."
#: What a stage is called beside its title (plan, Today, history, log form):
#: the optional car practice is a side step beside step 6, not a second step 6.
STAGE_LABELS: Final[dict[str, str]] = {
    "harness": "Harness",
    "step": "Step {step}",
    "side": "Side step",
    "upkeep": "Keeping it up",
}
#: The progress chart's line for a side step, beside the steps' lines
#: ("Step 6", "Step 7"): named by what it practises, never numbered.
CHART_SIDE_STEPS: Final[dict[str, str]] = {"car": "Car (side step)"}
#: A cat's settings, under "Its Bluetooth address": where an owner finds it
#: (no command to type: that is for whoever set the thermometer up), and,
#: when catpack has heard some thermometers, that they are listed to pick.
SENSOR_ADDRESS_HINT: Final = (
    "Like A4:C1:38:8D:18:B2: it is on the thermometer's box or label, or in its own app."
)
SENSOR_KNOWN_HINT: Final = " Or pick one catpack has already heard, below."
#: The pack thermometer on Today when no reading comes: what to check, in
#: plain words (the readings come through a computer near the pack).
PACK_RELAY_CHECK: Final = (
    "Is it switched on, and is the computer that passes its readings on to catpack "
    "switched on and close to the pack?"
)
#: Next to a form posted with no connection (any but the log form, whose
#: outbox keeps the session on the phone): nothing was saved.
OFFLINE_NOT_SAVED: Final = (
    "Not saved: no connection to catpack just now. What you typed is still here: "
    "try again once the phone is back online."
)
#: The page the service worker shows for a form posted as a whole page (not
#: the log form) when catpack cannot be reached at all (no signal, dead Wi-Fi,
#: the server down): nothing was saved, and the way back to what was typed.
OFFLINE_POST_NOT_SAVED: Final = (
    "Nothing was saved: no connection to catpack just now. Go back to the form: "
    "what you typed is still there, to try again once catpack can be reached."
)
#: The same page for the posts that save nothing but log in or out, by kind
#: (catpack.web.pages.offline.NOT_SENT names the posts of each): its heading,
#: its line and its button back (the same way back as "Not saved").
OFFLINE_POST_NOT_SENT: Final[dict[str, tuple[str, str, str]]] = {
    "login": (
        "Not logged in",
        "catpack could not be reached just now, so you are not logged in yet. "
        "Go back and log in again once the phone is back online.",
        "Go back to log in",
    ),
    "signup": (
        "Not signed up",
        "catpack could not be reached just now, so no account was made and you are "
        "not logged in yet. Go back to the form and try again once the phone is back online.",
        "Go back to the form",
    ),
    "logout": (
        "Not logged out",
        "catpack could not be reached just now, so you are still logged in on this "
        "phone. Go back and try again once the phone is back online.",
        "Go back",
    ),
    "logout-everywhere": (
        "Not logged out",
        "catpack could not be reached just now, so nothing was ended: you are still "
        "logged in on this phone and everywhere else. Go back and try again once the "
        "phone is back online.",
        "Go back",
    ),
}
#: The heat verdict's words for the sun it counted, as picked ("Sun" field):
#: after "heat index 24 °C, ...". Left "Not set": taken as full sun outside
#: (``assumed``), or no sun counted (a session at home).
HEAT_SUN: Final[dict[str, str]] = {
    "full": "in full sun",
    "partial": "in partial sun",
    "shade": "in the shade",
    "indoor": "indoors",
    "assumed": "taken as in full sun",
    "none": "no sun counted",
}


def heat_sun(sun: str, value: float, felt: float | None) -> str:
    """The heat verdict's words for ``sun`` (the field as picked, "" when not
    set); ``value`` and ``felt``: the heat index with and without the sun."""
    if sun in HEAT_SUN:
        return HEAT_SUN[sun]
    return HEAT_SUN["assumed" if felt is not None and value > felt else "none"]


#: Today after "Resume training" on its pause notice.
TODAY_RESUMED: Final = "Training is back on. Here is the next session."
#: A cat's About page after "Save", "Pause training" and "Resume training".
CAT_SAVED: Final = "Saved."
CAT_PAUSED: Final = "Training is paused. Days off now do not count as a break in practice."
CAT_RESUMED: Final = "Training is back on. Today has the next session."
#: "Pause training" or "Resume training" tapped on a page older than the
#: cat's state (another tap, another phone): nothing changed, and the line
#: says why, on the page the owner lands on (Today or the cat's About page).
ALREADY_PAUSED: Final = "Training was already paused."
ALREADY_ON: Final = "Training was already back on."
#: "Resume training" on Today while a break with an end date runs (one set
#: with the command line or the API): it is not ended early.
PAUSE_ENDS_BY_ITSELF: Final = (
    "This break was set with an end date: training comes back on by itself then."
)
#: Reminders' times, shown (by app.js) only on a phone whose time zone is not
#: the household's: the times are the household's clock.
TIMES_ZONE_NOTE: Final = "These are the household's times ({zone}), not this phone's."
#: The same for one time (Today's "Try again: not before ...", after a stop).
TIME_ZONE_NOTE: Final = "That is the household's time ({zone}), not this phone's."
#: The read-only page of a share link, under its heading: a trainer elsewhere
#: reads the session times in the household's zone, named.
SHARED_TIMES: Final = (
    "Shared by the cat's owner to read only. Times are in the household's time zone, {zone}."
)
#: Settings, under the time zone when the household has none of its own.
SETTINGS_ZONE_UNSET: Final = (
    "Not set yet: “today” and the times shown follow {zone}, this server's time zone. "
    "Type yours, like Europe/Berlin or America/New_York."
)
#: The log-in page's way to a new account, by the server's sign-up setting.
LOGIN_PAGE_SIGNUP: Final[dict[str, str]] = {
    "open": "New here?",
    "invite": "New here? Ask someone in your household for an invite link.",
    "closed": "New accounts are not being made on this server.",
}
#: A heat check asked for with no temperature typed (Today's "Check", the
#: Heat tab): what is missing, and what may stay blank.
HEAT_NEEDS_TEMP: Final = (
    "Temperature: type it to check the heat (sun, humidity and wind may stay blank)."
)

#: The join page (an invite link), told before the person accepts:
#: ``{household}`` is the household's name; the role in plain words.
JOIN_HEADING: Final = "Join {household}"
JOIN_AS: Final[dict[str, str]] = {
    "owner": "You are invited to {household} as an owner: you can do everything, "
    "and manage who has access.",
    "member": "You are invited to {household} as a caregiver: you see the cats "
    "and log their sessions.",
    "trainer": "You are invited to {household} as a trainer: you see the cats' plans "
    "and history, and change nothing.",
}
JOIN_DEAD_LINK: Final = "This invite link was used already, has expired or is not known."
JOIN_ASK_AGAIN: Final = "Ask the person who sent it for a new link."
#: Under it: someone who joined with the link and opens it again (the message
#: it came in is where they look) needs only to log in.
JOIN_USED_LOG_IN: Final = "Joined with this link already? Log in with the e-mail you gave."

#: The sign-up page (CATPACK_SIGNUP=open): its heading, button and the problems
#: it names (each says what to change).
SIGNUP_HEADING: Final = "Make an account"
SIGNUP_BUTTON: Final = "Make my account"
SIGNUP_HAVE_ONE: Final = "Already have an account?"
SIGNUP_CLOSED: Final = "New accounts are not being made on this server."
SIGNUP_NEEDS_INVITE: Final = (
    "New accounts on this server need an invite link: ask someone in your household for one."
)
ACCOUNT_PROBLEMS: Final[dict[str, str]] = {
    "email": "E-mail: that is not an e-mail address.",
    "password": "Password: use at least {min} characters.",
    "taken": "E-mail: there is already an account for it; log in instead.",
}


def hours(value: float) -> str:
    """A trip's length: ``1 hour``, ``1.5 hours``, ``8 hours``."""
    return "1 hour" if value == 1 else f"{value:g} hours"


def counted(number: int, thing: str) -> str:
    """``1 cat``, ``3 cats``, ``no cats``."""
    if number == 0:
        return f"no {thing}s"
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


#: What a member (a caregiver: logs sessions, changes the cats) reads where a
#: form only the household's owner may use would be. ``{cat}`` is the cat's name.
OWNER_ONLY_WORDS: Final[dict[str, str]] = {
    "settings": "Only the household's owner changes the units and the time zone.",
    "delete": "Only the household's owner can delete {cat} and {cat}'s log.",
    "account": "Only the household's owner invites people and makes share links.",
}


def owner_only(key: str, cat: str = "") -> str:
    """The line an account that may not manage the household reads where the
    owner's form would be (``key`` of :data:`OWNER_ONLY_WORDS`)."""
    return OWNER_ONLY_WORDS[key].format(cat=cat)


#: Why a post was refused (the role may not), by what it would have done
#: (:data:`catpack.services.access.ACTS`).
REFUSED: Final[dict[str, str]] = {
    "read": "this account does not belong to this household",
    "plan": "this account does not belong to this household",
    "change": "a trainer's account can look at the cats but not change them",
    "manage": "only the household's owner may do this: change its settings, "
    "invite people, make share links or delete a cat",
}


#: The cat's page, above the two downloads of its log: what they hold
#: (``{sessions}``: how many sessions the live log has).
CAT_DOWNLOAD_LINE: Final = (
    "Every session ({sessions}), with notes, breaks and trips; "
    "the backup keeps the pack thermometer's readings too."
)


def cat_download_line(sessions: int) -> str:
    """The cat page's line on what its log's downloads hold."""
    return CAT_DOWNLOAD_LINE.format(sessions=sessions)


# ----------------------------------- the phone's outbox
#: Sessions saved on a phone that could not send them yet (the pages' outbox),
#: by how many: ``one`` and ``many`` (``{n}``: how many).
OUTBOX_WAITING: Final[dict[str, str]] = {
    "one": "1 session saved on this phone, waiting to sync.",
    "many": "{n} sessions saved on this phone, waiting to sync.",
}
#: Sessions saved on this phone under another account's log-in: kept, and sent
#: when that account logs in here again (never under this one).
OUTBOX_OTHER_ACCOUNT: Final[dict[str, str]] = {
    "one": "1 session saved on this phone waits for another account's log-in: "
    "it stays on this phone and is sent when that account logs in here again.",
    "many": "{n} sessions saved on this phone wait for another account's log-in: "
    "they stay on this phone and are sent when that account logs in here again.",
}
#: The server's answer to a session sent from the phone under another log-in
#: than the one it was saved under.
OUTBOX_SAVED_BY_ANOTHER: Final = (
    "This session was saved under another account's log-in: it was not saved under this one, "
    "and it stays on the phone until that account logs in again."
)
#: The server's answer to a session sent from the phone for a cat this account
#: does not have (another household's, or deleted since).
OUTBOX_NO_SUCH_CAT: Final = (
    "This cat is not among this account's cats (deleted, or another household's): "
    "the session was not saved and cannot be."
)
#: A browser's page when the server failed (a 500): plain words, nothing of
#: the error itself, and a way back.
SERVER_ERROR_LINE: Final[str] = (
    "This page could not be shown. What was saved before is safe. Try again in a "
    "moment; if it keeps happening, tell whoever runs catpack for you."
)
