"""Fixtures for the checks on the project as a whole (the examples themselves are collected by tests/harness/)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The strictly built site: the one `make test` built (HANDBOOK_SITE_DIR), or a fresh build."""
    return built_site(tmp_path_factory, "HANDBOOK_SITE_DIR", "mkdocs.yml")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The offline copy (`make offline`): the one `make test` built (HANDBOOK_OFFLINE_SITE_DIR), or a fresh build."""
    return built_site(tmp_path_factory, "HANDBOOK_OFFLINE_SITE_DIR", "mkdocs.offline.yml")


def built_site(tmp_path_factory, variable: str, config: str) -> Path:
    """The site `make test` built from `config` into $variable, or, outside `make test`, a fresh strict build."""
    if os.environ.get(variable):
        built = ROOT / os.environ[variable]
        if not (built / "index.html").exists():
            pytest.fail(f"no site in {built}: its build failed (`make test` printed why, above this test session)")
        return built
    destination = tmp_path_factory.mktemp(Path(config).stem)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config, "--site-dir", str(destination)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "HANDBOOK_NOTEBOOK_CACHE": "false"},
    )
    return destination
