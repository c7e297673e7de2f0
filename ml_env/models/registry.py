"""Model aliases -> classes. Aliases are unique; registering one twice is an error."""

from __future__ import annotations

from typing import TypeVar

from ml_env.models.base import Forecaster

_MODELS: dict[str, type[Forecaster]] = {}
M = TypeVar("M", bound=type[Forecaster])


def register(cls: M) -> M:
    alias = getattr(cls, "alias", None)
    if not alias or not isinstance(alias, str):
        raise TypeError(f"{cls.__name__} needs a string alias")
    if alias in _MODELS and _MODELS[alias] is not cls:
        raise ValueError(f"model alias {alias!r} is already taken by {_MODELS[alias].__name__}")
    _MODELS[alias] = cls
    return cls


def unregister(alias: str) -> None:
    _MODELS.pop(alias, None)


def get_model(alias: str) -> Forecaster:
    """A fresh, unfitted model for ``alias``."""
    try:
        return _MODELS[alias]()
    except KeyError:
        known = ", ".join(sorted(_MODELS))
        raise KeyError(f"unknown model {alias!r}; known models: {known}") from None


def model_aliases() -> list[str]:
    return sorted(_MODELS)
