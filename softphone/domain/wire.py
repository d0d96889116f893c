"""Bytes on the engine pipe: pickled domain messages, unpickled through an allow-list.

Only classes defined in ``softphone.domain`` can come out of ``decode``: a corrupted or
hostile byte string raises ``WireError`` instead of running arbitrary code.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from softphone.domain.messages import Message

_ALLOWED_PREFIX = "softphone.domain."


class WireError(ValueError):
    """The bytes are not a domain message."""


class _DomainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module.startswith(_ALLOWED_PREFIX) and not name.startswith("_"):
            return super().find_class(module, name)
        raise WireError(f"refusing to unpickle {module}.{name}")


def encode(message: Message) -> bytes:
    if not isinstance(message, Message):
        raise WireError(f"not a domain message: {type(message).__name__}")
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def decode(data: bytes) -> Message:
    try:
        obj = _DomainUnpickler(io.BytesIO(data)).load()
    except WireError:
        raise
    except Exception as exc:  # truncated or garbage bytes
        raise WireError(f"undecodable message: {exc}") from exc
    if not isinstance(obj, Message):
        raise WireError(f"not a domain message: {type(obj).__name__}")
    return obj
