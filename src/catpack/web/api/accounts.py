"""Accounts: sign up, log in (a token), log out, who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from catpack.domain.contract import NO_NUL, zone_names
from catpack.services import household, users
from catpack.services.views import (
    EMAIL_PATTERN,
    HouseholdPatch,
    HouseholdView,
    SignedUp,
    UserView,
)
from catpack.web.api.deps import ActorDep, DbDep, SettingsDep, _bearer

router = APIRouter(tags=["accounts"])


class SignUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(min_length=3, max_length=254, pattern=EMAIL_PATTERN)
    name: str = Field(default="", max_length=100, pattern=NO_NUL)
    password: str = Field(min_length=8, max_length=1000, pattern=NO_NUL)
    household_name: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    timezone: str | None = Field(
        default=None,
        max_length=64,
        pattern=NO_NUL,
        description="IANA zone name (Europe/Berlin).",
        json_schema_extra=zone_names,
    )


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254, pattern=NO_NUL)
    password: str = Field(max_length=1000, pattern=NO_NUL)


@router.post(
    "/users",
    status_code=201,
    response_model=SignedUp,
    responses={403: {"description": "Sign-up is closed (CATPACK_ALLOW_SIGNUP=false)"}},
)
def sign_up(body: SignUpIn, db: DbDep, settings: SettingsDep) -> SignedUp:
    """Create an account in a new household; returns its first API token."""
    if not settings.allow_signup:
        raise HTTPException(status_code=403, detail="sign-up is closed on this server")
    return users.create_user(
        db,
        body.email,
        body.name,
        body.password,
        household_name=body.household_name,
        timezone=body.timezone,
    )


@router.post("/tokens", status_code=201, response_model=SignedUp)
def log_in(body: LoginIn, db: DbDep) -> SignedUp:
    """A new API token for an e-mail and password."""
    made = users.issue_token(db, body.email, body.password)
    if made is None:
        raise HTTPException(status_code=401, detail="wrong e-mail or password")
    return made


@router.delete("/tokens/current", status_code=204)
def log_out(
    db: DbDep,
    _: ActorDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Response:
    """Forget the token used for this request."""
    if credentials is not None:
        users.revoke_token(db, credentials.credentials)
    return Response(status_code=204)


@router.get("/household", response_model=HouseholdView)
def get_household(db: DbDep, actor: ActorDep) -> HouseholdView:
    """The caller's household: name, time zone and units."""
    return household.get_household(db, actor)


@router.patch("/household", response_model=HouseholdView)
def edit_household(body: HouseholdPatch, db: DbDep, actor: ActorDep) -> HouseholdView:
    """Change the household's name, time zone (IANA name) or units (422 names a bad one)."""
    return household.edit_household(
        db, actor, name=body.name, timezone=body.timezone, units=body.units
    )


@router.get("/me", response_model=UserView)
def me(db: DbDep, actor: ActorDep) -> UserView:
    """The account the token belongs to."""
    return users.get_user(db, actor)
