"""A training script with no packages: metrics on stdout and as JSON lines on PROV4ML_EVENTS."""
import glob, json, os, sys, time

# A test that checks the wrapper's samples of this process sets TRAIN_WAIT_FOR to the file the
# first sample writes: the script then runs until it exists (a condition, not a fixed duration).
wait_for = os.environ.get("TRAIN_WAIT_FOR")
deadline = time.monotonic() + 120
while wait_for and not glob.glob(wait_for) and time.monotonic() < deadline:
    time.sleep(0.02)

events = os.fdopen(int(os.environ["PROV4ML_EVENTS"]), "w") if "PROV4ML_EVENTS" in os.environ else None
print("prov4ml:param name=learning_rate value=0.01", flush=True)
for step in range(3):
    print(f"prov4ml:metric name=loss value={1 / (step + 1)} step={step} context=training", flush=True)
    if events:
        events.write(json.dumps({"kind": "metric", "name": "accuracy", "value": 0.5 + step / 10, "step": step}) + "\n")
        events.flush()
print("prov4ml:metric name=loss value=not-a-number")
print("prov4ml:tag name=stage value=\"unit test\"")
print("epoch done, api_token=s3cr3tvalue", file=sys.stderr)
with open(sys.argv[1], "w") as out:
    out.write("weights\n")
sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
