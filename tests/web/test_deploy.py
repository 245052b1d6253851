"""The production settings pass Django's deployment checks; the demo's do not
need to (plain http on 127.0.0.1) and say so by turning GOLDENTHREAD_SECURE off."""

import os
import secrets
import subprocess
import sys


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
