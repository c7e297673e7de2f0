"""What the fault tests run and break: the API as a process, a client that never stops asking,
a TCP proxy that can cut the S3 endpoint away, a private redis-server, and checks of a lake made
with hashlib and pyarrow alone (never the pipeline's own verification code).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.gold.tables import TABLE_NAMES
from storage import Storage
from tests.factories import free_port, wait_until
from tests.pipeline.run import lakeview

LONG = os.environ.get("FAULTS_LONG", "") not in ("", "0")
SCRUBBED = ("API_", "PIPELINE_", "S3_", "AWS_")


def days_after(first: str, n: int) -> list[str]:
    """The `n` days after `first` (ISO dates)."""
    start = date.fromisoformat(first)
    return [(start + timedelta(days=i)).isoformat() for i in range(1, n + 1)]


def get_json(port: int, path: str, timeout: float = 30.0) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        body = answer.read()
        return answer.status, json.loads(body) if body else {}
    finally:
        connection.close()


def answers(port: int, path: str) -> int | None:
    try:
        return get_json(port, path, timeout=2)[0]
    except (OSError, ValueError):
        return None


# --- the API in its own process -------------------------------------------------------------


@dataclass
class ApiProcess:
    """`python -m backend` on a free loopback port, over `lake_uri`."""

    lake_uri: str
    folder: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def __enter__(self) -> ApiProcess:
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith(SCRUBBED)}
        env.update(
            API_LAKE_URI=self.lake_uri,
            API_PORT=str(self.port),
            API_CACHE_DIR=str(self.folder / "api-cache"),
            API_POLL_SECONDS="0.1",
            API_LOG_LEVEL="WARNING",
            **self.extra_env,
        )
        log = (self.folder / "api.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend"],
            cwd=self.folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        try:
            wait_until(lambda: self._ready(), "the API to serve a snapshot")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the API exited:\n{self.log()[-3000:]}")
        return answers(self.port, "/ready") == 200

    def log(self) -> str:
        return (self.folder / "api.log").read_text(errors="replace")

    def get(self, path: str) -> tuple[int, dict]:
        return get_json(self.port, path)

    def metric(self, name: str, labels: str = "") -> float:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", "/metrics")
            text = connection.getresponse().read().decode()
        finally:
            connection.close()
        prefix = f"{name}{{{labels}}} " if labels else f"{name} "
        return sum(
            float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix)
        )

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Answer:
    path: str
    status: int | None  # None: no HTTP answer at all (connection refused, reset, timeout)
    snapshot_id: str | None
    error: str | None = None


class Poller:
    """Threads that ask the API for `paths`, round robin, until stopped; every answer is kept.

    `limit` and `pause` bound the load: each thread waits `pause` seconds between requests and
    stops after `limit` requests even if not stopped.
    """

    def __init__(
        self,
        port: int,
        paths: list[str],
        threads: int = 1,
        limit: int = 100_000,
        pause: float = 0.0,
    ) -> None:
        self.port = port
        self.paths = paths
        self.limit = limit
        self.pause = pause
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._ask, args=(i,), daemon=True) for i in range(threads)
        ]

    def _ask(self, offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        for n in range(self.limit):
            if self._stop.wait(self.pause if n else 0):
                break
            path = self.paths[(n + offset) % len(self.paths)]
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = json.loads(response.read())
                snapshot_id = body.get("snapshot_id") or body.get("data", {}).get("snapshot_id")
                self.answers.append(Answer(path, response.status, snapshot_id))
            except (OSError, http.client.HTTPException, ValueError) as exc:
                self.answers.append(Answer(path, None, None, f"{type(exc).__name__}: {exc}"))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.close()

    def __enter__(self) -> Poller:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def failures(self) -> list[Answer]:
        return [a for a in list(self.answers) if a.status != 200]

    def count(self) -> int:
        return len(self.answers)


# --- a TCP proxy that can be cut, to take the S3 endpoint away and bring it back ------------


class TcpProxy:
    """Forward 127.0.0.1:<port> to `target`; `cut()` refuses and resets every connection,
    `restore()` listens again on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._connections |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)

    def __enter__(self) -> TcpProxy:
        self.restore()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.cut()


# --- a private redis-server, to stop and start at will ---------------------------------------


class RedisServer:
    """`redis-server` on a free port, no persistence; never the shared one on 6379."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed on PATH (it runs the shared Redis too)"
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self.pings, f"redis-server on port {self.port}", timeout=20)

    def pings(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def keys(self) -> int:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(b"DBSIZE\r\n")
            return int(sock.recv(64).strip().lstrip(b":"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


# --- independent checks of a lake ------------------------------------------------------------


def verify_snapshot(lake: Storage, snapshot_id: str) -> dict:
    """Every gold table is listed in the manifest and its file matches the sha256 and rows."""
    record = lakeview.manifest(lake, snapshot_id)
    assert record["snapshot_id"] == snapshot_id
    assert sorted(record["tables"]) == sorted(TABLE_NAMES), snapshot_id
    for name, entry in record["tables"].items():
        data = lake.get_bytes(f"{lakeview.SNAPSHOTS}{snapshot_id}/{entry['file']}")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{snapshot_id}/{name}"
        assert pq.ParquetFile(pa.BufferReader(data)).metadata.num_rows == entry["rows"], name
    return record


def verify_current(lake: Storage) -> str:
    """`_CURRENT` names a complete snapshot whose every file verifies; returns its id."""
    pointer = lakeview.pointer(lake)
    assert pointer is not None, "no gold/_CURRENT"
    verify_snapshot(lake, pointer["snapshot_id"])
    return pointer["snapshot_id"]


def verify_retained(lake: Storage) -> list[str]:
    """Every snapshot folder that has a manifest (a retained, readable snapshot) verifies."""
    retained = [s for s in lakeview.snapshot_folders(lake) if lakeview.has_manifest(lake, s)]
    for snapshot_id in retained:
        verify_snapshot(lake, snapshot_id)
    return retained


def gold_contents(lake: Storage, snapshot_id: str) -> dict[str, list[tuple]]:
    """Each gold table as its sorted rows: what a planner reads, without snapshot identity.

    The data quality row ``rejected_rows_share`` describes the rows read by the run that built
    the snapshot (a crash can move that reading into an earlier, killed run), so it is left out.
    """
    tables = {}
    for name in TABLE_NAMES:
        rows = lakeview.gold_table(lake, snapshot_id, name).to_pylist()
        if name == "data_quality":
            rows = [r for r in rows if r["check_name"] != "rejected_rows_share"]
        tables[name] = sorted((tuple(sorted(r.items())) for r in rows), key=repr)
    return tables


def read_run(lake: Storage, run_id: str) -> dict:
    return lakeview.read_json(lake, f"runs/{run_id}.json")
