/** MLflow REST shapes (protobuf JSON), as sent and received. */

/** A metric point as MLflow's JSON carries it: non-finite values are the strings protobuf JSON uses. */
export interface WireMetric {
  key: string;
  value: number | "NaN" | "Infinity" | "-Infinity";
  timestamp: number;
  step: number;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface WireDataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface WireDatasetInput {
  tags?: KeyValue[];
  dataset: WireDataset;
}

export type MlflowRunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: KeyValue[];
}

export interface MlflowRunInfo {
  run_id: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: MlflowRunStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface MlflowRunData {
  metrics?: WireMetric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: MlflowRunData;
  inputs?: { dataset_inputs?: WireDatasetInput[] };
}

export interface MlflowFileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** A point as protobuf JSON encodes it. */
export function toWireMetric(key: string, value: number, timestamp: number, step: number): WireMetric {
  let wireValue: WireMetric["value"] = value;
  if (Number.isNaN(value)) wireValue = "NaN";
  else if (value === Number.POSITIVE_INFINITY) wireValue = "Infinity";
  else if (value === Number.NEGATIVE_INFINITY) wireValue = "-Infinity";
  // Integers on the wire: a retried point must be byte-identical to dedupe server-side.
  return { key, value: wireValue, timestamp: Math.floor(timestamp), step: Math.trunc(step) };
}

export function fromWireValue(value: WireMetric["value"] | string): number {
  if (typeof value === "number") return value;
  return Number(value);
}
