"""One router per resource; API_ROUTERS are mounted under /api/v1."""

from backend.routes import (
    accuracy,
    alerts,
    categories,
    changes,
    items,
    kpis,
    meta,
    models,
    proposals,
    reorder,
    series,
    sites,
    snapshots,
    transfers,
    warehouses,
)

API_ROUTERS = [
    meta.router,
    items.router,
    categories.router,
    warehouses.router,
    sites.router,
    series.router,
    reorder.router,
    proposals.router,
    transfers.router,
    kpis.router,
    alerts.router,
    accuracy.router,
    models.router,
    snapshots.router,
    changes.router,
]
