"""Runs its arguments on a new pseudo-terminal (the machine's python3, no packages), copying what
they print to its stdout, and exits with their status: a real terminal for the TTY tests."""
import os, pty, sys
status = pty.spawn(sys.argv[1:])
sys.exit(os.waitstatus_to_exitcode(status))
