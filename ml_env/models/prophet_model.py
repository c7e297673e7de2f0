"""Prophet with Brazilian national holidays and the seasonalities the history supports.

Only tried where the engine's policy allows it (smooth demand, a year or more of history, within
a per-run cap): a fit costs a Stan optimisation, far more than every other candidate together.
"""

from __future__ import annotations

import logging
import warnings
from functools import cache

import numpy as np
import pandas as pd

from ml_env.models.base import Forecaster, ModelError
from ml_env.models.registry import register

logger = logging.getLogger(__name__)

MIN_OBSERVED_DAYS = 60
WEEKLY_MIN_DAYS = 28
YEARLY_MIN_DAYS = 731  # Prophet's own rule: two full years


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING and "plotly" not in record.getMessage()


_QUIET = _BelowWarning()


def quiet_prophet_logs() -> None:
    """Drop Prophet's and cmdstanpy's per-fit chatter (cmdstanpy resets its level on import)."""
    for name in ("prophet", "prophet.plot", "prophet.models", "cmdstanpy"):
        log = logging.getLogger(name)
        if _QUIET not in log.filters:
            log.addFilter(_QUIET)


@cache
def brazil_holidays(first_year: int, last_year: int) -> pd.DataFrame:
    """National holidays of Brazil as Prophet's ``holidays`` frame (from the holidays package)."""
    import holidays

    days = holidays.country_holidays("BR", years=range(first_year, last_year + 1))
    frame = pd.DataFrame(
        {"ds": pd.to_datetime(list(days.keys())), "holiday": [str(v) for v in days.values()]}
    )
    return frame.sort_values("ds", ignore_index=True)


@register
class ProphetModel(Forecaster):
    alias = "prophet"

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        quiet_prophet_logs()
        from prophet import Prophet

        if np.isfinite(y).sum() < MIN_OBSERVED_DAYS:
            raise ModelError(f"{self.alias}: needs at least {MIN_OBSERVED_DAYS} observed days")
        span = len(y)
        holidays = brazil_holidays(index[0].year, index[-1].year + 2)
        model = Prophet(
            growth="linear",
            weekly_seasonality=span >= WEEKLY_MIN_DAYS,
            yearly_seasonality=span >= YEARLY_MIN_DAYS,
            daily_seasonality=False,
            holidays=holidays,
            changepoint_prior_scale=0.05,
            uncertainty_samples=0,  # intervals come from backtest residuals, not from sampling
        )
        history = pd.DataFrame({"ds": index, "y": y})  # NaN rows (censored days) are ignored
        with warnings.catch_warnings():  # Prophet's own pandas deprecation noise
            warnings.simplefilter("ignore", category=FutureWarning)
            warnings.simplefilter("ignore", category=DeprecationWarning)
            model.fit(history)
        self._model = model

    def _forecast(self, h: int) -> np.ndarray:
        future = self._model.make_future_dataframe(periods=h, include_history=False)
        return self._predict(future)

    def _in_sample_residuals(self) -> np.ndarray:
        assert self._y is not None and self._index is not None
        return self._y - self._predict(pd.DataFrame({"ds": self._index}))

    def _predict(self, frame: pd.DataFrame) -> np.ndarray:
        with warnings.catch_warnings():  # Prophet's own pandas deprecation noise
            warnings.simplefilter("ignore", category=FutureWarning)
            warnings.simplefilter("ignore", category=DeprecationWarning)
            return self._model.predict(frame)["yhat"].to_numpy(dtype=float)
