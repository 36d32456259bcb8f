#!/usr/bin/env python3
"""Drives `sq` through a pseudo-terminal (the libedit path): sends each line of
the session text, waits for the prompt between lines, and fails if sq does not
exit cleanly. Used by scripts/sanitizers.sh for the LeakSanitizer REPL run.
Usage: pty_session.py SQ_BINARY SESSION_TEXT"""
import os, pty, select, sys, time

def read_until(fd, marker, timeout=60.0):
    buffer = b""
    deadline = time.time() + timeout
    while marker not in buffer:
        if time.time() > deadline:
            raise TimeoutError(f"no {marker!r} after {timeout} s; got {buffer[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buffer += chunk
    return buffer

def main():
    binary, session = sys.argv[1], sys.argv[2]
    env = dict(os.environ, HOME=os.environ.get("TMPDIR", "/tmp"), ASAN_OPTIONS="detect_leaks=1")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], env)
    transcript = read_until(fd, b"sq> ")
    for line in session.splitlines():
        os.write(fd, line.encode() + b"\r")
        if line.strip() == ".quit":
            break
        transcript += read_until(fd, b"sq> ")
    deadline = time.time() + 60
    while True:
        try:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            transcript += chunk
        except OSError:
            break
        if time.time() > deadline:
            break
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(transcript.decode(errors="replace"))
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"\nsq exited with {code}", file=sys.stderr)
    sys.exit(code)

if __name__ == "__main__":
    main()
