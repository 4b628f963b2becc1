"""The guide (body language, the backpack, heat and cold, flying, keeping it up,
why train at all), the page on the science behind it, and the favicon.

The guide's sentences are our own; the facts come from the public training
guide and the research notes (``shared/seed``, ``shared/data``), and where
each comes from is said on ``/about/science`` only, never in the owner's text.
"""

from __future__ import annotations

from starlette.responses import FileResponse, Response

from catpack.web.pages.deps import PageDep
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import STATIC_DIR, render

router = page_router()


def _frame(page: PageDep, active: str) -> dict[str, object]:
    chosen = page.cat(page.request.cookies.get("catpack_cat", ""))
    cats = page.home.cats
    return page.frame(chosen or (cats[0] if cats else None), active)


@router.get("/guide")
def guide(page: PageDep) -> Response:
    return render(page.request, "guide.html", _frame(page, "guide"))


@router.get("/about/science")
def science(page: PageDep) -> Response:
    return render(page.request, "science.html", _frame(page, "science"))


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers that ask for /favicon.ico get the app's icon (no 404 in the log)."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")
