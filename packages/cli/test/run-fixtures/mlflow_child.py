"""A child that logs to MLflow itself: with MLFLOW_RUN_ID set by prov4ml run, into the same run."""
import mlflow

with mlflow.start_run() as run:
    for step in range(3):
        mlflow.log_metric("child_loss", 1.0 / (step + 1), step=step)
    print(f"child run {run.info.run_id}")
