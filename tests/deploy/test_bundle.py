"""deploy/bundle.sh produces an archive an operator can install from with no network.

No Docker engine runs here, so `docker` is a stand-in on PATH (a mock, for that reason only): it
records its calls, answers `compose config --images` by parsing docker-compose.yml with the
secrets bundle.sh exports (so a secret it forgot stops it, as compose would), checks that the
bundled compose file's mounts exist next to it, and writes the list of images `docker save` got.
The script itself, its file list and checksums, run for real.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.deploy.compose import REPO, compose, environment

VERSION = "1.2.3"
FAKE_DOCKER = """#!{python}
import json, os, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from tests.deploy.compose import compose

args = sys.argv[1:]
with open(os.environ["FAKE_DOCKER_LOG"], "a") as log:
    log.write(json.dumps({{"args": args, "platform": os.environ.get("DOCKER_DEFAULT_PLATFORM")}}) + "\\n")
if args[:2] == ["compose", "version"]:
    sys.exit(0)
if args[0] == "compose":
    files = [args[i + 1] for i, a in enumerate(args) if a == "--file"]
    if "config" in args:
        project = compose(dict(os.environ))  # raises on a missing ${{VAR:?}} secret
        if "--images" in args:
            print("\\n".join(s["image"] for s in project["services"].values()))
        if "--quiet" in args:
            base = Path(files[0]).parent
            for service in project["services"].values():
                for volume in service.get("volumes", []):
                    source = volume.split(":")[0]
                    if source.startswith("./") and not (base / source).exists():
                        sys.exit(f"missing {{source}} next to {{files[0]}}")
    sys.exit(0)
if args[0] == "save":
    output = args[args.index("--output") + 1]
    Path(output).write_text("\\n".join(a for a in args[1:] if a != "--output" and a != output))
    sys.exit(0)
if args[0] == "pull":
    sys.exit(0)
sys.exit(f"fake docker: unexpected {{args}}")
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """bundle.sh run in a copy of the repository's deployment files; the unpacked archive."""
    root = tmp_path_factory.mktemp("bundle")
    work = root / "repo"
    for name in ("docker-compose.yml", "README.md", ".env.example", "deploy", "docs"):
        source = REPO / name
        target = work / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (work / "frontend").mkdir()
    (work / "frontend" / "package-lock.json").write_text("{}")
    bin_dir = root / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text(FAKE_DOCKER.format(python=sys.executable, repo=str(REPO)))
    docker.chmod(0o755)
    log = root / "docker.jsonl"
    scrubbed = ("MINIO_", "DASHBOARD_", "SPAREPARTS_", "DOCKER_", "PLATFORM")
    env = {k: v for k, v in os.environ.items() if not k.startswith(scrubbed)}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", FAKE_DOCKER_LOG=str(log))
    done = subprocess.run(
        ["bash", str(work / "deploy" / "bundle.sh"), VERSION],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    archive = work / "artifacts" / f"spareparts-{VERSION}.tar.gz"
    checksum = (work / "artifacts" / f"spareparts-{VERSION}.tar.gz.sha256").read_text().split()[0]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == checksum
    unpacked = root / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    return unpacked / f"spareparts-{VERSION}", calls


def test_the_archive_holds_everything_the_install_procedure_uses(bundle) -> None:
    folder, _ = bundle
    for name in (
        "docker-compose.yml", ".env.example", "VERSION", "IMAGES", "images.tar.gz", "README.md",
        "SHA256SUMS", "deploy/minio-init.sh", "deploy/load-landing.sh", "deploy/ml-exchange.sh",
        "deploy/minio-volume.sh", "deploy/minio/policies/api-readonly.json",
        "docs/deployment.md", "docs/data-contract.md", "docs/ml-export.md",
    ):  # fmt: skip
        assert (folder / name).is_file(), name
    for script in (folder / "deploy").glob("*.sh"):
        assert os.access(script, os.X_OK), script
    assert (folder / "VERSION").read_text().strip() == VERSION
    assert f"SPAREPARTS_VERSION={VERSION}" in (folder / ".env.example").read_text().splitlines()
    assert not list(folder.rglob(".env")), "a bundle never carries secrets"
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_every_image_compose_runs_is_saved_at_the_bundles_version(bundle) -> None:
    folder, calls = bundle
    images = (folder / "IMAGES").read_text().split()
    lines = (folder / ".env.example").read_text().splitlines()
    secrets = {line[:-1]: "x" * 12 for line in lines if line.endswith("=")}
    dot_env = {"SPAREPARTS_VERSION": VERSION, **secrets}
    services = compose(dot_env)["services"]
    assert sorted(images) == sorted({s["image"] for s in services.values()})
    assert {f"spareparts/{name}:{VERSION}" for name in ("api", "web", "pipeline")} <= set(images)
    assert (folder / "docker-compose.yml").read_bytes() == (
        REPO / "docker-compose.yml"
    ).read_bytes()
    # what `docker save` wrote (the stand-in writes the names it was given), gzipped by bundle.sh
    saved = gzip.decompress((folder / "images.tar.gz").read_bytes()).decode().split()
    assert sorted(saved) == sorted(images)
    pulled = sorted(c["args"][-1] for c in calls if c["args"][0] == "pull")
    assert pulled == sorted(i for i in images if not i.startswith("spareparts/"))
    built = [c["args"] for c in calls if "build" in c["args"]]
    assert built and {"api", "pipeline", "web"} <= set(built[0])
    assert {c["platform"] for c in calls} == {"linux/amd64"}
    assert environment(services["api"])["API_KEYS"] == secrets["DASHBOARD_API_KEY"]


@pytest.mark.parametrize("script", sorted((REPO / "deploy").glob("*.sh")), ids=lambda p: p.name)
def test_deploy_scripts_parse_and_stop_on_errors(script: Path) -> None:
    shell = "sh" if script.read_text().startswith("#!/bin/sh") else "bash"
    subprocess.run([shell, "-n", str(script)], check=True)
    text = script.read_text()
    assert "set -eu" in text or "set -euo pipefail" in text
    assert os.access(script, os.X_OK)
