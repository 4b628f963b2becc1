"""A fast first pass over requests: one compiled validator, no Python per value.

The contract's models check numbers, flags and instants with small Python
functions, so that a bad value is refused in catpack's own words and every
problem of a request is reported at once (:mod:`catpack.domain.contract`).
On a long log that is about 150 Python calls per session, half of
``decide``'s time on 2,000 sessions (issue 8: ``bench/engine.py``).

The common request is valid. For it, :func:`fast_validator` derives from a
model's own pydantic-core schema a second validator in which each of those
functions is replaced by pydantic-core's native check, and each bound that
follows one by the native bound:

* ``_number`` → a strict number (an int or a float, never true/false or
  text; not NaN or infinity), a strict integer for whole numbers (7.0, which
  the full check reads as 7, goes to the full path);
* ``_flag`` → a strict boolean;
* ``_instant_text`` → text matching :data:`~catpack.domain.contract.INSTANT_PATTERN`
  parsed by the same datetime parser (or an aware datetime, as before).

Every replacement accepts a subset of what the function accepts and gives
the same value, and everything else in the schema (models, literals, text
patterns, the remaining validators) is kept as it is. So when the fast
validator accepts a request, its result is the model the full validation
would build; when it refuses, the caller runs the full validation, which
reports every problem in its own words. The fast pass makes valid requests
faster and can change neither a decision nor an error message
(``tests/domain/test_fast_check.py`` checks both on generated requests).
"""

from __future__ import annotations

from functools import cache, partial
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import SchemaValidator, ValidationError

from catpack.domain import contract as C

M = TypeVar("M", bound=BaseModel)

#: The bounds pydantic applies after a validator, as Python functions
#: (``functools.partial(greater_than_validator, gt=0)``), by keyword.
_BOUNDS = ("gt", "ge", "lt", "le")
#: Schema keys whose values are not validation schemas: never rewritten.
_OPAQUE = frozenset({"metadata", "cls", "config", "function", "serialization", "default", "ref"})


def _is(node: Any, kind: str, function: object) -> bool:
    return (
        isinstance(node, dict)
        and node.get("type") == kind
        and node.get("function", {}).get("function") is function
    )


def _bound(node: dict[str, Any]) -> tuple[str, Any] | None:
    """``("ge", 0)`` when ``node`` is pydantic's Python check of one bound."""
    if node.get("type") != "function-after":
        return None
    fn = node.get("function", {}).get("function")
    if not isinstance(fn, partial) or fn.args or len(fn.keywords) != 1:
        return None
    ((key, value),) = fn.keywords.items()
    if key not in _BOUNDS or not fn.func.__name__.endswith("_validator"):
        return None
    return key, value


def _instant(datetime_schema: dict[str, Any]) -> dict[str, Any]:
    """An instant, natively: text in the documented form parsed by the same
    datetime schema (the pattern allows only the years 2000-2099 as written,
    as ``_in_range`` does), or an aware datetime object as given (its year
    still checked by ``_in_range``). Text first: JSON gives text."""
    return {
        "type": "union",
        "mode": "left_to_right",
        "choices": [
            {
                "type": "chain",
                "steps": [
                    {"type": "str", "strict": True, "pattern": C.INSTANT_PATTERN},
                    datetime_schema,
                ],
            },
            {
                "type": "function-after",
                "function": {"type": "no-info", "function": C._in_range},
                "schema": {**datetime_schema, "strict": True},
            },
        ],
    }


def native(node: Any) -> Any:
    """``node`` (a pydantic-core schema) with catpack's Python checks replaced
    by native ones that accept a subset and give the same value; a new
    schema, the model's own is not changed."""
    if isinstance(node, list):
        return [native(item) for item in node]
    if not isinstance(node, dict):
        return node
    inner: Any = node.get("schema")
    if _is(node, "function-before", C._number) and inner["type"] in ("float", "int"):
        strict = {"type": inner["type"], "strict": True}
        return strict | ({"allow_inf_nan": False} if inner["type"] == "float" else {})
    if _is(node, "function-before", C._flag) and inner["type"] == "bool":
        return {"type": "bool", "strict": True}
    if (
        _is(node, "function-after", C._in_range)
        and _is(inner, "function-before", C._instant_text)
        and inner["schema"]["type"] == "datetime"
    ):
        return _instant(inner["schema"])
    out = {k: v if k in _OPAQUE else native(v) for k, v in node.items()}
    bound = _bound(node)
    below = out.get("schema")
    if (
        bound is not None
        and isinstance(below, dict)
        and below.get("type") in ("float", "int")
        and below.get("strict")
        and bound[0] not in below
    ):
        return {**below, bound[0]: bound[1]}
    return out


def python_checks(node: Any) -> list[str]:
    """Names of the Python functions a schema still calls (for tests: the
    fast pass should call only the few that are cheap and run once per request
    or per pause, never once per session value)."""
    if isinstance(node, list):
        return [name for item in node for name in python_checks(item)]
    if not isinstance(node, dict):
        return []
    names: list[str] = []
    if str(node.get("type", "")).startswith("function-"):
        fn = node["function"]["function"]
        names.append(str(getattr(fn, "__name__", None) or getattr(fn.func, "__name__", fn)))
    for key, value in node.items():
        if key not in _OPAQUE:
            names += python_checks(value)
    return names


@cache
def _fields_validator(model: type[BaseModel]) -> SchemaValidator | None:
    """The fast pass over ``model``'s fields, or None when its schema is not
    the plain model-and-fields shape (then there is no fast pass).

    The fields are validated, not the model: pydantic-core reuses a complete
    model class's own validator wherever a schema names the class, so a
    rewritten model schema would still run the full checks. Nested models
    (the cat, the planned outing, pauses) are small and keep them."""
    schema = model.__pydantic_core_schema__
    if schema["type"] != "model" or schema["schema"]["type"] != "model-fields":
        return None
    return SchemaValidator(native(schema["schema"]), schema.get("config"))


def fast_parse(model: type[M], data: object) -> M | None:
    """``data`` as ``model`` when the fast pass accepts it, else None (then
    the full validation decides, and reports every problem)."""
    validator = _fields_validator(model)
    if validator is None:
        return None
    try:
        fields, _extra, fields_set = validator.validate_python(data)
    except ValidationError:
        return None
    return model.model_construct(fields_set, **fields)
