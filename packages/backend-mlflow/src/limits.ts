/** MLflow's server-side limits (mlflow/utils/validation.py, checked against MLflow 3.17.2). */
export const MLFLOW_LIMITS = {
  metricsPerBatch: 1000,
  paramsPerBatch: 100,
  tagsPerBatch: 100,
  entitiesPerBatch: 1000,
  /** Bytes of the JSON body of one log-batch request. */
  batchRequestBytes: 1_000_000,
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  experimentNameLength: 500,
  datasetNameLength: 500,
  datasetDigestLength: 36,
  datasetSourceLength: 65535,
  datasetSchemaLength: 1048575,
  datasetProfileLength: 16777215,
  inputTagKeyLength: 255,
  inputTagValueLength: 500,
} as const;
