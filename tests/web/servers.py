"""Real goldenthread servers for the tests: `goldenthread demo` or `goldenthread
serve` in their own process group on a free port of 127.0.0.1, with a data folder
of the test's own, and a small browser (cookies, the CSRF token) to talk to them.

Each pytest-xdist worker takes its ports from a range of its own, so two workers
never both find the same port free and race to bind it."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parents[2]
PORTS_PER_WORKER = 50


def worker_number() -> int:
    """0 for gw0 (and for a run without xdist), 1 for gw1, ..."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


def worker_ports() -> range:
    """This worker's ports: 18100-18149 for gw0, 18150-18199 for gw1, ..."""
    first = 18100 + PORTS_PER_WORKER * worker_number()
    return range(first, first + PORTS_PER_WORKER)


def free_port() -> int:
    ports = worker_ports()
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


def environment(data_dir: Path, **overrides: str) -> dict[str, str]:
    """goldenthread's own settings only: not the suite's (tests.settings)."""
    env = {
        **os.environ,
        "GOLDENTHREAD_DATA_DIR": str(data_dir),
        "GOLDENTHREAD_SECRET_KEY": secrets.token_urlsafe(50),
        "GOLDENTHREAD_SECURE": "false",
        "GOLDENTHREAD_DEBUG": "false",
        "GOLDENTHREAD_DATABASE_URL": "",  # SQLite in the data folder, as the demo's
        **overrides,
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def goldenthread(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "goldenthread", *arguments]


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)

    def processes(self) -> list[int]:
        """Every process still alive in the server's session (it leads its own)."""
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            state, session = fields[0], int(fields[3])
            if session == self.process.pid and state != "Z":
                alive.append(int(stat.parent.name))
        return alive

    def gone_within(self, seconds: float) -> list[int]:
        """The processes of the server's session still alive after `seconds` (or
        as soon as none is)."""
        deadline = time.monotonic() + seconds
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.processes()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def kill_everything(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def start(command: list[str], env: dict[str, str], port: int, timeout: float = 120) -> Server:
    """Start a server and wait until it answers on `port`; its output so far
    (e.g. the demo's passwords) is in `output`."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, to find (and kill) all of it
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    os.set_blocking(process.stdout.fileno(), False)  # type: ignore[union-attr]
    deadline = time.monotonic() + timeout
    while True:
        server.output.extend(process.stdout.readlines())  # type: ignore[union-attr]
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {''.join(server.output)}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        if time.monotonic() > deadline:
            server.kill_everything()
            raise AssertionError(f"the server never answered: {''.join(server.output)}")
        time.sleep(0.1)


def demo_passwords(output: list[str]) -> dict[str, str]:
    return dict(re.findall(r"^  ([a-z0-9.]+) +(\S+) +", "".join(output), re.MULTILINE))


def demo_keys(output: list[str]) -> dict[str, str]:
    """The authenticator-app keys the demo prints for those who need a second factor."""
    found = re.findall(r"^    ([a-z0-9.]+) +([A-Z2-7 ]+)$", "".join(output), re.MULTILINE)
    return {username: key.replace(" ", "") for username, key in found}


_last_step: dict[str, int] = {}  # per key: a code is accepted once, at a later step each time


def current_code(key: str) -> str:
    """The code a phone's app would give for `key`: the earliest time step the server
    still accepts (one step either side of now) that this process has not used."""
    from base64 import b32decode

    from django_otp.oath import hotp

    step = max(int(time.time()) // 30 - 1, _last_step.get(key, -1) + 1)
    while step > int(time.time()) // 30 + 1:  # all three used: wait for the next step
        time.sleep(1)
    _last_step[key] = step
    return f"{hotp(b32decode(key), step):06d}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """Cookies kept, redirects not followed (the test sees each answer)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            return self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            return answer

    def post_form(self, path: str, fields: dict[str, str]):
        """GET the form, then POST it with its CSRF token."""
        page = self.request(path).read().decode()
        (token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[:1]
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})

    def sign_in(self, username: str, password: str, key: str = "") -> None:
        """Sign in; with `key`, pass the second factor too (its app's current code)."""
        answer = self.post_form("/sign-in/", {"username": username, "password": password})
        assert answer.status == 302, answer.read().decode()[:2000]
        if key:
            passed = self.post_form("/second-factor/code/", {"code": current_code(key)})
            assert passed.status == 302, passed.read().decode()[:2000]
