"""Town counters mostly run Windows: the application's code calls nothing POSIX-only outside a
guarded branch, and every file of the project has a name Windows accepts."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ems_desktop"

# Calls and modules that do not exist, or do nothing useful, on Windows.
POSIX_ONLY_CALLS = {
    "os.fork", "os.forkpty", "os.setsid", "os.setpgid", "os.getuid", "os.geteuid", "os.getgid", "os.getegid",
    "os.killpg", "os.fchmod", "os.fchown", "os.chown", "os.execv", "os.execvp", "os.mkfifo", "os.getpgid",
    "os.sysconf", "os.statvfs", "os.nice", "signal.pause", "signal.alarm", "signal.setitimer",
}
POSIX_ONLY_NAMES = {"signal.SIGKILL", "signal.SIGHUP", "signal.SIGUSR1", "signal.SIGUSR2", "signal.SIGALRM",
                    "signal.SIGCHLD", "signal.SIGPIPE", "signal.SIGQUIT"}
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix", "crypt"}
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    return ""


def guarded(ancestors: list[ast.AST]) -> bool:
    """Inside ``if os.name == "posix"`` (or a ``sys.platform`` / ``hasattr`` test), or a ``try``
    whose handlers catch what Windows raises (AttributeError, ImportError, OSError)."""
    for node in ancestors:
        if isinstance(node, ast.If) and re.search(r"os\.name|sys\.platform|hasattr\(", ast.unparse(node.test)):
            return True
        if isinstance(node, ast.Try):
            caught = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
            if re.search(r"AttributeError|ImportError|ModuleNotFoundError|OSError|NotImplementedError", caught):
                return True
    return False


def unguarded_posix_uses(source: str) -> list[tuple[int, str]]:
    found = []

    def visit(node: ast.AST, ancestors: list[ast.AST]) -> None:
        what = ""
        if isinstance(node, ast.Call) and dotted(node.func) in POSIX_ONLY_CALLS:
            what = dotted(node.func)
        elif isinstance(node, ast.Attribute) and dotted(node) in POSIX_ONLY_NAMES:
            what = dotted(node)
        elif isinstance(node, ast.Import):
            what = next((a.name for a in node.names if a.name.split(".")[0] in POSIX_ONLY_MODULES), "")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_ONLY_MODULES:
            what = node.module or ""  # never empty here: the module's first part is one of POSIX_ONLY_MODULES
        elif isinstance(node, ast.keyword) and node.arg == "shell" and getattr(node.value, "value", False) is True:
            what = "subprocess(shell=True)"
        if what and not guarded(ancestors):
            found.append((getattr(node, "lineno", 0), what))
        for child in ast.iter_child_nodes(node):
            visit(child, ancestors + [node])

    visit(ast.parse(source), [])
    return found


def test_no_posix_only_call_outside_a_guarded_branch():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, what in unguarded_posix_uses(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert problems == []


def test_the_scan_finds_what_it_looks_for():
    source = '''
import os, signal
import fcntl
os.setsid()
os.kill(1, signal.SIGKILL)
if os.name == "posix":
    os.execv("/bin/true", ["true"])
try:
    os.fchmod(3, 0o600)
except AttributeError:
    pass
subprocess.run("ls", shell=True)
'''
    assert unguarded_posix_uses(source) == [(3, "fcntl"), (4, "os.setsid"), (5, "signal.SIGKILL"),
                                            (12, "subprocess(shell=True)")]


def test_every_file_name_is_valid_on_windows() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    bad = []
    for name in filter(None, files):
        for part in name.split("/"):
            if re.search(r'[<>:"\\|?*]', part) or part.endswith((".", " ")) or WINDOWS_RESERVED.match(part):
                bad.append(name)
    lowered: dict[str, str] = {}
    for name in filter(None, files):  # two names differing only by case collide on Windows
        other = lowered.setdefault(name.lower(), name)
        if other != name:
            bad.append(f"{other} ~ {name}")
    assert bad == []
