"""What a host needs, checked without one: pins, Community Cloud files, Dockerfile, hardened
config, the secrets example, and known vulnerabilities of what is installed."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import fields
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis.settings import KEYS, Settings, env_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
SECRETS_EXAMPLE = ROOT / ".streamlit" / "secrets.toml.example"
# The settings a host can give (secrets.toml or environment): the store, and those of
# analysis/settings.py (editor passcode, upload and fetch limits).
SETTINGS = ("ACTORSCOPE_DB", *KEYS)


def _pins(lines: list[str]) -> dict[str, tuple[frozenset[str], str]]:
    reqs = [Requirement(line) for line in lines]
    return {canonicalize_name(r.name): (frozenset(r.extras), str(r.specifier)) for r in reqs}


def _requirements_txt() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


# --- pins --------------------------------------------------------------------------------------


def test_requirements_txt_installs_exactly_the_pyproject_pins() -> None:
    assert _pins(_requirements_txt()) == _pins(PYPROJECT["project"]["dependencies"])


@pytest.mark.parametrize("group", ["dependencies", "test"])
def test_every_dependency_is_pinned_exactly(group: str) -> None:
    project = PYPROJECT["project"]
    lines = (
        project["dependencies"]
        if group == "dependencies"
        else project["optional-dependencies"][group]
    )
    for name, (_, spec) in _pins(lines).items():
        assert re.fullmatch(r"==\d[\w.]*", spec), f"{name}{spec} is not an exact pin"


def test_postgresql_driver_and_auditor_are_declared() -> None:
    runtime = _pins(PYPROJECT["project"]["dependencies"])
    assert runtime["psycopg"][0] == {"binary"}  # wheels with libpq: nothing to compile on a host
    assert "pip-audit" in _pins(PYPROJECT["project"]["optional-dependencies"]["test"])


# --- Streamlit Community Cloud -----------------------------------------------------------------


def test_community_cloud_finds_entry_dependencies_and_config_at_the_root() -> None:
    assert (ROOT / "streamlit_app.py").is_file()
    assert (ROOT / ".streamlit" / "config.toml").is_file()
    assert (ROOT / "requirements.txt").is_file()
    # Community Cloud uses the first of uv.lock, Pipfile, environment.yml, requirements.txt,
    # pyproject.toml (read as Poetry): none may shadow requirements.txt.
    for shadow in ("uv.lock", "Pipfile", "environment.yml", "environment.yaml"):
        assert not (ROOT / shadow).exists(), f"{shadow} would be used instead of requirements.txt"
    assert "python_requires" not in (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_secrets_example_shows_every_setting_with_its_default() -> None:
    text = SECRETS_EXAMPLE.read_text(encoding="utf-8")
    example = tomllib.loads(text)
    for key in SETTINGS:  # set, or shown commented out where no TOML value means the default
        assert re.search(rf"^(# )?{key} = ", text, re.MULTILINE), key
    assert isinstance(example["ACTORSCOPE_DB"], str)
    assert example["editor_passcode"] == ""  # no usable passcode ships
    defaults = {f.name: f.default for f in fields(Settings)}
    for key, value in example.items():
        if key in defaults and key != "editor_passcode":
            assert value == defaults[key], key
    assert example["max_upload_mb"] <= CONFIG["server"]["maxUploadSize"]


def test_real_secrets_stay_out_of_git_and_the_image() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
    assert ".streamlit/secrets.toml" in _dockerignore()


def test_readme_documents_every_setting_and_the_deploy_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Deploy and share" in readme
    for setting in SETTINGS:
        assert f"`{setting}`" in readme, setting
    assert f"`{env_name('editor_passcode')}`" in readme
    assert "docker build -t actorscope ." in readme
    assert "docker run" in readme
    assert "python -m analysis copy" in readme


# --- hardened config ---------------------------------------------------------------------------


def test_config_is_hardened_for_a_public_host() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "type"  # no traceback to visitors; logged
    assert CONFIG["client"]["toolbarMode"] == "viewer"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["headless"] is True
    assert 0 < server["maxUploadSize"] <= 200
    assert server.get("runOnSave", False) is False


def test_config_options_are_all_known_to_streamlit() -> None:
    from streamlit import config

    known = config.get_config_options()
    for section, options in CONFIG.items():
        for option in options:
            assert f"{section}.{option}" in known, f"unknown option {section}.{option}"


# --- Dockerfile --------------------------------------------------------------------------------


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    logical, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    out = []
    for line in logical:
        instruction, _, args = line.strip().partition(" ")
        out.append((instruction.upper(), args.strip()))
    return out


def _dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _one(instructions: list[tuple[str, str]], name: str) -> str:
    found = [args for instruction, args in instructions if instruction == name]
    assert len(found) == 1, f"{len(found)} {name} instructions"
    return found[0]


def test_dockerfile_key_facts() -> None:
    steps = _dockerfile()
    names = [name for name, _ in steps]
    base = _one(steps, "FROM")
    assert base == "python:3.11-slim"
    minimum = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, base.split(":")[1].split("-")[0].split("."))) >= tuple(
        map(int, minimum.split("."))
    )
    # The pins, then the project without re-resolving them.
    runs = [args for name, args in steps if name == "RUN"]
    assert any("pip install" in r and "-r requirements.txt" in r for r in runs)
    assert any("pip install --no-deps ." in r for r in runs)
    # A non-root user from here on, set before the command.
    user = _one(steps, "USER")
    assert user not in ("root", "0")
    assert names.index("USER") < names.index("CMD")
    assert any("useradd" in r and user in r for r in runs)
    assert _one(steps, "EXPOSE") == "8501"
    # The command: the entry file, the host's $PORT or 8501, every interface; exec'd so that
    # `docker stop` reaches Streamlit.
    cmd = _one(steps, "CMD")
    assert not cmd.startswith("[")  # shell form: ${PORT:-8501} is expanded
    assert shlex.split(cmd) == [
        "exec",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.port=${PORT:-8501}",
        "--server.address=0.0.0.0",
    ]
    assert (ROOT / "streamlit_app.py").is_file()


def _healthcheck_code() -> str:
    health = _one(_dockerfile(), "HEALTHCHECK")
    options, _, command = health.partition(" CMD ")
    assert re.search(r"--interval=\d+s", options)
    assert re.search(r"--timeout=\d+s", options)
    argv = json.loads(command)
    assert argv[:2] == ["python", "-c"]  # no curl in the slim image
    return argv[2]


def test_dockerfile_healthcheck_asks_streamlit_health_with_urllib() -> None:
    code = _healthcheck_code()
    compile(code, "HEALTHCHECK", "exec")
    assert "urllib.request" in code
    assert "/_stcore/health" in code
    assert "PORT" in code


def test_dockerignore_keeps_local_state_out_of_the_image() -> None:
    ignored = _dockerignore()
    for entry in (".git", ".venv", "data/*.db", ".streamlit/secrets.toml", "artifacts"):
        assert entry in ignored, entry
    for needed in ("streamlit_app.py", "analysis", "app_pages", "data", "requirements.txt"):
        assert needed not in ignored


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dockerfile_command_serves_and_its_healthcheck_passes(tmp_path: Path) -> None:
    # The container's CMD and HEALTHCHECK, run here with the venv's streamlit (bound to
    # 127.0.0.1 instead of every interface): the health probe must answer 0 once it is up.
    cmd = _one(_dockerfile(), "CMD").replace(
        "--server.address=0.0.0.0", "--server.address=127.0.0.1"
    )
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ACTORSCOPE_DB": str(tmp_path / "s.db"),
    }
    server = subprocess.Popen(
        ["sh", "-c", cmd],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        code = _healthcheck_code()
        deadline = time.monotonic() + 60
        while True:
            probe = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, timeout=30
            )
            if probe.returncode == 0 or time.monotonic() > deadline:
                break
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            time.sleep(0.5)
        assert probe.returncode == 0, probe.stderr
        # The probe fails when nothing answers (what Docker marks unhealthy).
        env_off = {**env, "PORT": str(_free_port())}
        refused = subprocess.run(
            [sys.executable, "-c", code], env=env_off, capture_output=True, timeout=30
        )
        assert refused.returncode != 0
    finally:
        server.terminate()
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


# --- known vulnerabilities ---------------------------------------------------------------------


AUDIT = ROOT / "scripts" / "audit"
PINS = ROOT / "scripts" / "pins"


def _script(path: Path, *argv: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(path), *argv],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def test_no_known_vulnerabilities_in_the_installed_packages() -> None:
    """scripts/audit over this environment (what the tests ran, so every pin and its
    dependencies). Where pip-audit's vulnerability service answered for no package, the audit
    audited nothing: the test skips with that line, it does not pass."""
    result = _script(AUDIT)
    line = result.stdout.strip()
    if result.returncode == 0 and line.startswith("could not audit"):
        pytest.skip(line)
    assert result.returncode == 0, line or result.stderr
    assert line.startswith("audited "), line
    if "could not audit" in line:
        pytest.skip(line)  # some were audited, not all


def _dependency(name: str, vulns: list | None = None, skip: str | None = None) -> dict:
    if skip is not None:
        return {"name": name, "skip_reason": skip}
    return {"name": name, "version": "1.0", "vulns": vulns or []}


NOT_FOUND = "Dependency not found on PyPI and could not be audited: x (1.0)"
VULN = {"id": "PYSEC-1", "fix_versions": ["1.1"], "aliases": [], "description": ""}


@pytest.mark.parametrize(
    ("dependencies", "code", "line"),
    [
        (
            [_dependency("me", skip="distribution marked as editable"),
             *(_dependency(n, skip=NOT_FOUND) for n in "abc")],
            0, "could not audit: the vulnerability service did not answer (3 of 3 packages "
            "skipped)",
        ),
        ([_dependency("a"), _dependency("b")], 0, "audited 2 packages: no known vulnerabilities"),
        (
            [_dependency("a"), _dependency("b", skip=NOT_FOUND)],
            0, "audited 1 of 2 packages: no known vulnerabilities; could not audit 1: b",
        ),
        (
            [_dependency("a", [VULN]), _dependency("b", skip=NOT_FOUND)],
            1, "1 known vulnerability: a 1.0: PYSEC-1 (fixed in 1.1)",
        ),
    ],
)  # fmt: skip
def test_audit_script_says_what_it_audited(
    tmp_path: Path, dependencies: list[dict], code: int, line: str
) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}), encoding="utf-8")
    result = _script(AUDIT, "--report", str(report))
    assert (result.returncode, result.stdout) == (code, line + "\n")


def test_audit_script_without_a_report_is_exit_2(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("Traceback (most recent call last): ...", encoding="utf-8")
    result = _script(AUDIT, "--report", str(report))
    assert result.returncode == 2
    assert result.stdout.startswith("could not audit: pip-audit gave no report")


def test_pins_script_lists_every_pin() -> None:
    result = _script(PINS, "--offline", timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["group", "package", "pinned", "newest"]
    listed = {canonicalize_name(row.split()[1]): row.split()[2] for row in lines[1:]}
    project = PYPROJECT["project"]
    pinned = _pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pinned |= _pins(extra)
    assert listed == {name: spec.removeprefix("==") for name, (_, spec) in pinned.items()}


def test_pinned_streamlit_has_no_advisory_on_pypi() -> None:
    """A second source for the package that faces visitors: PyPI's project page lists the
    advisories of the latest release, so a pin on the latest release can be checked there."""
    pinned = _pins(PYPROJECT["project"]["dependencies"])["streamlit"][1].removeprefix("==")
    try:
        with urllib.request.urlopen("https://pypi.org/pypi/streamlit/json", timeout=20) as answer:
            project = json.load(answer)
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
        pytest.skip(f"PyPI's JSON API is not reachable: {exc}")
    latest = project["info"]["version"]
    if latest != pinned:
        pytest.skip(f"streamlit {pinned} is pinned, {latest} is the latest: check with pip-audit")
    advisories = [v.get("id") for v in project.get("vulnerabilities", [])]
    assert not advisories, f"streamlit {pinned}: {advisories}"


def test_readme_limits_table_covers_every_limit() -> None:
    """Each limit a host can set has a row saying what it protects and what a visitor sees."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = "| limit | default | protects | what a visitor sees at it |"
    table = readme[readme.index(header) :].split("\n\n", 1)[0].splitlines()[2:]
    rows = {row.split(" | ")[0].removeprefix("| ").split(" ")[0].strip("`"): row for row in table}
    for key in KEYS:
        if key == "editor_passcode":  # the mode, not a limit: its guesses have their own row
            continue
        assert key in rows, key
        cells = [cell.strip() for cell in rows[key].strip("|").split(" | ")]
        assert len(cells) == 4, rows[key]
        assert all(cells), rows[key]
    assert any(row.startswith("| wrong passcodes") for row in table)
