import { Context } from "../context.ts";
import { InvalidArgumentError, ParamConflictError } from "../errors.ts";
import type { ParamEvent, RunEvent } from "../plugins/events.ts";
import { closestKnownContext } from "./context-suggestion.ts";
import { checkName } from "./names.ts";
import { toParamValue } from "./param-value.ts";
import type { RunState } from "./run-state.ts";

/** What recording contexts, params and tags needs from its run. */
export interface RecordsHost {
  readonly state: RunState;
  pushEvent(event: RunEvent): void;
  warnOnce(message: string): void;
}

/** See `Run.logContext`: a context keeps the parent it was declared with. */
export function declareContext(host: RecordsHost, name: string, parent: string | undefined): void {
  checkName("context", name);
  if (parent !== undefined) {
    checkName("context", parent);
    if (parent === name) throw new InvalidArgumentError(`context "${name}" cannot be its own parent`);
    // A parent that was never declared is most likely a typo: creating it would hide that.
    const builtin = (Object.values(Context) as string[]).includes(parent);
    if (!builtin && !host.state.contexts.has(parent)) {
      throw new InvalidArgumentError(
        `context "${name}" has parent "${parent}", which was never declared; declare it first with logContext("${parent}")`,
      );
    }
    touchContext(host, parent);
  }
  const existing = host.state.contexts.get(name);
  if (existing) {
    if (parent !== undefined && existing.parent !== parent) {
      throw new InvalidArgumentError(
        `context "${name}" already has parent ${JSON.stringify(existing.parent ?? "(the run)")}; a context keeps its parent`,
      );
    }
    return;
  }
  addContext(host, name, parent);
}

/**
 * Declares a context on first use, under the run; one that looks like a typo of a known context
 * gets a one-time warning. Also used while the run ends (late samples).
 */
export function touchContext(host: RecordsHost, name: string): void {
  if (host.state.contexts.has(name)) return;
  checkName("context", name);
  const closest = closestKnownContext(name, host.state.contexts.keys());
  if (closest !== undefined) {
    host.warnOnce(
      `context "${name}" was never declared and looks like a typo of "${closest}"; ` +
        `fix the name, or declare it with logContext("${name}") to keep it`,
    );
  }
  addContext(host, name, undefined);
}

function addContext(host: RecordsHost, name: string, parent: string | undefined): void {
  const firstUsed = Date.now();
  host.state.contexts.set(name, { parent, firstUsed });
  host.pushEvent({ type: "context", name, parent, timestamp: firstUsed });
}

/** See `Run.logParam`: the same value again is a no-op, a new value a `ParamConflictError`. */
export function recordParam(
  host: RecordsHost,
  key: string,
  value: unknown,
  context: string | undefined,
): void {
  checkName("param", key);
  const rawValue = toParamValue(key, value);
  const text = String(rawValue);
  const previous = host.state.params.get(key);
  if (previous) {
    if (previous.value !== text) throw new ParamConflictError(key, previous.value, text);
    return;
  }
  if (context !== undefined) touchContext(host, context);
  host.state.params.set(key, { value: text, rawValue, context });
  const event: ParamEvent = { type: "param", key, value: text, rawValue, context, timestamp: Date.now() };
  host.pushEvent(event);
}

/** See `Run.logParams`: every param is checked before any is recorded. */
export function recordParams(
  host: RecordsHost,
  params: Record<string, unknown>,
  context: string | undefined,
): void {
  for (const [key, value] of Object.entries(params)) {
    checkName("param", key);
    const previous = host.state.params.get(key);
    const text = String(toParamValue(key, value));
    if (previous && previous.value !== text) throw new ParamConflictError(key, previous.value, text);
  }
  for (const [key, value] of Object.entries(params)) recordParam(host, key, value, context);
}

/** See `Run.setTag`. */
export function recordTag(host: RecordsHost, key: string, value: string): void {
  checkName("tag", key);
  if (typeof value !== "string") throw new InvalidArgumentError(`tag "${key}" needs a string value`);
  host.state.tags.set(key, value);
  host.pushEvent({ type: "tag", key, value });
}
