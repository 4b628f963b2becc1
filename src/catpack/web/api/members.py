"""The household's people and links: members, invite links, read-only cat
shares. Making, listing and revoking links is for owners (403 otherwise)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field

from catpack.domain.contract import NO_NUL
from catpack.services import members
from catpack.services.views import InviteView, MemberView, Role, ShareView
from catpack.web.api.deps import ActorDep, DbDep, Id, api_router

router = api_router(tags=["household"])


class InviteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role = Field(
        default="member",
        description="member: logs sessions; trainer: reads only; owner: also manages links.",
    )
    days: Annotated[int, Field(ge=1, le=30, description="Days the link stays valid.")] = 7


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: Annotated[int, Field(ge=1, le=365, description="Days the link stays valid.")] = 30
    label: str = Field(default="", max_length=100, pattern=NO_NUL, description="Who it is for.")


@router.get("/household/members", response_model=list[MemberView])
def list_members(db: DbDep, actor: ActorDep) -> list[MemberView]:
    """The household's accounts and their roles."""
    return members.members(db, actor)


@router.delete(
    "/household/members/{user_id}",
    status_code=204,
    responses={409: {"description": "Yourself, or the machine's local owner"}},
)
def remove_member(user_id: Id, db: DbDep, actor: ActorDep) -> Response:
    """Take an account out of the household (owners only): its log-ins, API
    tokens and push subscriptions end at once, so do the unused invites and
    share links it made and the household's calendar address (make a new
    one); what it logged stays."""
    members.remove_member(db, actor, user_id)
    return Response(status_code=204)


@router.post("/invites", status_code=201, response_model=InviteView)
def create_invite(body: InviteIn, db: DbDep, actor: ActorDep) -> InviteView:
    """A single-use link to join the household (``/join/<token>``, or sign up
    with ``invite``); the token is shown only in this answer."""
    return members.create_invite(db, actor, body.role, body.days)


@router.get("/invites", response_model=list[InviteView])
def list_invites(db: DbDep, actor: ActorDep) -> list[InviteView]:
    """Open invites (unused and not expired)."""
    return members.invites(db, actor)


@router.delete("/invites/{invite_id}", status_code=204)
def revoke_invite(invite_id: Id, db: DbDep, actor: ActorDep) -> Response:
    members.revoke_invite(db, actor, invite_id)
    return Response(status_code=204)


@router.post("/cats/{cat_id}/shares", status_code=201, response_model=ShareView)
def create_share(cat_id: Id, body: ShareIn, db: DbDep, actor: ActorDep) -> ShareView:
    """A read-only link to this cat's progress and history (``/shared/<token>``,
    no log-in needed); the token is shown only in this answer."""
    return members.create_share(db, actor, cat_id, body.days, body.label)


@router.get("/shares", response_model=list[ShareView])
def list_shares(db: DbDep, actor: ActorDep) -> list[ShareView]:
    """Share links that have not expired."""
    return members.shares(db, actor)


@router.delete("/shares/{share_id}", status_code=204)
def revoke_share(share_id: Id, db: DbDep, actor: ActorDep) -> Response:
    """Revoke a share link: it stops working at once."""
    members.revoke_share(db, actor, share_id)
    return Response(status_code=204)
