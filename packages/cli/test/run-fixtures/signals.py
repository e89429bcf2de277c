"""Records every SIGINT, SIGTERM and SIGHUP it gets in a log file, then dies by it (or, with
`ignore`, carries on). Writes its pid to the ready file once the handlers are in place."""
import os, signal, sys

ready, log = sys.argv[1], sys.argv[2]
ignore = len(sys.argv) > 3 and sys.argv[3] == "ignore"


def record(signum, _frame):
    with open(log, "a") as out:
        out.write(signal.Signals(signum).name + "\n")
    if not ignore:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


for handled in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(handled, record)
with open(ready + ".tmp", "w") as out:
    out.write(str(os.getpid()))
os.rename(ready + ".tmp", ready)
while True:
    signal.pause()
