/**
 * `prov4ml run` on a real terminal: a pseudo-terminal made by the machine's python3 (`pty`). A
 * stream that is a terminal stays one for the command (its isatty() is true; colours and progress
 * bars work) and is recorded as not captured; a stream that is a file or pipe is teed as usual.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { activityOf, BIN, RUN_FIXTURES, readRun, startCommand, tagsOf } from "./run-cli-process.ts";

/** Prints, on each stream, whether that stream is a terminal; and one record on stdout. */
const REPORT = [
  "import os, sys",
  "print(f'stdout isatty={os.isatty(1)}', flush=True)",
  "print(f'stderr isatty={os.isatty(2)}', file=sys.stderr, flush=True)",
  "print('prov4ml:metric name=loss value=0.5 step=0', flush=True)",
].join("\n");

/** `prov4ml run [options] -- python3 -c REPORT` under a pseudo-terminal, with an optional shell redirection. */
function onTerminal(options: string[], redirect = "") {
  const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-tty-"));
  const quoted = ["run", "--no-carbon", ...options, "--", "python3", "-c", REPORT].map(
    (arg) => `'${arg.replace(/'/g, `'\\''`)}'`,
  );
  const line = `exec '${process.execPath}' '${BIN}' ${quoted.join(" ")} ${redirect}`;
  return {
    cwd,
    result: startCommand(["python3", join(RUN_FIXTURES, "pty_run.py"), "sh", "-c", line], {
      cwd,
      env: { MLFLOW_TRACKING_URI: "" },
    }).result,
  };
}

describe("prov4ml run on a terminal", () => {
  it("both streams on the terminal: the command sees a TTY on both, and no log is captured", async () => {
    const { cwd, result } = onTerminal([]);
    const done = await result;
    expect(done.status).toBe(0);
    const screen = done.out.toString();
    expect(screen).toContain("stdout isatty=True");
    expect(screen).toContain("stderr isatty=True");
    const tags = tagsOf(activityOf(readRun(cwd).doc));
    expect(tags.stdout_log).toMatch(/^not captured: stdout is a terminal/);
    expect(tags.stderr_log).toMatch(/^not captured: stderr is a terminal/);
  });

  it("stdout to a file, stderr on the terminal: each stream is decided on its own", async () => {
    const { cwd, result } = onTerminal([], "> out.txt");
    const done = await result;
    expect(done.status).toBe(0);
    expect(readFileSync(join(cwd, "out.txt"), "utf8")).toBe(
      "stdout isatty=False\nprov4ml:metric name=loss value=0.5 step=0\n",
    );
    expect(done.out.toString()).toContain("stderr isatty=True");
    const { dir, doc } = readRun(cwd);
    const tags = tagsOf(activityOf(doc));
    expect(tags.stderr_log).toMatch(/^not captured/);
    expect(tags.stdout_log).toBeUndefined();
    expect(tags.protocol_records).toBe("1");
    expect(readFileSync(join(dir, "artifacts_GR0", "logs", "stdout.log"), "utf8")).toContain("isatty=False");
  });

  it("--capture tees both anyway: the command sees pipes", async () => {
    const { cwd, result } = onTerminal(["--capture"]);
    const screen = (await result).out.toString();
    expect(screen).toContain("stdout isatty=False");
    expect(screen).toContain("stderr isatty=False");
    const { dir } = readRun(cwd);
    expect(readFileSync(join(dir, "artifacts_GR0", "logs", "stderr.log"), "utf8")).toBe(
      "stderr isatty=False\n",
    );
  });
});
