"""Forecasting models, all behind ``Forecaster`` (fit(y) -> self, predict(h, levels) -> frame)."""

from ml_env.models import arima, baselines, intermittent, prophet_model  # noqa: F401 - register
from ml_env.models.base import DEFAULT_LEVELS, Forecaster, ModelError, residual_bounds
from ml_env.models.registry import get_model, model_aliases, register, unregister

__all__ = [
    "DEFAULT_LEVELS",
    "Forecaster",
    "ModelError",
    "get_model",
    "model_aliases",
    "register",
    "residual_bounds",
    "unregister",
]
