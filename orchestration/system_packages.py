"""Debian packages installed on first use (Java for Spark; the test servers and browser), one
installer at a time on the machine.

apt-get refuses to start while another apt-get holds its lock, and two processes that both find a
package missing (parallel test workers, two runs started together) would otherwise race: the
first installs, the second fails. Every installer here takes one machine-wide file lock, then
looks again whether the package is still missing before it installs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence

from orchestration.locking import machine_lock

APT_INSTALL = ("apt-get", "install", "-y", "-q", "--no-install-recommends",
               "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold")  # fmt: skip


def _run(command: Sequence[str], env: dict[str, str]) -> None:
    done = subprocess.run(list(command), capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def apt_install(packages: Sequence[str], is_installed: Callable[[], bool]) -> bool:
    """Install `packages` unless `is_installed()`; True when this call installed them.

    A name with `|` lists alternatives tried in order, for releases that name a package
    differently: `postgresql-15|postgresql`."""
    if is_installed():
        return False
    with machine_lock("apt"):
        if is_installed():  # another process installed them while this one waited
            return False
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        _run(["apt-get", "update", "-q"], env)
        for package in packages:
            choices = package.split("|")
            for number, choice in enumerate(choices, start=1):
                try:
                    _run([*APT_INSTALL, choice], env)
                    break
                except RuntimeError:
                    if number == len(choices):
                        raise
    if not is_installed():
        raise RuntimeError(f"installed {', '.join(packages)}, but they are still not usable")
    return True
