"""Whether a Prefect server is configured, found out without importing Prefect (about a second)
when no place Prefect reads its settings from can name one; otherwise Prefect's own settings
decide. A one-off `--pdf-dir` run asks this to skip Prefect altogether (see `citewatch run`)."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path


def prefect_configured() -> bool:
    """A Prefect server is configured: PREFECT_API_URL from the environment, a .env, prefect.toml
    or pyproject.toml here, or a Prefect profile. Answered without importing Prefect (about a
    second) when none of those places can name one; otherwise Prefect's own settings decide."""
    env = {key.upper(): value for key, value in os.environ.items()}    # Prefect ignores the case
    if env.get("PREFECT_API_URL"):
        return True
    if "PREFECT_PROFILE" in env or any(_may_name_a_server(path, kind) for path, kind in _prefect_setting_files(env)):
        from prefect.settings import PREFECT_API_URL

        return bool(PREFECT_API_URL.value())
    return False


def _prefect_setting_files(env: dict[str, str]) -> list[tuple[Path, str]]:
    """The files Prefect 3 reads settings from (the working folder's, and the profiles file)."""
    home = Path(env.get("PREFECT_HOME") or "~/.prefect").expanduser()
    profiles = Path(env.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    return [(Path(".env"), "env"), (Path("prefect.toml"), "toml"), (Path("pyproject.toml"), "pyproject"),
            (profiles, "profiles")]


def _may_name_a_server(path: Path, kind: str) -> bool:
    """Whether a settings file could name a Prefect server: a .env with PREFECT_ variables, any
    prefect.toml, a pyproject.toml with a [tool.prefect] table, a profiles file that sets the URL
    or makes a profile other than the default (ephemeral) one active. In doubt, yes."""
    try:
        text = path.read_text(errors="replace")
    except OSError:        # absent or unreadable: Prefect reads nothing there either
        return False
    if kind == "env":
        return "prefect_" in text.lower()
    if kind == "toml":
        return True
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    if kind == "pyproject":
        return "prefect" in data.get("tool", {})
    return data.get("active", "ephemeral") != "ephemeral" or "prefect_api_url" in text.lower()
