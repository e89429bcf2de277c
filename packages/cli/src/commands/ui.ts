/** `prov4ml ui`: the explorer's page over provenance directories, on 127.0.0.1 by default. */
import { spawn } from "node:child_process";
import { startExplorer } from "@prov4ml/explorer";
import { parseCommandArguments, wholeNumberOption } from "../arguments.ts";
import type { Command } from "../command.ts";

const HELP = `Usage: prov4ml ui [dirs...] [--port N] [--host H] [--open]

Serves a web page over the runs under the given provenance directories (default: prov):
a runs table, each run's page with its charts and provenance graph, and a comparison of runs.
Stops on Ctrl-C.

Options:
  --port N      port to listen on (default 4173; 0 for any free port)
  --host H      address to bind (default 127.0.0.1). Any other address requires a token:
                the URL printed at start carries it; it is printed once and never logged
  --open        open the page in the default browser
  -h, --help    show this help
`;

/** Resolves when the command should stop serving. */
export type StopSignal = () => Promise<void>;

/** Stops on SIGINT or SIGTERM. */
const untilInterrupted: StopSignal = () =>
  new Promise((done) => {
    process.once("SIGINT", () => done());
    process.once("SIGTERM", () => done());
  });

/** The `ui` command; tests pass their own stop signal. */
export function makeUiCommand(waitForStop: StopSignal = untilInterrupted): Command {
  return {
    name: "ui",
    summary: "browse runs, charts and provenance graphs in a local web page",
    help: HELP,
    async run(args, io) {
      const { values, positionals, help } = parseCommandArguments("ui", args, {
        port: { type: "string" },
        host: { type: "string" },
        open: { type: "boolean" },
      });
      if (help) {
        io.stdout(HELP);
        return 0;
      }
      const port =
        values.port === undefined ? 4173 : wholeNumberOption("ui", "--port", values.port, 0, 65535);
      const server = await startExplorer({
        dirs: positionals.length === 0 ? ["prov"] : positionals,
        port,
        ...(values.host === undefined ? {} : { host: values.host }),
      });
      // The URL (with its token, off loopback) is written once, to the terminal only.
      io.stdout(`prov4ml explorer: ${server.url}\n`);
      if (values.open === true) openInBrowser(server.url);
      await waitForStop();
      await server.close();
      return 0;
    },
  };
}

export const uiCommand: Command = makeUiCommand();

function openInBrowser(url: string): void {
  const [command, ...args] =
    process.platform === "darwin"
      ? ["open", url]
      : process.platform === "win32"
        ? ["cmd", "/c", "start", "", url]
        : ["xdg-open", url];
  const child = spawn(command!, args, { stdio: "ignore", detached: true });
  child.on("error", () => undefined); // no browser to open: the printed URL still works
  child.unref();
}
