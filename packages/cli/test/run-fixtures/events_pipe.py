"""Records as JSON lines on the named pipe in PROV4ML_EVENTS (`prov4ml run --events-pipe`): from
this script, and from a subprocess that inherits no descriptors (Python's default close_fds)."""
import json, os, subprocess, sys

path = os.environ["PROV4ML_EVENTS"]
with open(path, "w") as events:
    for step in range(3):
        events.write(json.dumps({"kind": "metric", "name": "loss", "value": 1 / (step + 1), "step": step}) + "\n")
child = "import json, os\nwith open(os.environ['PROV4ML_EVENTS'], 'w') as e: e.write(json.dumps({'kind': 'param', 'name': 'from_subprocess', 'value': 'yes'}) + '\\n')"
subprocess.run([sys.executable, "-c", child], check=True)
print(path)
