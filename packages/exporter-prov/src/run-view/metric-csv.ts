/** The CSV reader is core's: one reader for the run directory, shared by every package. */
export { parseMetricCsv } from "@prov4ml/core";
