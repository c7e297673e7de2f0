"""The load suite reuses the backend suite's session lake (two snapshots from the S sample)."""

from tests.backend.conftest import isolated_env, lake

__all__ = ["isolated_env", "lake"]
