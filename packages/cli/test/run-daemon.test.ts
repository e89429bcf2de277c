/** `prov4ml run` over a command that daemonises: the tree is followed past the command's exit. */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startBin } from "./run-cli-process.ts";

/** Double fork into a new session, wait for the test's `go` file, then write `out`. */
const DAEMON = `setsid sh -c 'touch started; while [ ! -e go ]; do sleep 0.05; done; echo done > out' >/dev/null 2>&1 < /dev/null & exit 0`;

function waitForFile(path: string): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!existsSync(path)) return;
      clearInterval(timer);
      resolve();
    }, 20);
  });
}

describe("prov4ml run over a daemon", () => {
  it("follows the daemon that left the tree and ends only when it has exited", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-daemon-"));
    const { result } = startBin(["run", "--no-carbon", "--interval", "0.1", "--", "sh", "-c", DAEMON], {
      cwd,
      env: { MLFLOW_TRACKING_URI: "" },
    });
    let exited = false;
    void result.then(() => {
      exited = true;
    });
    await waitForFile(join(cwd, "started"));
    expect(exited).toBe(false);
    writeFileSync(join(cwd, "go"), "");
    const done = await result;
    expect(done.status).toBe(0);
    expect(existsSync(join(cwd, "out"))).toBe(true);
  });

  it("--no-follow ends at the command's own exit", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-daemon-"));
    const done = await startBin(
      ["run", "--no-carbon", "--no-follow", "--interval", "0.1", "--", "sh", "-c", DAEMON],
      {
        cwd,
        env: { MLFLOW_TRACKING_URI: "" },
      },
    ).result;
    expect(done.status).toBe(0);
    expect(existsSync(join(cwd, "out"))).toBe(false);
    writeFileSync(join(cwd, "go"), ""); // let the daemon finish
    await waitForFile(join(cwd, "out"));
  });
});
