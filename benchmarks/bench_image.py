"""Size of the API image, estimated without a Docker engine: base + measured closure + code.

    .venv/bin/python benchmarks/bench_image.py [--json out.json]

Installs backend/requirements.txt exactly as Dockerfile.api does (wheels only, pinned by
constraints.txt, into a fresh venv without pip; pycryptodome's self-tests removed) and measures
it; adds the size of the code the image copies and the base image's uncompressed size, which
cannot be measured offline (Docker Hub's figure for the pinned tag, see docs/deployment.md).
Budgets (docs/performance.md): image <= 250 MB, runtime dependency closure <= 120 MB.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import save_figures

ROOT = Path(__file__).resolve().parents[1]
BASE_IMAGE = "python:3.11.11-slim-bookworm"
BASE_IMAGE_MB = 130.0  # Docker Hub, linux/amd64, uncompressed: not measurable here
MB = 1024 * 1024


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def closure_size(requirements: Path) -> tuple[int, int]:
    """(bytes, distributions) of the requirements installed alone in a fresh venv."""
    with tempfile.TemporaryDirectory(prefix="bench_image_") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
             "--quiet", "--disable-pip-version-check", "--only-binary=:all:",
             "-r", str(requirements), "-c", str(ROOT / "constraints.txt")],
            check=True, capture_output=True, timeout=900,
        )  # fmt: skip
        site = next((venv / "lib").glob("python3*/site-packages"))
        shutil.rmtree(site / "Crypto" / "SelfTest", ignore_errors=True)
        return tree_size(site), len(list(site.glob("*.dist-info")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    closure, distributions = closure_size(ROOT / "backend" / "requirements.txt")
    code = sum(tree_size(ROOT / part) for part in ("backend", "storage"))
    image_mb = BASE_IMAGE_MB + (closure + code) / MB
    print(f"API dependency closure: {closure / MB:.1f} MB, {distributions} distributions "
          "(budget <= 120 MB)")  # fmt: skip
    print(f"code copied into the image: {code / MB:.1f} MB")
    print(f"base image {BASE_IMAGE}: about {BASE_IMAGE_MB:.0f} MB (not measured here)")
    print(f"API image estimate: about {image_mb:.0f} MB (budget <= 250 MB)")
    save_figures(
        args.json,
        {
            "closure_mb": round(closure / MB, 1),
            "distributions": distributions,
            "code_mb": round(code / MB, 2),
            "base_image": BASE_IMAGE,
            "base_image_mb": BASE_IMAGE_MB,
            "image_mb": round(image_mb, 1),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
