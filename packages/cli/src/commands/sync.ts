/**
 * `prov4ml sync`: the older name of `prov4ml push`. One concept, one command: delivering a run
 * directory to MLflow is the same whether the directory holds a live run's spooled backlog (what
 * `sync` was written for) or a run MLflow never saw, so `sync` runs push's code under its own
 * name and scripts that call it keep working.
 */
import { deliveryCommand } from "./push.ts";

export const syncCommand = deliveryCommand(
  "sync",
  "send a run's spooled records to MLflow (an alias of push)",
);
