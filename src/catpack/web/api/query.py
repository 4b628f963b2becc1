"""A route's query parameters read as one pydantic model, validated once.

FastAPI reads a query model (``Annotated[Model, Query()]``) field by field on
every request: for each field its aliases, whether it takes a list, its value,
about 40 Python calls a field before the one validation. :class:`QueryModel`
is a dependency that takes the fields' values from the query and validates the
model once; the route's OpenAPI operation still lists every field as a query
parameter, generated from the model's JSON schema as FastAPI writes it
(``openapi_extra``). A bad value is the same 422 as before: FastAPI's
``RequestValidationError``, each error at ``["query", <field>]``, after the
path's own errors when the path is wrong too (as FastAPI reports both).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import Request
from fastapi._compat import field_annotation_is_sequence
from fastapi.dependencies.utils import request_params_to_args
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

__all__ = ["QueryModel"]

M = TypeVar("M", bound=BaseModel)


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The OpenAPI parameters of ``model``'s fields, in the query, as FastAPI
    lists a query model: the field's JSON schema (a default of ``None`` left
    out, as FastAPI leaves it out), required as the model says, and the
    field's description beside it."""
    schema = model.model_json_schema()
    if "$defs" in schema:
        raise TypeError(f"{model.__name__}: a query model's fields must not refer to models")
    required = set(schema.get("required", ()))
    out = []
    for name, field_schema in schema["properties"].items():
        field_schema = dict(field_schema)
        if "default" in field_schema and field_schema["default"] is None:
            del field_schema["default"]
        parameter = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": field_schema,
        }
        if "description" in field_schema:
            parameter["description"] = field_schema["description"]
        out.append(parameter)
    return out


class QueryModel(Generic[M]):
    """A dependency giving ``model`` from the request's query (see the module).

    Only models of plain single-valued fields without aliases, ignoring other
    names (pydantic's default): what FastAPI would read for them is then
    exactly each field's value by its name."""

    def __init__(self, model: type[M]) -> None:
        for name, field in model.model_fields.items():
            if field.alias or field.validation_alias:
                raise TypeError(f"{model.__name__}.{name}: aliases are not supported here")
            if field_annotation_is_sequence(field.annotation):
                raise TypeError(f"{model.__name__}.{name}: lists are not supported here")
        if model.model_config.get("extra", "ignore") != "ignore":
            raise TypeError(f"{model.__name__}: extra names must be ignored")
        self.model = model
        self.names = tuple(model.model_fields)
        #: For the route's ``openapi_extra``.
        self.openapi_extra = {"parameters": query_parameters(model)}

    async def __call__(self, request: Request) -> M:
        query = request.query_params
        values = {name: query[name] for name in self.names if name in query}
        try:
            return self.model.model_validate(values)
        except ValidationError as exc:
            errors = [
                {**err, "loc": ("query", *err["loc"])} for err in exc.errors(include_url=False)
            ]
            raise RequestValidationError(_path_errors(request) + errors) from None


def _path_errors(request: Request) -> list[Any]:
    """The errors FastAPI finds in the route's path parameters (it reports
    them with the query's, first)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return []
    return request_params_to_args(dependant.path_params, request.path_params)[1]
