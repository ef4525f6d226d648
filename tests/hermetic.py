"""Run a command as on another machine: system fonts hidden, other time zone, locale, HOME, umask.

The fonts are hidden with a private mount namespace (`unshare --mount`, with `--map-root-user`
when not root) in which an empty tmpfs covers every system font folder; fontconfig users also get
an empty configuration through FONTCONFIG_FILE and a fresh HOME. `hidden_fonts_unavailable()`
says why this cannot run here (no unshare, or namespaces not permitted).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/usr/X11R6/lib/X11/fonts")
EMPTY_FONTCONFIG = ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    "<fontconfig></fontconfig>\n")
# Hide each existing font folder, then run the command with the requested umask.
_SCRIPT = ('set -e; for d in {dirs}; do if [ -d "$d" ]; then mount -t tmpfs -o ro tmpfs "$d"; fi; done; '
           'umask "$HP_UMASK"; exec "$@"')


def unshare_prefix() -> list[str]:
    flags = ["--mount"] if os.geteuid() == 0 else ["--mount", "--map-root-user"]
    return ["unshare", *flags, "sh", "-c", _SCRIPT.format(dirs=" ".join(SYSTEM_FONT_DIRS)), "sh"]


def hidden_fonts_unavailable() -> str | None:
    """None when commands can run with the system fonts hidden here; otherwise the reason."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run([*unshare_prefix(), "ls", "-A", SYSTEM_FONT_DIRS[0]], capture_output=True,
                           text=True, env={**os.environ, "HP_UMASK": "022"}, timeout=60)
    if probe.returncode != 0:
        return f"cannot hide the system fonts with a mount namespace: {probe.stderr.strip()}"
    if probe.stdout.strip():
        return f"{SYSTEM_FONT_DIRS[0]} is still visible inside the mount namespace"
    return None


def other_machine_env(base: dict[str, str], home: Path) -> dict[str, str]:
    """`base` as another machine would have it: other TZ, locale, HOME, umask, no fontconfig."""
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "empty-fonts.conf"
    conf.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
    env = {k: v for k, v in base.items() if not k.startswith(("LC_", "XDG_"))}
    env.update({"TZ": "Pacific/Kiritimati", "LANG": "C", "LC_ALL": "C", "HOME": str(home),
                "FONTCONFIG_FILE": str(conf), "HP_UMASK": "077"})
    return env


def run_elsewhere(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run `cmd` with the system fonts hidden and the umask of env["HP_UMASK"]."""
    return subprocess.run([*unshare_prefix(), *cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
