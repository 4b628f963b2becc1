"""Accounts: sign up (or join a household by invite), log in (a token), the
account's tokens (list, revoke one, revoke all), who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from catpack.domain.contract import NO_NUL, zone_names
from catpack.domain.errors import CoachInputError, ConflictError, ForbiddenError
from catpack.services import household, users
from catpack.services.views import (
    EMAIL_PATTERN,
    HouseholdPatch,
    HouseholdView,
    PasswordChanged,
    SignedUp,
    TokenView,
    UserView,
)
from catpack.web.api.deps import ActorDep, DbDep, Id, SettingsDep, api_router, bearer

router = api_router(tags=["accounts"])


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
    invite: str | None = Field(
        default=None,
        max_length=200,
        pattern=NO_NUL,
        description="The token of an invite link: join that household in the invite's role "
        "(household_name and timezone are then ignored).",
    )


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254, pattern=NO_NUL)
    password: str = Field(max_length=1000, pattern=NO_NUL)


class NewPasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(max_length=1000, pattern=NO_NUL)
    new_password: str = Field(min_length=8, max_length=1000, pattern=NO_NUL)
    end_tokens: bool = Field(
        default=False,
        description="Also end every API token of the account, this one included (someone "
        "else may have taken one with the old password): scripts and the pack sensor then "
        "need a new one (POST /api/v1/tokens).",
    )


@router.post(
    "/users",
    status_code=201,
    response_model=SignedUp,
    responses={
        403: {"description": "Sign-up is closed, or needs an invite (CATPACK_SIGNUP)"},
        429: {"description": "Too many sign-ups from this address lately: see Retry-After"},
    },
)
def sign_up(body: SignUpIn, request: Request, db: DbDep, settings: SettingsDep) -> SignedUp:
    """Create an account in a new household, or with ``invite`` in the household
    that invited you; returns its first API token. Sign-ups from one address
    are limited (a few per quarter hour)."""
    if settings.signup == "closed":
        raise HTTPException(status_code=403, detail="sign-up is closed on this server")
    users.count_sign_up(db, request.client.host if request.client else None)
    if users.reserved_email(settings, body.email):
        raise ConflictError(f"an account for {body.email.strip().lower()!r} already exists")
    if body.invite is not None:
        return users.join_household(
            db, body.invite, body.email, body.name, body.password, token_days=settings.token_days
        )
    if settings.signup == "invite":
        raise HTTPException(status_code=403, detail="sign-up on this server needs an invite link")
    return users.create_user(
        db,
        body.email,
        body.name,
        body.password,
        household_name=body.household_name,
        timezone=body.timezone,
        token_days=settings.token_days,
    )


@router.post(
    "/tokens",
    status_code=201,
    response_model=SignedUp,
    responses={429: {"description": "Too many failed log-ins lately: see Retry-After"}},
)
def log_in(body: LoginIn, request: Request, db: DbDep, settings: SettingsDep) -> SignedUp:
    """A new API token for an e-mail and password (it expires after CATPACK_TOKEN_DAYS)."""
    address = request.client.host if request.client else None
    made = users.issue_token(db, body.email, body.password, address, token_days=settings.token_days)
    if made is None:
        raise HTTPException(status_code=401, detail="wrong e-mail or password")
    return made


@router.get("/tokens", response_model=list[TokenView])
def list_tokens(
    db: DbDep,
    actor: ActorDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> list[TokenView]:
    """The account's tokens that have not expired (never the tokens themselves)."""
    return users.list_tokens(db, actor, credentials.credentials if credentials else None)


@router.delete("/tokens/current", status_code=204)
def log_out(
    db: DbDep,
    _: ActorDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Response:
    """Forget the token used for this request."""
    if credentials is not None:
        users.revoke_token(db, credentials.credentials)
    return Response(status_code=204)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: Id, db: DbDep, actor: ActorDep) -> Response:
    """Revoke one of the account's tokens: refused at once by every server process."""
    users.revoke_token_id(db, actor, token_id)
    return Response(status_code=204)


@router.delete("/tokens", status_code=204)
def revoke_all_tokens(db: DbDep, actor: ActorDep) -> Response:
    """Revoke every token of the account, this one included."""
    users.revoke_all_tokens(db, actor)
    return Response(status_code=204)


@router.get("/household", response_model=HouseholdView)
def get_household(db: DbDep, actor: ActorDep) -> HouseholdView:
    """The caller's household: name, time zone and units."""
    return household.get_household(db, actor)


@router.patch("/household", response_model=HouseholdView)
def edit_household(body: HouseholdPatch, db: DbDep, actor: ActorDep) -> HouseholdView:
    """Change the household's name, time zone (IANA name) or units (422 names a
    bad one); owners only."""
    return household.edit_household(
        db, actor, name=body.name, timezone=body.timezone, units=body.units
    )


@router.get("/me", response_model=UserView)
def me(db: DbDep, actor: ActorDep) -> UserView:
    """The account the token belongs to."""
    return users.get_user(db, actor)


@router.post(
    "/me/password",
    response_model=PasswordChanged,
    responses={
        403: {
            "description": "current_password is not the account's password, or the account "
            "has none (the local owner gets one with `catpack account set-login`)"
        },
        429: {"description": "Too many wrong passwords lately: see Retry-After"},
    },
)
def change_password(
    body: NewPasswordIn, request: Request, db: DbDep, actor: ActorDep
) -> PasswordChanged:
    """Set a new password (403 when ``current_password`` is not the account's:
    a request the schema allows, refused for who sent it, like a wrong
    password at log-in). Every log-in of the account on the pages ends; with
    ``end_tokens`` every API token too, this one included. A wrong current
    password counts as a failed log-in (429 with Retry-After over the limit).
    Any role may change its own password."""
    address = request.client.host if request.client else None
    try:
        return users.change_password(
            db,
            actor,
            body.current_password,
            body.new_password,
            address,
            end_tokens=body.end_tokens,
        )
    except CoachInputError as exc:
        if exc.problems[0].field != "current_password":
            raise
        raise ForbiddenError("current_password: is not this account's password") from None
