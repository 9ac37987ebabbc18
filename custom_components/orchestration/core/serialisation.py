"""One JSON form for every model, read from its dataclass fields and type hints.

A model derives from :class:`JsonModel` and gets ``as_dict`` (its JSON-ready form) and
``from_dict`` (built back from that form); ``from_dict(x.as_dict()) == x``. Each field
becomes the key of its name, in field order, converted by its type:

* ``str``, ``int``, ``float``, ``bool``, ``Any`` (and a ``NewType`` of them): as
  they are; read back through the type (``str(value)``…), except an optional one,
  which is read as it is;
* ``datetime``: ISO-8601 text; a ``StrEnum``: its value;
* a nested model: its own form; ``X | None``: ``None`` or the form of ``X``;
* ``list``/``tuple[X, ...]``: a list; ``tuple[X, Y]``: a list of two; ``dict``: a dict
  with the same keys (copies, never the model's own containers).

Reading tolerates missing keys where the field has a default (and missing optional
fields, read as None); unknown keys are ignored. A model whose JSON form is special
says so explicitly: it overrides ``as_dict``/``from_dict`` itself (used for it when
nested too), or a field's metadata carries :func:`json_hooks`.

The converters are generated once per class as plain Python functions (the way
``attrs``/``cattrs`` do), because plans and snapshots are converted on hot paths
(storage, every response): they run as fast as hand-written code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import dataclasses
from datetime import datetime
from enum import Enum
import linecache
import threading
from types import NoneType, UnionType
from typing import (
    Any,
    ClassVar,
    Final,
    NewType,
    Self,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

type Encoder = Callable[[Any], Any]
type Decoder = Callable[[Any], Any]

_HOOKS: Final = "orchestration_json"
_SCALARS: Final = (str, int, float, bool)
_EMPTY: Final[Mapping[str, Any]] = {}


class JsonModel:
    """Base of the models: ``as_dict``/``from_dict`` driven by the dataclass fields."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        result: dict[str, Any] = encoder(type(self))(self)
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from the JSON form."""
        result: Self = decoder(cls)(data)
        return result


def json_hooks(*, encode: Encoder, decode: Decoder) -> dict[str, Any]:
    """Field metadata giving a field its own JSON form: ``encode`` and ``decode``.

    ``decode`` receives the stored value, or None when the key is missing.
    """
    return {_HOOKS: (encode, decode)}


_ENCODERS: dict[type, Encoder] = {}
_DECODERS: dict[type, Decoder] = {}
# Converters compiled but not yet published: their nested models are being bound.
_PENDING: dict[tuple[type, bool], Callable[[Any], Any]] = {}
# Plans are converted in executor threads too: one class is compiled once, whole.
_LOCK: Final = threading.RLock()


def encoder(cls: type) -> Encoder:
    """The function that turns an instance of ``cls`` into its JSON form."""
    found = _ENCODERS.get(cls)
    if found is None:
        with _LOCK:
            found = _converter(cls, encode=True)
    return found


def decoder(cls: type) -> Decoder:
    """The function that builds an instance of ``cls`` from its JSON form."""
    found = _DECODERS.get(cls)
    if found is None:
        with _LOCK:
            found = _converter(cls, encode=False)
    return found


def _converter(cls: type, *, encode: bool) -> Callable[[Any], Any]:
    """Compile a converter and those of the models nested in it; publish them all.

    A model nested in itself finds its own converter among the pending ones.
    """
    cache = _ENCODERS if encode else _DECODERS
    found = cache.get(cls) or _PENDING.get((cls, encode))
    if found is not None:
        return found
    outermost = not _PENDING
    try:
        compiler = _Compiler(cls)
        function = compiler.encoder() if encode else compiler.decoder()
        _PENDING[(cls, encode)] = function
        for name, (model, encodes) in compiler.models.items():
            compiler.namespace[name] = _converter(model, encode=encodes)
        if outermost:
            for (model, encodes), compiled in _PENDING.items():
                (_ENCODERS if encodes else _DECODERS)[model] = compiled
    finally:
        if outermost:
            _PENDING.clear()
    return function


def _overrides(cls: type, name: str) -> bool:
    """Whether ``cls`` writes its own JSON form (``as_dict`` or ``from_dict``)."""
    own = getattr(cls, name, None)
    base = getattr(JsonModel, name)
    return getattr(own, "__func__", own) is not getattr(base, "__func__", base)


def _optional(hint: Any) -> Any | None:
    """``X`` for ``X | None``; None for any other hint."""
    if get_origin(hint) in (Union, UnionType):
        args = [arg for arg in get_args(hint) if arg is not NoneType]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0]
        raise TypeError(f"no JSON form for the union {hint}")
    return None


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


class _Compiler:
    """Writes the source of one class's converter and compiles it."""

    _counter: ClassVar[int] = 0

    def __init__(self, cls: type) -> None:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass")
        self.cls = cls
        self.namespace: dict[str, Any] = {}
        self.models: dict[str, tuple[type, bool]] = {}
        self.names = 0

    def _fresh(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def _ref(self, value: Any, prefix: str = "_ref") -> str:
        name = self._fresh(prefix)
        self.namespace[name] = value
        return name

    def _model(self, cls: type, *, encode: bool) -> str:
        """A name for the converter of a nested model, bound after compiling."""
        name = self._fresh("_model")
        self.models[name] = (cls, encode)
        return name

    # --- to JSON ---------------------------------------------------------------------

    def _to_json(self, hint: Any, value: str) -> str:
        """An expression for the JSON form of ``value`` (an expression of type ``hint``)."""
        if isinstance(hint, NewType):
            return self._to_json(hint.__supertype__, value)
        if hint in _SCALARS or hint is Any:
            return value
        if (inner := _optional(hint)) is not None:
            item = self._fresh("v")
            converted = self._to_json(inner, item)
            if converted == item:
                return value
            return f"(None if ({item} := {value}) is None else {converted})"
        if hint is datetime:
            return f"{value}.isoformat()"
        if isinstance(hint, type) and issubclass(hint, Enum):
            return f"{value}.value"
        if _is_model(hint):
            return f"{self._model(hint, encode=True)}({value})"
        origin, args = get_origin(hint), get_args(hint)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            parts = [self._to_json(arg, f"{value}[{i}]") for i, arg in enumerate(args)]
            return f"[{', '.join(parts)}]"
        if origin in (list, tuple, Sequence):
            item = self._fresh("i")
            converted = self._to_json(args[0], item)
            if converted == item:
                return f"list({value})"
            return f"[{converted} for {item} in {value}]"
        if origin in (dict, Mapping):
            key, item = self._fresh("k"), self._fresh("v")
            converted = self._to_json(args[1], item)
            if converted == item:
                return f"dict({value})"
            return f"{{{key}: {converted} for {key}, {item} in {value}.items()}}"
        raise TypeError(f"no JSON form for {hint} in {self.cls.__name__}")

    def encoder(self) -> Encoder:
        """Compile ``cls``'s encoder (its own ``as_dict`` when it writes one)."""
        if _overrides(self.cls, "as_dict"):
            return self.cls.as_dict  # type: ignore[attr-defined,no-any-return]
        hints = get_type_hints(self.cls)
        lines = []
        for item in dataclasses.fields(self.cls):
            value = f"obj.{item.name}"
            if _HOOKS in item.metadata:
                expression = f"{self._ref(item.metadata[_HOOKS][0])}({value})"
            else:
                expression = self._to_json(hints[item.name], value)
            lines.append(f"        {item.name!r}: {expression},")
        body = "\n".join(["def encode(obj):", "    return {", *lines, "    }"])
        return self._compile(body, "encode", "as_dict")

    # --- from JSON -------------------------------------------------------------------

    def _from_json(self, hint: Any, value: str) -> str:
        """An expression for the ``hint`` read from ``value`` (its JSON form)."""
        if isinstance(hint, NewType):
            return self._from_json(hint.__supertype__, value)
        if hint is Any:
            return value
        if hint in _SCALARS:
            return f"{hint.__name__}({value})"
        if (inner := _optional(hint)) is not None:
            if inner in _SCALARS or inner is Any:
                return value
            item = self._fresh("v")
            return f"(None if ({item} := {value}) is None else {self._from_json(inner, item)})"
        if hint is datetime:
            return f"{self._ref(datetime.fromisoformat, '_datetime')}({value})"
        if isinstance(hint, type) and issubclass(hint, Enum):
            return f"{self._ref(hint, '_enum')}({value})"
        if _is_model(hint):
            return f"{self._model(hint, encode=False)}({value})"
        origin, args = get_origin(hint), get_args(hint)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            whole = self._fresh("t")
            parts = [
                self._from_json(
                    arg, f"{whole}[{i}]" if i else f"({whole} := {value})[0]"
                )
                for i, arg in enumerate(args)
            ]
            return f"({', '.join(parts)},)"
        if origin in (list, tuple, Sequence):
            item = self._fresh("i")
            converted = self._from_json(args[0], item)
            listed = (
                f"list({value} or ())"
                if converted == item
                else f"[{converted} for {item} in {value} or ()]"
            )
            return f"tuple({listed})" if origin is tuple else listed
        if origin in (dict, Mapping):
            key, item = self._fresh("k"), self._fresh("v")
            converted = self._from_json(args[1], item)
            if converted == item and args[0] is str:
                return f"dict({value} or {{}})"
            return (
                f"{{{self._from_json(args[0], key)}: {converted} "
                f"for {key}, {item} in ({value} or {{}}).items()}}"
            )
        raise TypeError(f"no JSON form for {hint} in {self.cls.__name__}")

    def _stored(self, item: dataclasses.Field[Any], hint: Any) -> str:
        """An expression for the field's stored value, its default when missing."""
        key = repr(item.name)
        if item.default is not dataclasses.MISSING:
            if item.default is None:
                return f"data.get({key})"
            return f"data.get({key}, {self._ref(item.default, '_default')})"
        if item.default_factory is not dataclasses.MISSING:
            # Nested models read an empty form as the default; containers do anyway.
            return (
                f"(data.get({key}) or _EMPTY)"
                if _is_model(hint)
                else f"data.get({key})"
            )
        if _optional(hint) is not None:
            return f"data.get({key})"
        return f"data[{key}]"

    def decoder(self) -> Decoder:
        """Compile ``cls``'s decoder (its own ``from_dict`` when it writes one)."""
        if _overrides(self.cls, "from_dict"):
            return self.cls.from_dict  # type: ignore[attr-defined,no-any-return]
        hints = get_type_hints(self.cls)
        self.namespace["_EMPTY"] = _EMPTY
        arguments = []
        for item in dataclasses.fields(self.cls):
            hint = hints[item.name]
            stored = self._stored(item, hint)
            if _HOOKS in item.metadata:
                hook = self._ref(item.metadata[_HOOKS][1])
                expression = f"{hook}({stored})"
            else:
                expression = self._from_json(hint, stored)
            arguments.append(f"        {item.name}={expression},")
        cls = self._ref(self.cls, "_cls")
        body = "\n".join(
            ["def decode(data):", f"    return {cls}(", *arguments, "    )"]
        )
        return self._compile(body, "decode", "from_dict")

    def _compile(self, source: str, name: str, method: str) -> Callable[[Any], Any]:
        # The source is registered with linecache so tracebacks show the failing line.
        _Compiler._counter += 1
        filename = f"<{self.cls.__qualname__}.{method} {_Compiler._counter}>"
        linecache.cache[filename] = (
            len(source),
            None,
            source.splitlines(True),
            filename,
        )
        exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102
        function: Callable[[Any], Any] = self.namespace[name]
        return function
