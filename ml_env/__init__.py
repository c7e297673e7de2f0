"""ml_env: offline per-series demand forecasting for spare parts (never part of the deployment).

Reads a training extract, backtests candidate models per item x warehouse, keeps the best by
RMSSE and writes a versioned export (forecasts, backtest, error scale, manifest) the pipeline reads.
Nothing outside ml_env/ imports this package.
"""

__version__ = "0.1.0"
