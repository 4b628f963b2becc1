"""The REST API under ``/api/v1``: one router per resource, gathered here."""

from __future__ import annotations

from catpack.web.api import (
    accounts,
    cats,
    contract,
    gear,
    members,
    plans,
    readings,
    reminders,
    sessions,
    transfer,
)
from catpack.web.api.deps import PREFIX

#: The API's routers, included into the app one by one (see ``api_router``).
#: FastAPI tries them in this order: the most used (logging a session, today's
#: plan) first. No path of theirs can match a path of the modules they now
#: precede, so the order changes nothing else.
routers = [
    module.router
    for module in (
        sessions,
        plans,
        contract,
        accounts,
        members,
        cats,
        gear,
        reminders,
        transfer,
        readings,
    )
]

__all__ = ["PREFIX", "routers"]
