"""The read-only API over the gold snapshot (FastAPI + DuckDB). Arrives with the backend issue."""
