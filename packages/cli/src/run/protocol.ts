/**
 * The metric channel: records a wrapped program sends to prov4ml, as `prov4ml:<kind> key=value …`
 * lines on stdout or as JSON lines on the `PROV4ML_EVENTS` descriptor. Both forms parse to the
 * same `ProtocolRecord`; anything else starting with `prov4ml:` is malformed (counted, passed on).
 */

/** One record from the child. */
export type ProtocolRecord =
  | { kind: "metric"; name: string; value: number; step?: number; context?: string; timestamp?: number }
  | { kind: "param"; name: string; value: string; context?: string }
  | { kind: "tag"; name: string; value: string }
  | { kind: "artifact"; path: string; name?: string; context?: string; input?: boolean };

/** What a line turned out to be: a record, or malformed with the reason. */
export type ParsedLine = { ok: true; record: ProtocolRecord } | { ok: false; reason: string };

export const PROTOCOL_PREFIX = "prov4ml:";

const KINDS = new Set(["metric", "param", "tag", "artifact"]);

/** Parses `prov4ml:metric name=loss value=0.31 step=2 context=training` (values may be "quoted"). */
export function parseProtocolLine(line: string): ParsedLine {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  const space = text.indexOf(" ");
  const kind = text.slice(PROTOCOL_PREFIX.length, space < 0 ? text.length : space);
  if (!KINDS.has(kind)) return { ok: false, reason: `unknown record kind ${JSON.stringify(kind)}` };
  const fields = space < 0 ? {} : splitFields(text.slice(space + 1));
  if (fields === undefined) return { ok: false, reason: "a field is not key=value or a quote is open" };
  return toRecord(kind, fields);
}

/** Parses one JSON line of the events descriptor: `{"kind":"metric","name":"loss","value":0.3}`. */
export function parseEventLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, reason: "not a JSON object" };
  const { kind, type, ...rest } = value as Record<string, unknown>;
  const recordKind = kind ?? type;
  if (typeof recordKind !== "string" || !KINDS.has(recordKind))
    return { ok: false, reason: `unknown record kind ${JSON.stringify(recordKind)}` };
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(rest)) {
    if (field === null || typeof field === "object")
      return { ok: false, reason: `field ${key} is not a scalar` };
    fields[key] = String(field);
  }
  return toRecord(recordKind, fields);
}

function splitFields(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    if (text[at] === " " || text[at] === "\t") {
      at++;
      continue;
    }
    const eq = text.indexOf("=", at);
    if (eq < 0) return undefined;
    const space = text.indexOf(" ", at);
    const tab = text.indexOf("\t", at);
    if (eq === at || (space >= 0 && space < eq) || (tab >= 0 && tab < eq)) return undefined;
    const key = text.slice(at, eq);
    if (text[eq + 1] === '"') {
      const quoted = readQuoted(text, eq + 1);
      if (quoted === undefined) return undefined;
      fields[key] = quoted.value;
      at = quoted.end;
    } else {
      let end = eq + 1;
      while (end < text.length && text[end] !== " " && text[end] !== "\t") end++;
      fields[key] = text.slice(eq + 1, end);
      at = end;
    }
  }
  return fields;
}

function readQuoted(text: string, open: number): { value: string; end: number } | undefined {
  let value = "";
  for (let at = open + 1; at < text.length; at++) {
    const char = text[at];
    if (char === "\\" && at + 1 < text.length) value += text[++at];
    else if (char === '"') return { value, end: at + 1 };
    else value += char;
  }
  return undefined;
}

function toRecord(kind: string, fields: Record<string, string>): ParsedLine {
  const name = fields.name ?? fields.key;
  const context = fields.context;
  const withContext = context === undefined ? {} : { context };
  if (kind === "artifact") {
    if (!fields.path) return { ok: false, reason: "artifact needs path=" };
    const input =
      fields.input === undefined ? {} : { input: fields.input === "true" || fields.input === "1" };
    return {
      ok: true,
      record: { kind, path: fields.path, ...(name ? { name } : {}), ...withContext, ...input },
    };
  }
  if (!name) return { ok: false, reason: `${kind} needs name=` };
  if (fields.value === undefined) return { ok: false, reason: `${kind} needs value=` };
  if (kind === "param") return { ok: true, record: { kind, name, value: fields.value, ...withContext } };
  if (kind === "tag") return { ok: true, record: { kind, name, value: fields.value } };
  const value = Number(fields.value);
  if (fields.value.trim() === "" || Number.isNaN(value))
    return { ok: false, reason: "value is not a number" };
  const step = optionalInteger(fields.step);
  const timestamp = optionalInteger(fields.timestamp);
  if (step === null) return { ok: false, reason: "step is not an integer ≥ 0" };
  if (timestamp === null) return { ok: false, reason: "timestamp is not epoch milliseconds" };
  // Built by assignment, not spreads: this is the hot path of the metric channel.
  const record: ProtocolRecord & { kind: "metric" } = { kind: "metric", name, value };
  if (step !== undefined) record.step = step;
  if (context !== undefined) record.context = context;
  if (timestamp !== undefined) record.timestamp = timestamp;
  return { ok: true, record };
}

/** undefined when absent, null when present but not a non-negative integer. */
function optionalInteger(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}
