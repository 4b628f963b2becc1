"""Log-in and the account's pages: /login, /logout, /account (password, log out
everywhere, the household's people, invites and share links), /join/<invite>.

Log-ins are server-side sessions (:func:`catpack.services.users.start_login`):
the cookie holds a random value, the database only its SHA-256, so ending a
session (log out, log out everywhere, a new password) takes effect at once on
every server process. The cookie is HttpOnly, SameSite=Lax, and Secure when
``CATPACK_BEHIND_TLS`` says the app is reached over https.
"""

from __future__ import annotations

import ipaddress
from contextlib import suppress
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catpack import words
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError, TooManyAttempts
from catpack.services import local_login, members, users
from catpack.services.household import known_zones
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.web.deps import DbDep, SettingsDep
from catpack.web.pages import csrf
from catpack.web.pages.deps import (
    FORM_GUARDS,
    LOGIN_COOKIE,
    MANAGED,
    AccountPageDep,
    FormDep,
    Page,
    PageDep,
    csrf_token,
    safe_next,
    signing_key,
)
from catpack.web.pages.forms import row_id
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render, with_csrf_cookie

router = page_router()

ROLE_WORDS = {
    "owner": "owner (everything, and manages who has access)",
    "member": "caregiver (logs sessions)",
    "trainer": "trainer (looks, changes nothing)",
}


def _text(form: FormDep, name: str, limit: int = 1000) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _wait_minutes(exc: TooManyAttempts) -> int:
    """The throttle's wait in whole minutes, rounded up, as the pages say it."""
    return (exc.retry_after + 59) // 60


def _too_many_tries(exc: TooManyAttempts) -> str:
    """A sign-up or a join refused by the per-address count."""
    return f"Too many tries from here lately: wait {_wait_minutes(exc)} minutes."


def _retry_after(response: Response, exc: TooManyAttempts) -> Response:
    """``response`` (a 429 page) with the throttle's Retry-After header."""
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _logged_in(
    request: Request, settings: Settings, actor: Actor, db: DbDep, target: str
) -> Response:
    """A new log-in: its cookie, and an anti-forgery token bound to it (the
    one from before the log-in is bound to none and stops working). The
    log-in this browser had ends: its cookie is replaced, and left alive it
    would outlive this browser's "Log out" in any copy of it."""
    previous = request.cookies.get(LOGIN_COOKIE)
    if previous:
        users.end_login(db, previous)
    cookie = users.start_login(db, actor, settings.login_days)
    request.state.csrf_new = csrf.new_token(signing_key(db, settings), csrf.binding(cookie))
    response = with_csrf_cookie(request, RedirectResponse(safe_next(target), status_code=303))
    response.set_cookie(
        LOGIN_COOKIE,
        cookie,
        max_age=settings.login_days * 86_400,
        httponly=True,
        samesite="lax",
        secure=settings.behind_tls,
        path="/",
    )
    return response


def _bare(request: Request, db: DbDep, settings: Settings, **extra: Any) -> dict[str, Any]:
    """The context of a page shown to someone not logged in (no cats, no tabs)."""
    return {"cats": [], "cat": None, "csrf_token": csrf_token(request, db, settings), **extra}


def _login_page(
    request: Request,
    db: DbDep,
    settings: Settings,
    problem: str = "",
    status: int = 200,
    target: str | None = None,
    email: str = "",
) -> Response:
    """The log-in form; ``target`` (else ``?next=``) is where a log-in leads;
    ``email`` is kept in its field after a refused log-in."""
    context = _bare(
        request,
        db,
        settings,
        problem=problem,
        email=email,
        next=safe_next(target or request.query_params.get("next") or None),
        flash=words.LOGGED_OUT.get(request.query_params.get("out") or "", ""),
        signup=settings.signup,
        signup_line=words.LOGIN_PAGE_SIGNUP[settings.signup],
        forgot_line=words.FORGOT_PASSWORD,
        local_hint=words.LOGIN_PAGE_LOCAL_OWNER_HINT
        if _on_this_machine(request) and local_login.waiting_cats(db, settings.cli_user)
        else "",
    )
    return render(request, "login.html", context, status_code=status)


def _on_this_machine(request: Request) -> bool:
    """Whether the request comes from this machine (a loopback address, after
    the trusted proxies' X-Forwarded-For): only its user is told that local
    mode's cats wait for a log-in; to anyone else it would say that this
    server has such an account."""
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get("/login")
def login_page(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    if settings.auth == "local":
        return RedirectResponse("/", status_code=303)
    cookie = request.cookies.get(LOGIN_COOKIE)
    if cookie and users.login_overview(db, cookie) is not None:
        # Logged in already (a bookmark, the back button): on to where it
        # was going, not a form that would log in a second time.
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(request, db, settings)


@router.post("/login", dependencies=FORM_GUARDS)
def log_in(request: Request, db: DbDep, settings: SettingsDep, form: FormDep) -> Response:
    if settings.auth == "local":
        return RedirectResponse("/", status_code=303)
    email, password = _text(form, "email", 254), _text(form, "password")
    target = _text(form, "next", 2000)
    try:
        actor = users.authenticate(db, email, password, _address(request))
    except TooManyAttempts as exc:
        said = (
            "Too many wrong passwords in a short time. "
            f"Please wait {_wait_minutes(exc)} minutes and try again."
        )
        return _retry_after(_login_page(request, db, settings, said, 429, target, email), exc)
    except CoachInputError:
        actor = None
    if actor is None:
        problem = "That e-mail and password do not match."
        return _login_page(request, db, settings, problem, 401, target, email)
    return _logged_in(request, settings, actor, db, target)


@router.post("/logout", dependencies=FORM_GUARDS)
def log_out(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE)
    if cookie:
        users.end_login(db, cookie)
    return _logged_out(request, db, settings, "here")


def _logged_out(request: Request, db: DbDep, settings: Settings, where: str) -> Response:
    """To the log-in page, which says so (``where``: a key of
    :data:`words.LOGGED_OUT`), the log-in cookie gone and a token bound to no
    log-in."""
    request.state.csrf_new = csrf.new_token(signing_key(db, settings))
    to_login = RedirectResponse(f"/login?out={where}", status_code=303)
    response = with_csrf_cookie(request, to_login)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


# ------------------------------------------------------------------ account


def _account_page(
    page: Page,
    flash: str = "",
    errors: dict[str, str] | None = None,
    made: str = "",
    status: int = 200,
) -> Response:
    # The tabs and the switcher, as on "More": the account page is no dead end.
    context = page.frame(page.chosen_cat(), "settings")
    me = users.get_user(page.db, page.actor)
    context.update(
        me=me,
        role_words=ROLE_WORDS,
        accounts=page.settings.auth == "accounts",
        flash=flash,
        errors=errors or {},
        made=made,
        made_words=words.MADE_LINK,
        end_tokens_label=words.END_TOKENS_LABEL,
        local_links=words.LOCAL_MODE_LINKS,
        people=members.members(page.db, page.actor),
        remove_words=words.REMOVE_MEMBER,
    )
    if page.may("manage"):
        context.update(
            invites=members.invites(page.db, page.actor),
            shares=members.shares(page.db, page.actor),
        )
    return render(page.request, "account.html", context, status_code=status)


@router.get("/account")
def account(page: AccountPageDep) -> Response:
    saved = page.request.query_params.get("saved")
    flash = {
        "password": words.PASSWORD_CHANGED,
        "password-tokens": words.PASSWORD_CHANGED_TOKENS,
        "removed": "Removed from the household.",
        "removed-feed": "Removed from the household. The calendar address was switched off "
        "(they may have it): make a new one under Reminders if you use it.",
    }
    return _account_page(page, flash=flash.get(saved or "", ""))


@router.post("/account/password", dependencies=FORM_GUARDS)
def change_password(page: AccountPageDep) -> Response:
    form = page.form
    end_tokens = form.get("end_tokens") == "yes"
    try:
        users.change_password(
            page.db,
            page.actor,
            _text(form, "current_password"),
            _text(form, "new_password"),
            _address(page.request),
            end_tokens=end_tokens,
        )
    except TooManyAttempts as exc:
        said = f"Current password: too many wrong ones lately; wait {_wait_minutes(exc)} minutes."
        return _retry_after(_account_page(page, errors={"current_password": said}, status=429), exc)
    except CoachInputError as exc:
        errors = {
            p.field: (
                "Current password: that is not your password."
                if p.field == "current_password"
                else f"New password: use at least {users.MIN_PASSWORD} characters."
            )
            for p in exc.problems
        }
        return _account_page(page, errors=errors, status=422)
    # Every log-in ended with the old password; this browser logs in anew.
    saved = "password-tokens" if end_tokens else "password"
    return _logged_in(page.request, page.settings, page.actor, page.db, f"/account?saved={saved}")


@router.post("/account/logout-everywhere", dependencies=FORM_GUARDS)
def log_out_everywhere(page: AccountPageDep) -> Response:
    # Everywhere: the account's API tokens too (a token taken with the
    # password lived on for its 90 days, and no page could end it).
    users.end_all_logins(page.db, page.actor)
    users.revoke_all_tokens(page.db, page.actor)
    return _logged_out(page.request, page.db, page.settings, "everywhere")


@router.post("/account/invites", dependencies=MANAGED)
def create_invite(page: PageDep) -> Response:
    form = page.form
    role = _text(form, "role", 16)
    if role not in ROLE_WORDS:
        return _account_page(page, errors={"role": "Role: pick one of the three."}, status=422)
    made = members.create_invite(page.db, page.actor, role, 7)  # type: ignore[arg-type]
    link = f"{_base(page)}/join/{made.token}"
    return _account_page(
        page, flash="Invite made: send this link (it works once, for 7 days).", made=link
    )


@router.post("/account/members/{user_id}/remove", dependencies=MANAGED)
def remove_member(user_id: str, page: PageDep) -> Response:
    number = row_id(user_id)
    feed = False
    try:
        if number is not None:
            feed = members.remove_member(page.db, page.actor, number)
    except NotFoundError:  # removed already (a second tap), or not of this household
        pass
    except ConflictError as exc:
        said = f"Remove: {exc}."
        return _account_page(page, errors={"people": said[:1].upper() + said[1:]}, status=409)
    saved = "removed-feed" if feed else "removed"
    return RedirectResponse(f"/account?saved={saved}", status_code=303)


@router.post("/account/invites/{invite_id}/revoke", dependencies=MANAGED)
def revoke_invite(invite_id: str, page: PageDep) -> Response:
    number = row_id(invite_id)
    if number is not None:
        _gone(lambda: members.revoke_invite(page.db, page.actor, number))
    return RedirectResponse("/account", status_code=303)


@router.post("/account/shares", dependencies=MANAGED)
def create_share(page: PageDep) -> Response:
    form = page.form
    cat = page.cat(_text(form, "cat_id", 12))
    if cat is None:
        return _account_page(page, errors={"cat_id": "Cat: pick one of your cats."}, status=422)
    try:
        made = members.create_share(page.db, page.actor, cat.id, 30, _text(form, "label", 100))
    except CoachInputError:  # the label is the only text it takes
        said = "For: it holds a character that cannot be stored; type it again."
        return _account_page(page, errors={"label": said}, status=422)
    link = f"{_base(page)}/shared/{made.token}"
    return _account_page(
        page, flash=f"Share made: this link shows {cat.name} for 30 days.", made=link
    )


@router.post("/account/shares/{share_id}/revoke", dependencies=MANAGED)
def revoke_share(share_id: str, page: PageDep) -> Response:
    number = row_id(share_id)
    if number is not None:
        _gone(lambda: members.revoke_share(page.db, page.actor, number))
    return RedirectResponse("/account", status_code=303)


def _gone(revoke: Any) -> None:
    with suppress(NotFoundError):  # already revoked (a second tap): nothing to do
        revoke()


def _base(page: Page) -> str:
    if page.settings.public_url:
        return page.settings.public_url.rstrip("/")
    return str(page.request.base_url).rstrip("/")


# --------------------------------------------------------------------- join


def _join_page(
    request: Request,
    db: DbDep,
    settings: Settings,
    token: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
    typed: dict[str, str] | None = None,
) -> Response:
    offer = members.invite_to(db, token)
    errors = dict(errors or {})
    if offer is None:  # said before anything is typed, and no form to fill in:
        # a line of its own, not a "Please fix this:" (nothing to fix here);
        # a refusal that is not about the link (too many tries) still says so.
        errors = {k: v for k, v in errors.items() if v != words.JOIN_DEAD_LINK}
        status = 404 if status < 400 else status
    context = _bare(request, db, settings, token=token, errors=errors, typed=typed or {})
    if offer is None:
        context.update(
            dead=words.JOIN_DEAD_LINK,
            ask_again=words.JOIN_ASK_AGAIN,
            have_one=words.JOIN_USED_LOG_IN,
        )
    else:
        context.update(
            heading_join=words.JOIN_HEADING.format(household=offer.household),
            join_as=words.JOIN_AS.get(offer.role, "").format(household=offer.household),
        )
    return render(request, "join.html", context, status_code=status)


def _problems(exc: CoachInputError) -> dict[str, str]:
    """A new account's problems by field, each saying what to change."""
    said = {
        "email": words.ACCOUNT_PROBLEMS["email"],
        "password": words.ACCOUNT_PROBLEMS["password"].format(min=users.MIN_PASSWORD),
    }
    return {p.field: said.get(p.field, f"{p.field}: {p.message}") for p in exc.problems}


@router.get("/join/{token}")
def join_page(token: str, request: Request, db: DbDep, settings: SettingsDep) -> Response:
    return _join_page(request, db, settings, token)


@router.post("/join/{token}", dependencies=FORM_GUARDS)
def join(token: str, request: Request, db: DbDep, settings: SettingsDep, form: FormDep) -> Response:
    email, name = _text(form, "email", 254), _text(form, "name", 100)
    typed = {"email": email, "name": name}
    if settings.signup == "closed":
        errors = {"invite": "Joining is closed on this server."}
        return _join_page(request, db, settings, token, errors, 403, typed)
    try:
        users.count_sign_up(db, _address(request))
    except TooManyAttempts as exc:
        errors = {"invite": _too_many_tries(exc)}
        return _retry_after(_join_page(request, db, settings, token, errors, 429, typed), exc)
    try:
        if users.reserved_email(settings, email):
            raise ConflictError("reserved")
        made = users.join_household(
            db, token, email, name, _text(form, "password"), token_days=settings.token_days
        )
    except CoachInputError as exc:
        return _join_page(request, db, settings, token, _problems(exc), 422, typed)
    except ConflictError:
        errors = {"email": words.ACCOUNT_PROBLEMS["taken"]}
        return _join_page(request, db, settings, token, errors, 409, typed)
    except NotFoundError:
        errors = {"invite": words.JOIN_DEAD_LINK}
        return _join_page(request, db, settings, token, errors, 404, typed)
    actor = Actor(user_id=made.user.id, household_id=made.user.household_id, role=made.user.role)
    return _logged_in(request, settings, actor, db, "/?joined=1")


# ------------------------------------------------------------------ sign-up


def _signup_page(
    request: Request,
    db: DbDep,
    settings: Settings,
    errors: dict[str, str] | None = None,
    status: int = 200,
    typed: dict[str, str] | None = None,
) -> Response:
    """The form for a new account in a household of its own (CATPACK_SIGNUP=open);
    with ``invite`` or ``closed`` it says so and leads back to the log-in
    (local mode has no log-in: it leads to the cats)."""
    if settings.auth == "local":
        return RedirectResponse("/", status_code=303)
    if settings.signup != "open" and not errors:
        said = words.SIGNUP_NEEDS_INVITE if settings.signup == "invite" else words.SIGNUP_CLOSED
        errors = {"invite": said}
    context = _bare(
        request,
        db,
        settings,
        errors=errors or {},
        typed=typed or {},
        signup=settings.signup,
        heading=words.SIGNUP_HEADING,
        button=words.SIGNUP_BUTTON,
        have_one=words.SIGNUP_HAVE_ONE,
    )
    return render(request, "join.html", context, status_code=status)


@router.get("/signup")
def signup_page(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    return _signup_page(request, db, settings)


@router.post("/signup", dependencies=FORM_GUARDS)
def sign_up(request: Request, db: DbDep, settings: SettingsDep, form: FormDep) -> Response:
    """A new account and its own household; logged in, it goes on to add a first cat."""
    email, name = _text(form, "email", 254), _text(form, "name", 100)
    typed = {"email": email, "name": name}
    if settings.auth == "local" or settings.signup != "open":
        return _signup_page(request, db, settings, None, 403, typed)
    try:  # counted per address like the API's sign-ups and the joins
        users.count_sign_up(db, _address(request))
    except TooManyAttempts as exc:
        errors = {"email": _too_many_tries(exc)}
        return _retry_after(_signup_page(request, db, settings, errors, 429, typed), exc)
    try:
        if users.reserved_email(settings, email):
            raise ConflictError("reserved")
        # The phone's own time zone (app.js fills it in), when it is one we know.
        zone = _text(form, "timezone", 64)
        made = users.create_user(
            db,
            email,
            name,
            _text(form, "password"),
            timezone=zone if zone in known_zones() else None,
            token_days=settings.token_days,
        )
    except CoachInputError as exc:
        return _signup_page(request, db, settings, _problems(exc), 422, typed)
    except ConflictError:
        errors = {"email": words.ACCOUNT_PROBLEMS["taken"]}
        return _signup_page(request, db, settings, errors, 409, typed)
    actor = Actor(user_id=made.user.id, household_id=made.user.household_id, role=made.user.role)
    return _logged_in(request, settings, actor, db, "/")
