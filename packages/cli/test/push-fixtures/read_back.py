"""Reads an MLflow run back with the Python client, as a user would, and prints it as JSON:
status, times, params, tags, every metric point, the artifacts' and the LoggedModel's bytes
(SHA-256), the dataset inputs and how many runs and models the experiment holds."""
import hashlib, json, os, sys, tempfile

import mlflow
from mlflow import MlflowClient

uri, experiment_name = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
client = MlflowClient(uri)
experiment = client.get_experiment_by_name(experiment_name)
runs = client.search_runs([experiment.experiment_id], run_view_type=3)


def tree_digests(root):
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                out[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
    return out


run = runs[0]
run_id = run.info.run_id
with tempfile.TemporaryDirectory() as tmp:
    artifacts = tree_digests(mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="", dst_path=tmp))
models = []
for model in client.search_logged_models(experiment_ids=[experiment.experiment_id]):
    with tempfile.TemporaryDirectory() as tmp:
        files = tree_digests(mlflow.artifacts.download_artifacts(artifact_uri=model.artifact_location, dst_path=tmp))
    models.append({"name": model.name, "params": model.params, "status": str(model.status), "source_run_id": model.source_run_id, "files": files})
metrics = {}
for key in run.data.metrics:
    history = client.get_metric_history(run_id, key)
    metrics[key] = sorted([point.step, point.timestamp, point.value] for point in history)
print(json.dumps({
    "runs": len(runs),
    "run_id": run_id,
    "status": run.info.status,
    "start_time": run.info.start_time,
    "end_time": run.info.end_time,
    "params": run.data.params,
    "tags": {k: v for k, v in run.data.tags.items()},
    "metrics": metrics,
    "artifacts": artifacts,
    "models": models,
    "inputs": [
        {"name": i.dataset.name, "digest": i.dataset.digest, "tags": {t.key: t.value for t in i.tags}}
        for i in run.inputs.dataset_inputs
    ],
}))
