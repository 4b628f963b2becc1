"""What each role of a household may do: the one table the server's checks and
the pages' forms both read (issue #9).

A household's accounts have one of three roles. What they may do comes in
four kinds (:data:`Act`):

* ``read``: the cats, their plans, history and trips (every role);
* ``plan``: ask for an answer that stores nothing, like a trip's plan (every role);
* ``change``: log sessions, change a cat, its gear, pauses and reminders
  (owner and member, the caregiver who logs sessions);
* ``manage``: the household itself: its units and time zone, who has access
  (invite links, share links) and deleting a cat (owner only).

The services refuse with :func:`require`; the API (:mod:`catpack.web.bearer`)
and the pages (:mod:`catpack.web.pages.deps`) check a route's act with
:func:`may` before its work; the pages show a form only when
:func:`may` says its post is allowed. One table, so what the pages offer
and what the server accepts cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias

from catpack import words
from catpack.domain.errors import ForbiddenError
from catpack.services.views import Actor, Role

Act: TypeAlias = Literal["read", "plan", "change", "manage"]
ACTS: Final[tuple[Act, ...]] = ("read", "plan", "change", "manage")

#: Role -> what it may do.
MAY: Final[Mapping[Role, frozenset[Act]]] = {
    "owner": frozenset(ACTS),
    "member": frozenset({"read", "plan", "change"}),
    "trainer": frozenset({"read", "plan"}),
}


def may(role: str, act: Act) -> bool:
    """Whether an account with ``role`` may do ``act`` (an unknown role: nothing)."""
    return act in MAY.get(role, frozenset())  # type: ignore[call-overload]


def require(actor: Actor, act: Act) -> None:
    """ForbiddenError, saying who may, unless ``actor``'s role may do ``act``."""
    if not may(actor.role, act):
        raise ForbiddenError(words.REFUSED[act])
