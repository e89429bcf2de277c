# A shell whose child does the work: python3 signals.py (ready, log, mode) in the background, and
# the shell waits for it. SIGHUP to the shell alone would leave the python3 process orphaned.
python3 "$(dirname "$0")/signals.py" "$@" &
wait
