import os
import sys

# One BLAS thread per process: parallelism comes from worker processes, and small statsmodels fits
# only lose time to threads fighting over 2 cores. Set before numpy is first imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from ml_env.cli import main  # noqa: E402

sys.exit(main())
