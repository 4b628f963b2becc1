from __future__ import annotations

from typing import Any

import catpack
from catpack.domain.errors import ConflictError, NotFoundError
from catpack.web.pages.backend import CatCard


class MemoryBackend:
    def __init__(self) -> None:
        self.cats: dict[str, CatCard] = {}
        self.logs: dict[str, list[dict[str, Any]]] = {}
        self.system = "metric"

    def list_cats(self):
        return list(self.cats.values())

    def get_cat(self, cat_id):
        if cat_id not in self.cats:
            raise NotFoundError(f"no cat {cat_id}")
        return self.cats[cat_id]

    def add_cat(self, profile, backpack):
        if any(c.name == profile["name"] for c in self.cats.values()):
            raise ConflictError("taken")
        cid = str(len(self.cats) + 1)
        self.cats[cid] = CatCard(cid, profile["name"], profile, backpack)
        self.logs[cid] = []
        return self.cats[cid]

    def sessions(self, cat_id):
        return list(self.logs[cat_id])

    def log_session(self, cat_id, session):
        catpack.decide(
            {
                "version": 1,
                "now": session["at"],
                "cat": self.cats[cat_id].profile,
                "sessions": [session],
            }
        )
        self.logs[cat_id].append(session)

    def decide(self, cat_id, now, planned):
        req = {
            "version": 1,
            "now": now.isoformat(),
            "cat": self.cats[cat_id].profile,
            "sessions": self.logs[cat_id],
        }
        if planned:
            req["planned"] = planned
        return catpack.decide(req)

    def plan_trip(self, cat_id, now, trip):
        return catpack.plan_trip(
            {
                "version": 1,
                "now": now.isoformat(),
                "cat": self.cats[cat_id].profile,
                "sessions": self.logs[cat_id],
                "trip": trip,
            }
        )

    def units(self):
        return self.system

    def set_units(self, s):
        self.system = s
