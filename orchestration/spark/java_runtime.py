"""Spark needs a Java 17+ runtime. Debian's package provides one when it is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from orchestration.system_packages import apt_install

JAVA_PACKAGE = "openjdk-17-jre-headless"
MIN_JAVA = 17


def java_major_version() -> int | None:
    java = shutil.which("java")
    if java is None:
        return None
    done = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)', done.stderr + done.stdout)
    return int(found.group(1)) if found else None


def ensure_java() -> int:
    """The Java major version, after installing Java 17 from Debian's packages if there is none
    recent enough (as root, with apt-get). Raises with what to do when that is not possible."""
    version = java_major_version()
    if version is not None and version >= MIN_JAVA:
        return version
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise RuntimeError(
            f"Spark needs Java {MIN_JAVA} or newer (found: {version or 'none'}); "
            f"install it, for example `apt-get install {JAVA_PACKAGE}`"
        )
    apt_install([JAVA_PACKAGE], lambda: (java_major_version() or 0) >= MIN_JAVA)
    version = java_major_version()
    if version is None or version < MIN_JAVA:
        raise RuntimeError(f"installed {JAVA_PACKAGE}, but `java -version` reports {version}")
    return version
