"""docker-compose.yml and the Dockerfiles, checked without a Docker engine (none runs here).

What an operator relies on: the six services start in dependency order behind healthchecks; every
image is pinned and never pulled at run time; a missing secret stops `docker compose up` with a
message naming it; only the dashboard is published; the services get settings they really read,
with values their settings classes accept; the API's MinIO user can only read the lake; the images
run as non-root users and carry no ML package. The smoke test (test_smoke.py) runs the same
environment as processes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from backend.settings import ApiSettings
from pipeline.settings import PipelineSettings
from storage.settings import S3Settings
from tests.backend.test_lean_closure import FORBIDDEN as API_FORBIDDEN
from tests.deploy.compose import (
    REPO,
    DockerIgnore,
    MissingVariable,
    Stage,
    compose,
    copy_sources,
    dockerfile_stages,
    environment,
    raw_compose,
    variables,
)
from tests.test_ml_rule import MODEL_LIBRARIES

SERVICES = {"minio", "minio-init", "redis", "api", "web", "pipeline"}
BUILT = {"api": "Dockerfile.api", "web": "Dockerfile.web", "pipeline": "Dockerfile.pipeline"}
SECRETS = {
    "MINIO_ROOT_USER",
    "MINIO_ROOT_PASSWORD",
    "MINIO_API_SECRET_KEY",
    "MINIO_PIPELINE_SECRET_KEY",
    "MINIO_ML_SECRET_KEY",
    "DASHBOARD_API_KEY",
}
# Values an operator puts in .env: every secret set, nothing else.
ENV = {name: f"{name.lower().replace('_', '-')}-value" for name in SECRETS}
# Model libraries by distribution name (test_ml_rule lists import names).
ML_DISTRIBUTIONS = {canonicalize_name(m) for m in MODEL_LIBRARIES} | {
    "scikit-learn",
    "pystan",
    "neuralprophet",
    "gluonts",
    "mlforecast",
    "statsforecast",
}
SETTINGS_PREFIXES = {
    "api": {"API_": ApiSettings, "S3_": S3Settings},
    "pipeline": {"PIPELINE_": PipelineSettings, "S3_": S3Settings},
}


@pytest.fixture(scope="module")
def services() -> dict:
    return compose(ENV)["services"]


def stages(service: str) -> list[Stage]:
    return dockerfile_stages(REPO / BUILT[service])


def healthcheck_of(service: str, definition: dict) -> list[str] | None:
    """The effective healthcheck: compose's, else the image's HEALTHCHECK (built images)."""
    if "healthcheck" in definition:
        return definition["healthcheck"]["test"]
    if service in BUILT:
        check = stages(service)[-1].last("HEALTHCHECK")
        if check and check.arguments.strip().upper() != "NONE":
            return check.arguments.split("CMD", 1)[1].strip()
    return None


def test_the_six_services_are_defined(services: dict) -> None:
    assert set(services) == SERVICES


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_image_is_pinned_and_never_pulled_at_run_time(services: dict, service: str) -> None:
    definition = services[service]
    name, _, tag = definition["image"].rpartition(":")
    assert name and tag and tag != "latest", definition["image"]
    if service in BUILT:
        # our images carry the bundle's version (deploy/bundle.sh sets SPAREPARTS_VERSION)
        assert "${SPAREPARTS_VERSION" in raw_compose()["services"][service]["image"]
        assert definition["build"]["dockerfile"] == BUILT[service]
    else:
        assert re.search(r"\d", tag), f"{service}: tag {tag!r} names no version"
    assert definition["pull_policy"] == "never"


@pytest.mark.parametrize("dockerfile", sorted(BUILT.values()))
def test_base_images_are_pinned_to_exact_versions(dockerfile: str) -> None:
    for stage in dockerfile_stages(REPO / dockerfile):
        name, _, tag = stage.base.rpartition(":")
        assert name and re.match(r"\d+\.\d+\.\d+-", tag), f"{dockerfile}: {stage.base}"


def test_long_running_services_have_healthchecks(services: dict) -> None:
    for service in ("minio", "redis", "api", "web"):
        assert healthcheck_of(service, services[service]), service
    assert "/health'" in str(healthcheck_of("api", services["api"]))
    assert "/healthz" in str(healthcheck_of("web", services["web"]))
    template = (REPO / "deploy/web/default.conf.template").read_text()
    assert "location = /healthz" in template


def test_start_order_waits_for_healthy_or_completed_dependencies(services: dict) -> None:
    expected = {
        "minio-init": {"minio": "service_healthy"},
        "api": {"minio-init": "service_completed_successfully", "redis": "service_healthy"},
        "web": {"api": "service_healthy"},
        "pipeline": {"minio-init": "service_completed_successfully"},
    }
    for service, definition in services.items():
        depends = {
            name: spec["condition"] for name, spec in (definition.get("depends_on") or {}).items()
        }
        assert depends == expected.get(service, {}), service
        for dependency, condition in depends.items():
            if condition == "service_healthy":
                assert healthcheck_of(dependency, services[dependency]), dependency
    assert services["minio-init"]["restart"] == "no"  # one-shot: completes, never restarts


def test_a_missing_secret_stops_compose_with_a_message_naming_it() -> None:
    for secret in sorted(SECRETS):
        env = {name: value for name, value in ENV.items() if name != secret}
        with pytest.raises(MissingVariable) as missing:
            compose(env)
        assert missing.value.name == secret
        assert secret in missing.value.message and ".env" in missing.value.message
        with pytest.raises(MissingVariable):
            compose({**env, secret: ""})  # set but empty counts as missing


def test_secrets_appear_only_as_required_variables() -> None:
    raw = raw_compose()["services"]
    referenced = variables(raw)
    assert {name for name, op in referenced.items() if op == ":?"} == SECRETS
    for service, definition in raw.items():
        for name, value in environment(definition).items():
            if re.search(r"SECRET|PASSWORD|KEYS?$", name) and name != "S3_ACCESS_KEY":
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), f"{service}: {name}"


def test_every_compose_variable_is_in_env_example() -> None:
    lines = (REPO / ".env.example").read_text().splitlines()
    for name in variables(raw_compose()):
        assert any(line.startswith(f"{name}=") for line in lines), name
    for secret in SECRETS:  # shipped empty, so a forgotten one stops compose
        assert f"{secret}=" in lines, secret


def test_only_the_dashboard_is_published_and_the_rest_is_internal(services: dict) -> None:
    networks = compose(ENV)["networks"]
    assert networks["internal"]["internal"] is True
    for service, definition in services.items():
        published = definition.get("ports") or []
        if service == "web":
            assert published == ["8080:8080"]
            assert set(definition["networks"]) == {"internal", "edge"}
        else:
            assert not published, service
            assert definition["networks"] == ["internal"], service
    assert compose({**ENV, "WEB_PORT": "443"})["services"]["web"]["ports"] == ["443:8080"]


@pytest.mark.parametrize("service", sorted(SETTINGS_PREFIXES))
def test_compose_gives_the_services_settings_they_read_with_valid_values(
    services: dict, service: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = environment(services[service])
    prefixes = SETTINGS_PREFIXES[service]
    for name in env:
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        assert prefix, f"{service}: {name} is no setting of this service"
        field = name.removeprefix(prefix).lower()
        assert field in prefixes[prefix].model_fields, f"{service}: {name} is no setting"
    # the values are accepted by the settings classes (as the container would read them)
    for name in list(os.environ):
        if name.startswith(("API_", "PIPELINE_", "S3_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = prefixes[next(p for p in prefixes if p != "S3_")](_env_file=None)
    assert settings.s3 is not None and settings.s3.endpoint == "minio:9000"


def test_the_api_uses_auth_redis_and_the_lake_read_only_user(services: dict) -> None:
    api, init = environment(services["api"]), environment(services["minio-init"])
    assert api["API_KEYS"] == ENV["DASHBOARD_API_KEY"]
    assert api["API_REDIS_URL"].startswith("redis://redis:6379/")
    assert api["API_HOST"] == "0.0.0.0"
    assert api["API_WEB_DIR"] == "off"  # the dashboard comes from the web service
    assert api["S3_ACCESS_KEY"] == init["API_USER"]
    assert api["S3_SECRET_KEY"] == init["API_SECRET"]
    pipeline = environment(services["pipeline"])
    assert pipeline["S3_ACCESS_KEY"] == init["PIPELINE_USER"]
    assert pipeline["S3_SECRET_KEY"] == init["PIPELINE_SECRET"]
    assert services["pipeline"]["command"] == ["python", "-m", "pipeline", "schedule"]


def _bucket(uri: str) -> str:
    assert uri.startswith("s3://"), uri
    return uri.removeprefix("s3://").split("/")[0]


def _policy(name: str) -> list[dict]:
    return json.loads((REPO / "deploy/minio/policies" / name).read_text())["Statement"]


def _resources(statements: list[dict], action: str) -> set[str]:
    return {r for s in statements if action in s["Action"] for r in s["Resource"]}


def test_buckets_users_and_policies_match_the_services(services: dict) -> None:
    init = environment(services["minio-init"])
    buckets = set(init["BUCKETS"].split())
    api, pipeline = environment(services["api"]), environment(services["pipeline"])
    lake = _bucket(api["API_LAKE_URI"])
    assert lake == _bucket(pipeline["PIPELINE_LAKE_URI"])
    landing, exports = (
        _bucket(pipeline["PIPELINE_LANDING_URI"]),
        _bucket(pipeline["PIPELINE_EXPORTS_URI"]),
    )
    assert {lake, landing, exports} == buckets

    # the API reads the lake and nothing else; it can write nowhere
    api_policy = _policy("api-readonly.json")
    actions = {a for s in api_policy for a in s["Action"]}
    assert actions == {"s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject"}
    assert {r for s in api_policy for r in s["Resource"]} == {
        f"arn:aws:s3:::{lake}",
        f"arn:aws:s3:::{lake}/*",
    }
    # the pipeline reads landing and writes the lake and the exchange zone
    rw = _policy("pipeline-readwrite.json")
    assert _resources(rw, "s3:GetObject") == {f"arn:aws:s3:::{b}/*" for b in buckets}
    assert _resources(rw, "s3:PutObject") == {
        f"arn:aws:s3:::{lake}/*",
        f"arn:aws:s3:::{exports}/*",
    }
    assert _resources(rw, "s3:DeleteObject") == _resources(rw, "s3:PutObject")
    assert _resources(rw, "s3:ListBucket") == {f"arn:aws:s3:::{b}" for b in buckets}
    # ml_env writes its results into the exchange zone only
    ml = _policy("ml-exports.json")
    assert _resources(ml, "s3:PutObject") == {f"arn:aws:s3:::{exports}/ml_results/*"}


def test_minio_init_script_and_its_mounts_exist() -> None:
    raw = raw_compose()["services"]["minio-init"]
    mounts = {}
    for volume in raw["volumes"]:
        source, target, mode = volume.split(":")
        assert (REPO / source).exists(), source
        assert mode == "ro"
        mounts[target] = source
    assert raw["entrypoint"] == ["/bin/sh", "/deploy/minio-init.sh"]
    assert mounts == {
        "/deploy/minio-init.sh": "./deploy/minio-init.sh",
        "/deploy/policies": "./deploy/minio/policies",
    }
    script = REPO / "deploy/minio-init.sh"
    assert "POLICIES=/deploy/policies" in script.read_text()
    subprocess.run(["sh", "-n", str(script)], check=True)  # parses as POSIX sh
    text = script.read_text()
    for policy in ("api-readonly.json", "pipeline-readwrite.json", "ml-exports.json"):
        assert policy in text and (REPO / "deploy/minio/policies" / policy).is_file()


@pytest.mark.parametrize("service", sorted(BUILT))
def test_images_run_as_a_non_root_user(service: str) -> None:
    final = stages(service)[-1]
    user = final.last("USER")
    assert user and user.arguments.split(":")[0] not in ("root", "0"), service
    assert len(stages(service)) >= 2, f"{service}: build in a separate stage"


@pytest.mark.parametrize("service", ["api", "pipeline"])
def test_python_images_install_pinned_wheels_and_no_compiler(service: str) -> None:
    build, final = stages(service)[0], stages(service)[-1]
    assert build.base == final.base and "slim" in final.base
    install = " ".join(r.arguments for r in build.all("RUN"))
    assert "-c constraints.txt" in install and "--only-binary=:all:" in install
    everything = " ".join(i.arguments for s in stages(service) for i in s.instructions)
    assert not re.search(r"apt-get|gcc|build-essential|\bmake\b", everything)


def test_the_api_image_serves_and_checks_health_as_compose_expects(services: dict) -> None:
    final = stages("api")[-1]
    assert final.last("CMD").exec_form() == ["python", "-m", "backend"]
    env = final.last("ENV").arguments
    assert "API_HOST=0.0.0.0" in env and "API_PORT=8000" in env
    assert "8000" in final.last("EXPOSE").arguments
    assert "/health" in final.last("HEALTHCHECK").arguments
    assert "--start-period" in final.last("HEALTHCHECK").arguments
    assert environment(services["api"])["API_PORT"] == "8000"


def test_the_web_proxy_sends_the_key_the_api_accepts(services: dict) -> None:
    """The browser never holds the key: nginx adds `Authorization: Bearer <key>` (require_key)."""
    template = (REPO / "deploy/web/default.conf.template").read_text()
    web, api = environment(services["web"]), environment(services["api"])
    header = re.search(r'proxy_set_header Authorization "Bearer \$\{(\w+)\}";', template)
    assert header and header.group(1) in web
    assert web[header.group(1)] == api["API_KEYS"]
    assert "proxy_pass $api_upstream" in template
    assert f"http://api:{api['API_PORT']};" in template
    assert "location /api/" in template
    assert "default-src 'self'" in template  # the browser loads nothing from elsewhere
    final = stages("web")[-1]
    assert "/etc/nginx/templates/default.conf.template" in final.last("COPY").arguments or any(
        "templates" in c.arguments for c in final.all("COPY")
    )


def test_build_contexts_copy_existing_files_the_dockerignore_lets_through() -> None:
    ignore = DockerIgnore(REPO / ".dockerignore")
    for dockerfile in BUILT.values():
        for stage in dockerfile_stages(REPO / dockerfile):
            for source in copy_sources(stage):
                path = REPO / source
                if source.startswith("frontend/"):
                    # the dashboard's build (frontend issue): its files must at least pass
                    assert not ignore.excluded(source), source
                    continue
                assert path.exists(), f"{dockerfile}: COPY {source}: no such file"
                files = [path] if path.is_file() else [p for p in path.rglob("*.py")]
                assert files and not [f for f in files if ignore.excluded(str(f.relative_to(REPO)))]
    for never in (".env", "ml_env/models.py", ".venv/bin/python", "lake/gold/_CURRENT",
                  "landing/items/a.csv", "exports/ml_results/x/manifest.json", "tests/conftest.py",
                  "frontend/node_modules/react/index.js", "backend/__pycache__/app.cpython-311.pyc"):  # fmt: skip
        assert ignore.excluded(never), never


def _requirement_files(dockerfile: str) -> list[Path]:
    install = " ".join(r.arguments for r in dockerfile_stages(REPO / dockerfile)[0].all("RUN"))
    return [REPO / name for name in re.findall(r"-r (\S+)", install)]


def _requirements(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += _requirements((path.parent / line[3:].strip()).resolve())
        elif line:
            found.append(Requirement(line))
    return found


def closure(requirements: list[Requirement]) -> set[str]:
    """Distributions installed for `requirements`, from the metadata of this (superset) venv."""
    seen: set[str] = set()
    todo = [(r, frozenset(r.extras)) for r in requirements]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen and not extras:
            continue
        seen.add(name)
        for text in metadata.requires(requirement.name) or []:
            child = Requirement(text)
            wanted = [{"extra": e} for e in extras] or [{"extra": ""}]
            if child.marker is None or any(child.marker.evaluate(w) for w in wanted):
                todo.append((child, frozenset(child.extras)))
    return seen


@pytest.mark.parametrize(
    ("service", "part", "forbidden"),
    [
        ("api", "backend", API_FORBIDDEN | ML_DISTRIBUTIONS),
        ("pipeline", "pipeline", ML_DISTRIBUTIONS),
    ],
)
def test_image_dependency_closures_are_ml_free_and_pinned(
    service: str, part: str, forbidden: set
) -> None:
    """The closure as pip resolves it from the pinned lists (sizes: test_lean_closure.py)."""
    files = _requirement_files(BUILT[service])
    assert files == [REPO / part / "requirements.txt"]
    distributions = closure(_requirements(files[0]))
    assert {"minio", "duckdb", "pydantic-settings"} <= distributions
    assert not distributions & {canonicalize_name(f) for f in forbidden}
    pinned = {
        canonicalize_name(line.split("==")[0])
        for line in (REPO / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    assert distributions <= pinned, distributions - pinned
