"""The read-only API over the gold snapshot (FastAPI + DuckDB, Redis or in-process cache).

`python -m backend` serves the current snapshot of ./lake; see backend/settings.py (API_*).
The backend never imports pipeline/ or ml_env/: it meets the pipeline at the gold snapshot
manifest (gold/_CURRENT, gold/snapshots/<id>/_manifest.json) and reads storage/ only.
"""
