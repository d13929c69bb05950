"""Runs INSIDE a grading kernel, before the student's first cell: a Python audit hook.

The grader sends this file's text as the first cell of every submission it runs
(coursebuild/sandbox.py), then a call ``_coursebuild_guard(WORK)``. The hook (PEP 578)
sees every audited operation of the kernel's Python code from then on and refuses,
with a PermissionError naming the grader, those that reach outside the submission's
temporary working folder WORK:

- opening a file for writing, removing, renaming, truncating, chmod/chown of a path
  outside WORK (reads stay allowed: the course's data and nnhelpers must be readable);
- making links (a symbolic or hard link is how a later write inside WORK would land outside);
- starting programs (os.system, subprocess, exec, spawn, fork) and signalling other
  processes (os.kill of another pid: the grader itself);
- opening network connections (socket connect/bind).

What this does NOT do (docs/teaching.md says it plainly): audit hooks are a tripwire,
not a security boundary (PEP 578 says so). C code (numpy, a ctypes call, an extension
module the student loads) does not raise audit events for what it does inside; Python
code can still read any file the grader's user can read. Real isolation is a container
(no network, read-only root, only the work folder writable).

Only the standard library is used, and everything the hook needs is bound when it is
installed, so that rebinding ``os.path.realpath`` later does not change what it checks.
"""


def _coursebuild_guard(work, extra_writable=("/dev/null",)):
    import os
    import sys

    realpath, join, getcwd, getpid, sep = os.path.realpath, os.path.join, os.getcwd, os.getpid, os.sep
    root = realpath(work)
    allowed = tuple(realpath(p) for p in extra_writable)
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    denied = PermissionError

    def inside(path) -> bool:
        if isinstance(path, int):  # an open file descriptor: the file was checked when it was opened
            return True
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        try:
            full = realpath(join(getcwd(), os.fspath(path)))
        except Exception:  # noqa: BLE001 - a path we cannot resolve is refused
            return False
        return full == root or full.startswith(root + sep) or full in allowed

    def refuse(what, path=None):
        where = f" {path!r}" if path is not None else ""
        raise denied(f"refused by the course grader's sandbox: {what}{where} "
                     "(a submission may only change files in its own working folder)")

    path_events = {"os.remove", "os.rmdir", "os.truncate", "os.chmod", "os.chown", "os.utime",
                   "shutil.rmtree", "os.mkdir", "os.chflags", "os.lchflags", "os.setxattr",
                   "os.removexattr"}
    never = {"os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
             "subprocess.Popen", "os.symlink", "os.link", "os.killpg", "pty.spawn",
             "socket.connect", "socket.bind", "socket.sendto", "os.startfile"}

    def hook(event, args):
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & write_flags)
            if writing and path is not None and not inside(path):
                refuse("writing", path)
        elif event in path_events:
            # the last argument of these events is dir_fd: a path relative to a folder we
            # cannot see from here, so it is refused (os.truncate's last one is a length)
            relative_to_fd = event != "os.truncate" and len(args) > 1 and isinstance(args[-1], int) \
                and args[-1] >= 0
            if args and (relative_to_fd or not inside(args[0])):
                refuse(event, args[0])
        elif event == "os.rename":  # (src, dst, src_dir_fd, dst_dir_fd); os.replace too
            fds = [a for a in args[2:] if isinstance(a, int) and a >= 0]
            if fds or not (inside(args[0]) and inside(args[1])):
                refuse("renaming", args[0])
        elif event == "os.kill":
            if args and args[0] != getpid():
                refuse("signalling another process", args[0])
        elif event in never:
            refuse(event)

    sys.addaudithook(hook)
