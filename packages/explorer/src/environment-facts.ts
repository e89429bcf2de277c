/** The code and the machine a run ran on, as the run page's "Source and environment" table shows them. */
import type { RunView } from "@prov4ml/exporter-prov";
import { attributesByLocalName, attributeText } from "./run-attributes.ts";

/** Run attributes that say where the run ran (prov4ml writes them; yProv4ML writes a few alike). */
const ENVIRONMENT_FACTS: Array<[string, string]> = [
  ["Node.js", "node_version"],
  ["Python", "python_version"],
  ["OS", "os"],
  ["OS release", "os_release"],
  ["architecture", "arch"],
  ["host", "hostname"],
  ["command line", "command_line"],
  ["working directory", "working_directory"],
];

/** The `[label, value]` rows of the run's git state and environment; empty when it recorded neither. */
export function environmentFacts(view: RunView): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const source = view.sourceCode;
  if (source?.commit !== undefined)
    rows.push(["git commit", source.dirty ? `${source.commit} (with uncommitted changes)` : source.commit]);
  if (source?.branch !== undefined) rows.push(["git branch", source.branch]);
  if (source?.remote !== undefined) rows.push(["git remote", source.remote]);
  const byLocalName = attributesByLocalName(view);
  for (const [label, key] of ENVIRONMENT_FACTS) {
    const value = byLocalName.get(key);
    if (value !== undefined) rows.push([label, attributeText(value)]);
  }
  return rows;
}
