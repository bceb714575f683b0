"""The Java virtual machine MPXJ runs in: started once per process, on first use."""

from __future__ import annotations

import shutil

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError

__all__ = ["mpxj_available", "start_jvm"]


def mpxj_available() -> bool:
    """Whether the `mpxj` extra (MPXJ and JPype) is installed and a Java runtime is found."""
    try:
        import jpype  # noqa: F401
        import mpxj  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def start_jvm(file: str | None = None) -> None:
    """Start the JVM with MPXJ on its class path (once); a located `mpxj_missing` otherwise."""
    if not mpxj_available():
        message = (
            "reading this file needs MPXJ: install the extra (pip install 'steerco[mpxj]') "
            "and a Java runtime, 17 or later"
        )
        raise ProjectError([Diagnostic(Code.mpxj_missing, message, (), file)])
    import jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

    if not jpype.isJVMStarted():
        jpype.startJVM()
