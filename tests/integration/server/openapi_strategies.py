"""Hypothesis strategies from the server's OpenAPI document (the subset FastAPI emits):
requests that are mostly well-formed, with some arbitrary JSON thrown in."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

JSON_LEAF = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(
    allow_nan=False, allow_infinity=False) | st.text(max_size=20)
ANY_JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=8)
HEADER_TEXT = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=0, max_size=40)


class SchemaStrategies:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            node: Any = self.spec
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def value(self, schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
        schema = self.resolve(schema)
        if depth > 4:
            return st.none()
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        for combiner in ("anyOf", "oneOf", "allOf"):
            if combiner in schema:
                return st.one_of([self.value(s, depth + 1) for s in schema[combiner]])
        kind = schema.get("type")
        if kind == "string":
            if schema.get("format") == "date-time":
                return st.datetimes().map(lambda d: d.isoformat()) | st.text(max_size=10)
            if "pattern" in schema:
                return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: len(s) <= 64)
            low, high = schema.get("minLength", 0), min(schema.get("maxLength", 30), 30)
            return st.text(min_size=low, max_size=max(low, high))
        if kind == "integer":
            return st.integers(schema.get("minimum", -(10**6)), schema.get("maximum", 10**6))
        if kind == "number":
            return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        if kind == "array":
            return st.lists(self.value(schema.get("items", {}), depth + 1), min_size=schema.get("minItems", 0),
                            max_size=min(schema.get("maxItems", 3), 3))
        if kind == "object" or "properties" in schema:
            properties = schema.get("properties", {})
            required = set(schema.get("required", ()))
            return st.fixed_dictionaries(
                {k: self.value(v, depth + 1) for k, v in properties.items() if k in required},
                optional={k: self.value(v, depth + 1) for k, v in properties.items() if k not in required})
        return ANY_JSON

    def request(self, path: str, method: str, operation: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        """A dict with the url path, query params, headers and JSON body (or None)."""
        path_params: dict[str, st.SearchStrategy[Any]] = {}
        query: dict[str, st.SearchStrategy[Any]] = {}
        headers: dict[str, st.SearchStrategy[Any]] = {}
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            name = parameter["name"]
            if parameter["in"] == "path":
                path_params[name] = (self.value(schema) | st.text(max_size=12)).map(
                    lambda v: quote(str(v), safe=""))
            elif parameter["in"] == "query":
                query[name] = (self.value(schema) | st.text(max_size=12)).map(str)
            elif parameter["in"] == "header":
                headers[name] = st.uuids().map(str) | HEADER_TEXT
        body: st.SearchStrategy[Any] = st.none()
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content:
            body = self.value(content["schema"]) | ANY_JSON
        return st.fixed_dictionaries({
            "path": st.fixed_dictionaries(path_params).map(lambda p: path.format(**p)),
            "query": st.fixed_dictionaries({}, optional=query),
            "headers": st.fixed_dictionaries({}, optional=headers),
            "body": body,
        })
