/** Reads back what a run left on the real MLflow server, through its REST API. */

/** The suite's MLflow server (see mlflow-global-setup.mjs); throws when there is none. */
export declare function mlflowUri(): string;

/** A LoggedModel as logged-models/search returns it (the fields the tests read). */
export interface LoggedModelView {
  model_id: string;
  name: string;
  source_run_id?: string;
  status?: string;
}

export interface MlflowRunView {
  runId: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metricKeys: string[];
  /** Names of the datasets logged as the run's inputs. */
  datasetNames: string[];
  /** The datasets' profiles (prov4ml's stats, as JSON), by dataset name. */
  datasetProfiles: Record<string, Record<string, unknown>>;
  history(key: string): Promise<{ step: number; value: number }[]>;
  artifacts(path?: string): Promise<string[]>;
  /** Every file among the run's artifacts, directories walked. */
  allArtifacts(): Promise<string[]>;
  downloadArtifact(path: string): Promise<Buffer>;
  /** The experiment's MLflow 3 LoggedModels (id, name, source run, status). */
  loggedModels(): Promise<LoggedModelView[]>;
  /** Every file among a LoggedModel's artifacts, directories walked. */
  loggedModelArtifacts(modelId: string): Promise<string[]>;
  downloadLoggedModelArtifact(modelId: string, path: string): Promise<Buffer>;
}

/** The one run of an experiment, by experiment name (throws unless there is exactly one). */
export declare function onlyRun(experimentName: string): Promise<MlflowRunView>;
