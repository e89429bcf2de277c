/**
 * The terms of a prov4ml PROV document: record types and attribute names. Readers, exporters
 * and the CLI find things by these names, so they are defined once, here.
 *
 * Layout of a run's document (ids are local names in the user's default namespace, built with
 * `recordId`, percent-encoding anything outside `[A-Za-z0-9_.-]`):
 *
 * | record | id | type | links |
 * |---|---|---|---|
 * | run activity | `<runName>` | `mls:Run` | wasAssociatedWith → user agent |
 * | user agent | `user.<name>` | `prov:Person` | |
 * | context activity | `<runName>.context.<ctx>` | `prov4ml:Context` | wasInformedBy → parent context or run |
 * | param entity | `<runName>.param.<key>` | `mls:HyperParameterSetting` | used ← context or run |
 * | metric entity | `<runName>.metric.<ctx>.<name>.<source>` | `prov4ml:Metric` | wasGeneratedBy → context |
 * | artifact entity | `<runName>.artifact.<name>` | `prov4ml:Artifact` | wasGeneratedBy / used ← context |
 * | dataset entity | `<runName>.dataset.<label>` | `mls:Dataset` | used ← context |
 * | model entity | `<runName>.model.<name>` | `mls:Model` | wasGeneratedBy → context |
 * | source-code entity | `<runName>.source_code` | `prov4ml:SourceCode` | used ← run |
 */
export const TYPES = {
  run: "mls:Run",
  person: "prov:Person",
  context: "prov4ml:Context",
  param: "mls:HyperParameterSetting",
  metric: "prov4ml:Metric",
  artifact: "prov4ml:Artifact",
  dataset: "mls:Dataset",
  model: "mls:Model",
  sourceCode: "prov4ml:SourceCode",
} as const;

/** Attribute names (qualified) used on prov4ml records. */
export const TERMS = {
  // run activity
  experimentName: "prov4ml:experiment_name",
  runId: "prov4ml:run_id",
  runNumber: "prov4ml:run_number",
  status: "prov4ml:status",
  rank: "prov4ml:global_rank",
  worldSize: "prov4ml:world_size",
  runDir: "prov4ml:run_dir",
  description: "prov4ml:description",
  tag: "prov4ml:tag", // values "key=value"
  nodeVersion: "prov4ml:node_version",
  os: "prov4ml:os",
  osRelease: "prov4ml:os_release",
  arch: "prov4ml:arch",
  cpuModel: "prov4ml:cpu_model",
  cpuCount: "prov4ml:cpu_count",
  totalMemoryBytes: "prov4ml:total_memory_bytes",
  hostname: "prov4ml:hostname",
  pid: "prov4ml:pid",
  commandLine: "prov4ml:command_line",
  workingDirectory: "prov4ml:working_directory",
  prov4mlVersion: "prov4ml:prov4ml_version",
  unavailableSource: "prov4ml:unavailable_source", // values "<source>: <reason>"
  lostMetricPoints: "prov4ml:lost_metric_points", // logged, never written to the run directory (full disk)
  lostEvents: "prov4ml:lost_events",
  // contexts
  context: "prov4ml:context",
  parentContext: "prov4ml:parent_context",
  // metrics
  name: "prov4ml:name",
  source: "prov4ml:source",
  count: "prov4ml:count",
  first: "prov4ml:first",
  last: "prov4ml:last",
  min: "prov4ml:min",
  max: "prov4ml:max",
  firstStep: "prov4ml:first_step",
  lastStep: "prov4ml:last_step",
  /** Path of the metric's CSV file, relative to the run directory. */
  file: "prov4ml:file",
  // artifacts, models, datasets
  storedPath: "prov4ml:stored_path", // relative to the run directory
  sizeBytes: "prov4ml:size_bytes",
  sha256: "prov4ml:sha256",
  isDirectory: "prov4ml:is_directory",
  modelFormat: "prov4ml:model_format",
  parameterCount: "prov4ml:parameter_count",
  memoryBytes: "prov4ml:memory_bytes",
  datasetSource: "prov4ml:dataset_source",
  datasetDigest: "prov4ml:dataset_digest",
  statPrefix: "prov4ml:stat_", // + stat name
  // source code
  gitCommit: "prov4ml:git_commit",
  gitBranch: "prov4ml:git_branch",
  gitDirty: "prov4ml:git_dirty",
  gitRemote: "prov4ml:git_remote",
} as const;
