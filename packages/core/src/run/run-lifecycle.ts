import { RunEndedError } from "../errors.ts";
import type { EndRunResult } from "./options.ts";

/**
 * Whether a run still takes calls: RUNNING until its end starts, then either refusing late calls
 * (`RunEndedError`) or ignoring them (`EndRunOptions.ignoreLateCalls`, the exit path).
 */
export class RunLifecycle {
  private ending: Promise<EndRunResult> | undefined;
  private ignoreLate = false;

  constructor(private readonly runName: string) {}

  /** True until `endRun` or `endRunSync` has started. */
  get active(): boolean {
    return this.ending === undefined;
  }

  /** The end's result, once it has started. */
  get ended(): Promise<EndRunResult> | undefined {
    return this.ending;
  }

  /** True after an end that asked to ignore late calls. */
  get ignoresLateCalls(): boolean {
    return this.ignoreLate;
  }

  /** True when the call may proceed; false for a late call to ignore; throws otherwise. */
  assertActive(operation: string): boolean {
    if (this.ending === undefined) return true;
    if (this.ignoreLate) return false;
    throw new RunEndedError(this.runName, operation);
  }

  /** Starts the end once; a second call is rejected with `RunEndedError`. */
  end(ignoreLateCalls: boolean, finish: () => Promise<EndRunResult>): Promise<EndRunResult> {
    if (this.ending !== undefined) return Promise.reject(new RunEndedError(this.runName, "endRun"));
    this.ignoreLate = ignoreLateCalls;
    this.ending = finish();
    return this.ending;
  }

  /** Ends synchronously (the exit path); returns false, doing nothing, once an end has started. */
  endSync(finish: () => EndRunResult): boolean {
    if (this.ending !== undefined) return false;
    this.ignoreLate = true;
    this.ending = Promise.resolve(finish());
    return true;
  }
}
