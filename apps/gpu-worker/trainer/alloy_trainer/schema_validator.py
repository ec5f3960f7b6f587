"""A validator for the subset of JSON Schema (2020-12) that libs/contracts' schemas use.

python3-jsonschema is not always present on worker hosts, and the spec is small, so the trainer
carries its own. Error paths use the same dotted form as libs/contracts' TypeScript validator
(`hyperparameters.learningRate`, `datasets.0.path`).
"""

from __future__ import annotations

import re
from typing import Any, List, Tuple

Error = Tuple[str, str]


def _is_type(value: Any, t: str) -> bool:
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "null":
        return value is None
    if t == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    raise ValueError(f"unsupported schema type {t}")


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def validate(value: Any, schema: Any, path: str = "") -> List[Error]:
    """All errors as (dotted field path, message); empty when valid."""
    if schema is True or schema is None:
        return []
    if schema is False:
        return [(path or "(root)", "is not allowed")]
    errors: List[Error] = []
    where = path or "(root)"

    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in types):
            return [(where, f"must be of type {' or '.join(types)}")]
    if "const" in schema and value != schema["const"]:
        errors.append((where, f"must be {schema['const']!r}"))
    if "enum" in schema and value not in schema["enum"]:
        errors.append((where, "must be one of " + ", ".join(map(str, schema["enum"]))))

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append((where, f"must be >= {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append((where, f"must be <= {schema['maximum']}"))
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append((where, f"must be > {schema['exclusiveMinimum']}"))
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            errors.append((where, f"must be < {schema['exclusiveMaximum']}"))

    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append((where, f"must have at least {schema['minLength']} characters"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append((where, f"must have at most {schema['maxLength']} characters"))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append((where, f"must match {schema['pattern']}"))

    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append((where, f"must have at least {schema['minItems']} items"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append((where, f"must have at most {schema['maxItems']} items"))
        if "items" in schema:
            for i, item in enumerate(value):
                errors += validate(item, schema["items"], _join(path, i))

    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append((_join(path, key), "is required"))
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                errors += validate(v, props[key], _join(path, key))
            elif extra is False:
                errors.append((_join(path, key), "unknown field"))
            elif isinstance(extra, dict):
                errors += validate(v, extra, _join(path, key))

    for sub in schema.get("allOf", []):
        errors += validate(value, sub, path)
    if "anyOf" in schema and not any(not validate(value, s, path) for s in schema["anyOf"]):
        errors.append((where, "matches none of the allowed shapes"))
    if "if" in schema:
        branch = "then" if not validate(value, schema["if"], path) else "else"
        if branch in schema:
            errors += validate(value, schema[branch], path)
    return errors
