export const RUN_HELP = `Usage: prov4ml run [options] -- <command> [args…]

Runs the command and records it as a prov4ml run: command line (secrets redacted), working
directory, git state, start and end, exit status (FINISHED / FAILED / KILLED), stdout and stderr
(teed, bounded), CPU and memory of its process tree and carbon, every --interval. Exits with the
command's status (128 + n for signal n, 127 when the command is not found).

The command may report records on stdout, one per line:
  prov4ml:metric name=loss value=0.31 step=2 context=training
  prov4ml:param name=lr value=0.001        prov4ml:tag name=stage value=dev
  prov4ml:artifact path=model.pt
or as JSON lines on PROV4ML_EVENTS: {"kind":"metric","name":"loss","value":0.31} — descriptor 3 by
default; with --events-pipe the path of a named pipe (for subprocesses and containers that
inherit no descriptors). A number there is a descriptor, anything else a path to open for writing.

A stream that is a terminal stays one: the command inherits it (isatty() is true, colours and
progress bars work) and it is not teed (tag stdout_log / stderr_log says so); --capture tees it
anyway through a pipe. A stream that is a regular file (\`> out.log\`) is handed over too: the
command writes it directly, and the log is read back from it (stdout followed for records).
If the wrapper is killed outright (SIGKILL), a small watchdog sends the
command SIGHUP, and the run stays readable as "not closed".

Options:
  --dir <dir>            provenance directory (default ./prov)
  --experiment <name>    experiment name (default the command's base name)
  --description <text>   run description       --tag <key=value>   run tag (repeatable)
  --run-number <n>       force the run number
  --interval <s>         sampling period in seconds (default 1)
  --log-limit <size>     bytes kept of each of stdout/stderr, head and tail (default 4M)
  --input <path>         file or directory read by the command (repeatable; hashed, used)
  --output <path>        file or directory written (repeatable; hashed before/after, generated)
  --watch <dir>          record files created or changed under <dir> as generated (repeatable)
  --quiet-protocol       leave valid prov4ml: lines out of the passed-through stdout
  --events-pipe          PROV4ML_EVENTS is a named pipe's path instead of descriptor 3
  --no-follow            stop at the command's exit, not at its last process (daemons)
  --grace <s>            after a forwarded signal, SIGKILL the tree after this long (default 10)
  --capture              tee stdout/stderr even when they are terminals (they become pipes)
  --no-carbon            no carbon sampling     --country <ISO3>   grid for carbon intensity
  --mlflow-wait <s>      how long to wait for the MLflow run id (default 60)
`;
