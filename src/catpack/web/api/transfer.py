"""Export a cat (JSON in the contract's shape, or CSV) and import one."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Body, Query, Response

from catpack.domain.contract import NO_NUL
from catpack.services import cats, transfer
from catpack.services.views import CatExport, CatImport, CatView
from catpack.web.api.deps import ActorDep, DbDep, Id, SettingsDep, api_router

router = api_router(tags=["export and import"])


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
    settings: SettingsDep,
    data: Annotated[CatImport, Body(description="A document from GET .../export.")],
    rename: Annotated[str | None, Query(min_length=1, max_length=100, pattern=NO_NUL)] = None,
) -> CatView:
    """Create a cat from an export (all or nothing; 409 if the name is taken; at
    most CATPACK_MAX_IMPORT_SESSIONS sessions and CATPACK_MAX_IMPORT_READINGS
    readings, written in chunks; version 1, without readings, still imports)."""
    raw = data.model_dump(mode="json", by_alias=True, exclude_unset=True)
    cat_id = transfer.import_json(
        db,
        actor,
        raw,
        rename=rename,
        max_sessions=settings.max_import_sessions,
        max_readings=settings.max_import_readings,
        chunk=settings.import_chunk,
    )
    return cats.get_cat(db, actor, cat_id)
