"""Export a cat (JSON in the contract's shape, or CSV) and import one."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Response

from catpack.services import cats, transfer
from catpack.services.views import CatExport, CatView
from catpack.web.api.deps import ActorDep, DbDep, Id

router = APIRouter(tags=["export and import"])


@router.get(
    "/cats/{cat_id}/export",
    response_model=CatExport,
    responses={
        200: {
            "description": "The export: JSON, or CSV with ?format=csv",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def export(cat_id: Id, db: DbDep, actor: ActorDep, format: Literal["json", "csv"] = "json") -> Any:
    """The cat with its log: JSON (a coach request without ``now``) or readable CSV."""
    if format == "csv":
        return Response(
            transfer.export_csv(db, actor, cat_id),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="cat-{cat_id}.csv"'},
        )
    return transfer.export_json(db, actor, cat_id)


@router.post("/cats/import", status_code=201, response_model=CatView)
def import_cat(
    db: DbDep,
    actor: ActorDep,
    data: Annotated[CatExport, Body(description="A document from GET .../export.")],
    rename: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> CatView:
    """Create a cat from an export (all or nothing; 409 if the name is taken)."""
    raw = data.model_dump(mode="json", by_alias=True, exclude_unset=True)
    cat_id = transfer.import_json(db, actor, raw, rename=rename)
    return cats.get_cat(db, actor, cat_id)
