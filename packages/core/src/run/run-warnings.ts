import type { Logger } from "../plugins/logger.ts";

/** What went wrong during a run: logged when it happens, and returned by `endRun` in `warnings`. */
export class RunWarnings {
  private readonly messages: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly logger: Logger) {}

  warn(message: string): void {
    this.messages.push(message);
    this.logger.error(message);
  }

  /** Warns about a message the first time only (a typo used in a loop, a failing sampler). */
  warnOnce(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    this.warn(message);
  }

  /** Adds warnings already reported elsewhere (a backend's close result) without logging them again. */
  addReported(messages: readonly string[]): void {
    this.messages.push(...messages);
  }

  list(): string[] {
    return [...this.messages];
  }
}

/** The message of anything thrown, for a warning. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
