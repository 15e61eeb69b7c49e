"""A wrong stack config, said in the user's words: the key as written (`processor.memoryMb`), what it
must be (derived from the model's own bounds, so the message cannot drift from the rule) and what it
was. Pydantic's own wording names Python fields and says "Input should be ..."."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

import pulumi
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo


class ConfigError(pulumi.RunError, ValueError):
    """A stack configuration value is missing, malformed or inconsistent. A RunError: `pulumi up` and
    `preview` stop with its message alone (no traceback), before anything is created."""


def explain(error: ValidationError, model: type[BaseModel], where: str) -> str:
    """One sentence per problem of section `where`, in the order pydantic found them."""
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    lines = [_line(e, fields, where) for e in error.errors()]
    return "; ".join(dict.fromkeys(lines))


def _line(e: Any, fields: dict[str, FieldInfo], where: str) -> str:
    loc = e["loc"][0] if e["loc"] else None
    key = f"{where}.{loc}" if loc is not None else where
    if e["type"] == "extra_forbidden":
        return f"{key} is not a key of {where} (known: {', '.join(fields)})"
    if e["type"] == "missing":
        return f"{key} is required"
    if e["type"] == "value_error":
        # A validator's own sentence: a field's says what the value must be, a model's names its keys.
        message = str(e["ctx"]["error"])
        return f"{key} {message}" if loc is not None else message
    field = fields.get(str(loc))
    wanted = describe(field) if field is not None else "valid"
    return f"{key} must be {wanted}, got {e['input']!r}"


def describe(field: FieldInfo) -> str:
    """What a value of `field` must be: `an integer in [1, 28]`, `a positive number`."""
    kind = _bare(field.annotation)
    # The bounds this program's models state are numbers (int or float), whatever annotated_types allows.
    ge: Any = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    gt: Any = next((m.gt for m in field.metadata if isinstance(m, Gt)), None)
    le: Any = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    lt: Any = next((m.lt for m in field.metadata if isinstance(m, Lt)), None)
    if kind is bool:
        return "true or false"
    if kind is int:
        low = ge if ge is not None else (gt + 1 if gt is not None else None)
        high = le if le is not None else (lt - 1 if lt is not None else None)
        if low is not None and high is not None:
            return f"an integer in [{low}, {high}]"
        return f"an integer of at least {low}" if low is not None else "an integer"
    if kind is float:
        unit = f" of {field.description}" if field.description else ""
        if gt == 0:
            return f"a positive number{unit}"
        if ge == 0:
            return f"a number{unit}, 0 or more"
        return f"a number{unit} of at least {ge:g}" if ge is not None else f"a number{unit}"
    if kind is str:
        return "a non-empty string"
    return f"a {getattr(kind, '__name__', kind)}"


def _bare(annotation: Any) -> Any:
    """`int | None` -> int: an optional key is the same kind of value when given."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation
