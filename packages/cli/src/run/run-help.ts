export const RUN_HELP = `Usage: prov4ml run [options] -- <command> [args…]

Runs the command and records it as a prov4ml run: command line (secrets redacted), working
directory, git state, start and end, exit status (FINISHED / FAILED / KILLED), stdout and stderr
(teed, bounded), CPU and memory of its process tree and carbon, every --interval. Exits with the
command's status (128 + n for signal n, 127 when the command is not found).

The command may report records on stdout, one per line:
  prov4ml:metric name=loss value=0.31 step=2 context=training
  prov4ml:param name=lr value=0.001        prov4ml:tag name=stage value=dev
  prov4ml:artifact path=model.pt
or as JSON lines on the descriptor named in PROV4ML_EVENTS (3): {"kind":"metric","name":"loss","value":0.31}

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
  --no-follow            stop at the command's exit, not at its last process (daemons)
  --grace <s>            after a forwarded signal, kill the tree after this long (default 10)
  --capture              tee stdout/stderr even when they are terminals (they become pipes)
  --no-carbon            no carbon sampling     --country <ISO3>   grid for carbon intensity
  --mlflow-wait <s>      how long to wait for the MLflow run id (default 60)
`;
