/**
 * The little YAML the MLflow file store reads: flat mappings of strings, numbers, null, empty
 * lists and one level of string maps. Strings are written as JSON strings, which YAML reads as
 * double-quoted scalars, so no value can change type or break the document.
 */
export type YamlValue = string | number | null | readonly never[] | Readonly<Record<string, string>>;

export function toYaml(mapping: Readonly<Record<string, YamlValue>>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    if (value === null) lines.push(`${key}: null`);
    else if (typeof value === "number") lines.push(`${key}: ${value}`);
    else if (typeof value === "string") lines.push(`${key}: ${JSON.stringify(value)}`);
    else if (Array.isArray(value)) lines.push(`${key}: []`);
    else {
      const entries = Object.entries(value as Record<string, string>);
      if (entries.length === 0) lines.push(`${key}: {}`);
      else {
        lines.push(`${key}:`);
        for (const [k, v] of entries) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Reads `name:` from a file-store meta.yaml (the only field the writer looks up). */
export function yamlField(text: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:\\s*(.*)$`, "m").exec(text);
  if (!match) return undefined;
  const raw = (match[1] ?? "").trim();
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  return raw;
}
