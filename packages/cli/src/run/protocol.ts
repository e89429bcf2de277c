/**
 * The metric channel: records a wrapped program sends to prov4ml, as `prov4ml:<kind> key=value …`
 * lines on stdout or as JSON lines on the `PROV4ML_EVENTS` descriptor. Both forms parse to the
 * same `ProtocolRecord`; anything else starting with `prov4ml:` is malformed (counted, passed on).
 */

import { metricRecord } from "./metric-line.ts";

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

/**
 * Parses `prov4ml:metric name=loss value=0.31 step=2 context=training` (values may be "quoted").
 * The general form of a record line; `parsePlainMetricLine` is its fast path and agrees with it.
 */
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

const SPACE = 32;
const TAB = 9;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;

/** `key=value key2="quoted value"` in one pass (this runs for every record line: no indexOf rescans). */
function splitFields(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  const length = text.length;
  let at = 0;
  while (at < length) {
    let code = text.charCodeAt(at);
    if (code === SPACE || code === TAB) {
      at++;
      continue;
    }
    const keyStart = at;
    while (at < length) {
      code = text.charCodeAt(at);
      if (code === EQUALS || code === SPACE || code === TAB) break;
      at++;
    }
    if (at === keyStart || code !== EQUALS || at === length) return undefined;
    const key = text.slice(keyStart, at);
    at++; // the '='
    if (text.charCodeAt(at) === QUOTE) {
      const quoted = readQuoted(text, at);
      if (quoted === undefined) return undefined;
      fields[key] = quoted.value;
      at = quoted.end;
      continue;
    }
    const valueStart = at;
    while (at < length) {
      code = text.charCodeAt(at);
      if (code === SPACE || code === TAB) break;
      at++;
    }
    fields[key] = text.slice(valueStart, at);
  }
  return fields;
}

function readQuoted(text: string, open: number): { value: string; end: number } | undefined {
  let value = "";
  let runStart = open + 1;
  for (let at = open + 1; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === BACKSLASH && at + 1 < text.length) {
      value += text.slice(runStart, at) + text[at + 1];
      runStart = ++at + 1;
    } else if (code === QUOTE) return { value: value + text.slice(runStart, at), end: at + 1 };
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
  return metricRecord(name, fields.value, fields.step, context, fields.timestamp);
}
