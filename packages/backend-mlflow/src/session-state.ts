import type { MlflowRunInfo } from "./wire.ts";

/** `broken`: the run cannot be opened for a reason waiting will not fix (see `problem`). */
export type Reachability = "unknown" | "yes" | "no" | "auth" | "broken";

/** Delivery figures for `close`'s info and the tests. */
export interface SessionStats {
  deliveredPoints: number;
  spooledRecords: number;
  dropped: number;
  requests: number;
}

/** What one MLflow session knows about its run, its server and its spool, shared by its parts. */
export class SessionState {
  mlflowRun: MlflowRunInfo | undefined;
  reachable: Reachability = "unknown";
  /** Records in the spool not yet delivered: new work goes there too, to keep order. */
  spoolBacklog = false;
  spoolStateWritten = false;
  replaying = false;
  probing = false;
  closed = false;
  /** The end status went to the spool (MLflow still says RUNNING until it is delivered). */
  statusSpooled = false;
  /** Why the run could not be opened, for close's warning. */
  problem: string | undefined;
  /** Rejections the server meant (4xx with an MLflow error), for close's warnings. */
  readonly rejections: string[] = [];
  readonly stats: SessionStats = { deliveredPoints: 0, spooledRecords: 0, dropped: 0, requests: 0 };
}
