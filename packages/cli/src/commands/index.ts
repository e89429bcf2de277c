import type { Command } from "../command.ts";
import { runCommand } from "../run/run-command.ts";
import { convertCommand } from "./convert.ts";
import { exportCommand } from "./export.ts";
import { graphCommand } from "./graph.ts";
import { lineageCommand } from "./lineage.ts";
import { metricsCommand } from "./metrics.ts";
import { pushCommand } from "./push.ts";
import { reportCommand } from "./report.ts";
import { showCommand } from "./show.ts";
import { syncCommand } from "./sync.ts";
import { uiCommand } from "./ui.ts";
import { validateCommand } from "./validate.ts";

export const COMMANDS: readonly Command[] = [
  showCommand,
  metricsCommand,
  graphCommand,
  convertCommand,
  validateCommand,
  pushCommand,
  syncCommand,
  runCommand,
  uiCommand,
  reportCommand,
  exportCommand,
  lineageCommand,
];
