/**
 * Reading documents back with the reference Python `prov` 3.2.3 package, many per process (one
 * Python start costs about a second): each document is deserialised as PROV-JSON and serialised
 * to PROV-N, and its records are counted.
 */
import { runPython } from "@prov4ml/vitest-config";

export interface ProvReadBack {
  path: string;
  /** Deserialised as PROV-JSON and written as PROV-N. */
  ok: boolean;
  error?: string;
  /** Deserialised, whatever happened next. */
  read?: boolean;
  /** Why `get_provn()` failed, when it did. */
  provnError?: string;
  records?: number;
  /** `prov:label` of every entity typed prov4ml:Metric. */
  metricLabels?: string[];
  /** `prov:label` → `prov:value` (as text) of every entity typed mls:HyperParameterSetting. */
  params?: Record<string, string>;
  /** `prov:label` of every entity typed prov4ml:Artifact. */
  artifactLabels?: string[];
}

const READ_ALL = `
import sys, json
import prov.model as pm
from prov.model import ProvDocument
PROV4ML = "https://w3id.org/prov4ml/ns#"
MLS = "http://www.w3.org/ns/mls#"
out = []
for path in json.load(sys.stdin):
    try:
        doc = ProvDocument.deserialize(path, format="json")
        records = list(doc.get_records())
        provn_error = None
        try:
            doc.get_provn()
        except Exception as error:
            provn_error = type(error).__name__ + ": " + str(error)[:500]
        metric_labels, artifact_labels, params = [], [], {}
        for r in records:
            if not isinstance(r, pm.ProvEntity):
                continue
            types = {str(t.uri) if hasattr(t, "uri") else str(t) for t in r.get_asserted_types()}
            labels = [str(l) for l in r.get_attribute(pm.PROV_LABEL)]
            label = labels[0] if labels else None
            if PROV4ML + "Metric" in types:
                metric_labels.append(label)
            if PROV4ML + "Artifact" in types:
                artifact_labels.append(label)
            if MLS + "HyperParameterSetting" in types:
                values = list(r.get_attribute(pm.PROV_VALUE))
                value = values[0] if values else None
                params[label] = None if value is None else str(value.value if isinstance(value, pm.Literal) else value)
        out.append({"path": path, "ok": provn_error is None, "read": True, "provnError": provn_error,
                    "error": provn_error, "records": len(records), "metricLabels": metric_labels,
                    "artifactLabels": artifact_labels, "params": params})
    except Exception as error:
        out.append({"path": path, "ok": False, "read": False, "error": type(error).__name__ + ": " + str(error)[:500]})
json.dump(out, sys.stdout)
`;

export function readBackWithProv(paths: readonly string[]): ProvReadBack[] {
  if (paths.length === 0) return [];
  const result = runPython(READ_ALL, [], JSON.stringify(paths));
  if (result.status !== 0)
    throw new Error(`python prov check failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  return JSON.parse(result.stdout) as ProvReadBack[];
}
