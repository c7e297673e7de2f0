"""The nightly pipeline: ERP landing files -> bronze -> silver -> gold snapshot (ML-free)."""
