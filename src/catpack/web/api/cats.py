"""Cats: list, add, show, change, delete (with all their data)."""

from __future__ import annotations

from fastapi import Response

from catpack.services import cats
from catpack.services.views import CatPatch, CatProfileIn, CatView, Page
from catpack.web.api.deps import ActorDep, DbDep, Id, PagingDep, api_router

router = api_router(prefix="/cats", tags=["cats"])


@router.get("", response_model=Page[CatView])
def list_cats(db: DbDep, actor: ActorDep, paging: PagingDep) -> Page[CatView]:
    """The household's cats, by name."""
    return cats.list_cats(db, actor, limit=paging.limit, offset=paging.offset)


@router.post("", status_code=201, response_model=CatView)
def add_cat(body: CatProfileIn, db: DbDep, actor: ActorDep) -> CatView:
    """Add a cat (409 if the household has one of that name)."""
    return cats.add_cat(
        db,
        actor,
        body.cat,
        notes=body.notes,
        temp_unit=body.temp_unit,
        weight_unit=body.weight_unit,
        backpack_id=body.backpack_id,
    )


@router.get("/{cat_id}", response_model=CatView)
def get_cat(cat_id: Id, db: DbDep, actor: ActorDep) -> CatView:
    return cats.get_cat(db, actor, cat_id)


@router.patch("/{cat_id}", response_model=CatView)
def edit_cat(cat_id: Id, body: CatPatch, db: DbDep, actor: ActorDep) -> CatView:
    """Change a cat; ``cat`` keys are merged into its profile (null removes one)."""
    return cats.edit_cat(
        db,
        actor,
        cat_id,
        cat=body.cat.model_dump(exclude_unset=True) if body.cat is not None else None,
        notes=body.notes,
        temp_unit=body.temp_unit,
        weight_unit=body.weight_unit,
        backpack_id=body.backpack_id,
        clear_backpack="backpack_id" in body.model_fields_set and body.backpack_id is None,
    )


@router.delete("/{cat_id}", status_code=204)
def delete_cat(cat_id: Id, db: DbDep, actor: ActorDep) -> Response:
    """Delete a cat and everything logged for it."""
    cats.delete_cat(db, actor, cat_id)
    return Response(status_code=204)
