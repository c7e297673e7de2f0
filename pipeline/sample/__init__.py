"""A realistic, deterministic sample ERP: the files a telecom tower-maintenance company's ERP
drops in ``landing/<source>/`` (see ``pipeline/contract/schema.py``).

Run ``python -m pipeline.sample --help``. Library entry point: :func:`generate`.
"""

from pipeline.sample.catalog import Scale
from pipeline.sample.generate import SampleConfig, SampleResult, generate

__all__ = ["SampleConfig", "SampleResult", "Scale", "generate"]
