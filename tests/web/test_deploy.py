"""The production settings pass Django's deployment checks; the demo's do not
need to (plain http on 127.0.0.1) and say so by turning GOLDENTHREAD_SECURE off."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time

import pytest
from tests.web.servers import Browser, demo_passwords, environment, free_port, goldenthread, start


def check_deploy(tmp_path, **overrides):
    env = {
        **os.environ,
        "GOLDENTHREAD_DATA_DIR": str(tmp_path),
        "GOLDENTHREAD_SECRET_KEY": secrets.token_urlsafe(50),
        "GOLDENTHREAD_SECURE": "true",
        "GOLDENTHREAD_DEBUG": "false",
        **overrides,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own thread
    command = [sys.executable, "-m", "goldenthread", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_production_settings_pass_check_deploy(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_insecure_settings_fail_check_deploy(tmp_path):
    result = check_deploy(tmp_path, GOLDENTHREAD_SECURE="false")
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_a_missing_secret_key_is_refused_with_its_name(tmp_path):
    result = check_deploy(tmp_path, GOLDENTHREAD_SECRET_KEY="")
    assert result.returncode == 2
    assert result.stderr.startswith("goldenthread: set GOLDENTHREAD_SECRET_KEY")
    assert "Traceback" not in result.stderr


def test_a_proxy_is_believed_only_when_declared(tmp_path):
    """SECURE_PROXY_SSL_HEADER is set only with GOLDENTHREAD_BEHIND_PROXY, and check
    --deploy stays clean either way."""
    for declared, expected in (("false", "None"), ("true", "('HTTP_X_FORWARDED_PROTO', 'https')")):
        env = {"GOLDENTHREAD_BEHIND_PROXY": declared}
        result = check_deploy(tmp_path, **env)
        assert result.returncode == 0, result.stderr
        shown = run(tmp_path, "shell", "--no-imports", "-c", SHOW_PROXY_HEADER, **env)
        assert shown.stdout.strip() == expected, shown.stderr


def test_the_development_key_is_refused_outside_debug(tmp_path):
    from goldenthread.config.environment import DEBUG_SECRET_KEY

    result = check_deploy(tmp_path, GOLDENTHREAD_SECRET_KEY=DEBUG_SECRET_KEY)
    assert result.returncode == 2
    assert "GOLDENTHREAD_SECRET_KEY is the development key" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_names_the_development_key_when_it_is_used(tmp_path):
    result = check_deploy(tmp_path, GOLDENTHREAD_SECRET_KEY="", GOLDENTHREAD_DEBUG="true")
    assert result.returncode != 0
    assert "(goldenthread.E001) SECRET_KEY is goldenthread's published development key" in (
        result.stderr
    )


def test_serve_refuses_to_start_without_a_key_even_beside_the_demos(tmp_path):
    (tmp_path / "demo-secret-key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
    port = free_port()
    result = run(
        tmp_path, "serve", "--bind", f"127.0.0.1:{port}", GOLDENTHREAD_SECRET_KEY="", timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith("goldenthread: set GOLDENTHREAD_SECRET_KEY")
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens


def test_serve_refuses_a_number_of_workers_that_is_not_one(tmp_path):
    result = run(tmp_path, "serve", "--workers", "0", timeout=60)
    assert result.returncode != 0
    assert "is not a whole number of 1 or more" in result.stderr


@pytest.mark.parametrize("declared", [True, False])
def test_serve_believes_x_forwarded_proto_only_from_a_declared_proxy(tmp_path, declared):
    """Behind HTTPS (GOLDENTHREAD_SECURE=true) plain http is redirected to https; the
    proxy's `X-Forwarded-Proto: https` says a request came over https, but only
    when the proxy is declared (GOLDENTHREAD_BEHIND_PROXY)."""
    port = free_port()
    env = environment(
        tmp_path,
        GOLDENTHREAD_SECURE="true",
        GOLDENTHREAD_BEHIND_PROXY=str(declared).lower(),
    )
    server = start(
        goldenthread("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"), env, port
    )
    try:
        browser = Browser(server.url)
        assert browser.request("/sign-in/").status == 301  # to https
        proxied = browser.request("/sign-in/", headers={"X-Forwarded-Proto": "https"})
        assert proxied.status == (200 if declared else 301)
        assert proxied.headers["Server"] == "gunicorn"
        assert server.stop() == 0
        assert not server.gone_within(30), "processes left behind"
    finally:
        server.kill_everything()  # anything left if the test failed on the way


def test_the_demo_serves_through_gunicorn_and_stops_whole(tmp_path):
    """The README's command serves as a real installation does: gunicorn, static files
    by WhiteNoise with a cache header, the pack builder beside it; SIGTERM stops all."""
    port = free_port()
    command = goldenthread("demo", "--address", f"127.0.0.1:{port}")
    server = start(command, environment(tmp_path, GOLDENTHREAD_SECRET_KEY=""), port)
    try:
        browser = Browser(server.url)
        page = browser.request("/sign-in/")
        assert page.status == 200 and page.headers["Server"] == "gunicorn"
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.read().decode())
        assert stylesheet, "the sign-in page links no stylesheet"
        css = browser.request(stylesheet[1])
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert re.search(r"max-age=\d+", css.headers["Cache-Control"]), css.headers
        browser.sign_in("officer.lbh", demo_passwords(server.output)["officer.lbh"])
        assert browser.request("/").status == 200
        # the demo, its server's master and 2 workers, and the pack builder
        deadline = time.monotonic() + 30
        while len(server.processes()) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(server.processes()) == 5, server.processes()
        assert server.stop() == 0  # SIGTERM to the demo alone, as `kill PID`
        assert not server.gone_within(30), "processes left behind"
    finally:
        server.kill_everything()  # anything left if the test failed on the way


SHOW_PROXY_HEADER = (
    "from django.conf import settings; print(getattr(settings, 'SECURE_PROXY_SSL_HEADER'))"
)


def run(tmp_path, *arguments, timeout=120, **overrides):
    env = environment(tmp_path, **overrides)
    return subprocess.run(
        goldenthread(*arguments),
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
