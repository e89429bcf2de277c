/**
 * `prov4ml run` with its stdout a real pipe (`| cat`, `| head`) or a file: the command's output
 * then goes through a kernel pipe and the relay thread (pipe-relay.ts) rather than the event loop
 * (the other tests, whose stdout is the socket pair of their own spawn). Real children: python3, sh, yes.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations (shared with the bench)
import { floodDigest, MIB } from "./flood-digest.mjs";
import { activityOf, BIN, RUN_FIXTURES, readRun, startCommand, tagsOf } from "./run-cli-process.ts";

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** `prov4ml run <args> <pipeline>` under sh, e.g. pipeline `| cat`: the wrapper's stdout is that pipe. */
function wrapped(args: string[], pipeline: string) {
  const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-relay-"));
  const line = `${[process.execPath, BIN, "run", "--no-carbon", ...args].map(quote).join(" ")} ${pipeline}`;
  return { cwd, result: startCommand(["sh", "-c", line], { cwd, env: { MLFLOW_TRACKING_URI: "" } }).result };
}

describe("prov4ml run through a pipe (the relay thread)", () => {
  it("passes a 128 MiB flood byte for byte, reads every record, memory stays flat", async () => {
    const small = wrapped(["--", "python3", join(RUN_FIXTURES, "flood.py"), "1"], "| cat");
    await small.result;
    const { cwd, result } = wrapped(
      ["--log-limit", "64K", "--", "python3", join(RUN_FIXTURES, "flood.py"), "128"],
      "| cat",
    );
    const done = await result;
    expect(done.status).toBe(0);
    expect(done.out.length).toBe(128 * MIB);
    expect(createHash("sha256").update(done.out).digest("hex")).toBe(floodDigest(128));
    const tags = tagsOf(activityOf(readRun(cwd).doc));
    expect(tags).toMatchObject({
      protocol_records: "128",
      protocol_malformed: "0",
      stdout_log_bytes: String(128 * MIB),
    });
    const growth =
      Number(tags.wrapper_max_rss_bytes) -
      Number(tagsOf(activityOf(readRun(small.cwd).doc)).wrapper_max_rss_bytes);
    expect(growth).toBeLessThan(64 * MIB);
  }, 120_000);

  it("--quiet-protocol leaves out the valid records and passes the rest", async () => {
    const { cwd, result } = wrapped(["--quiet-protocol", "--", join(RUN_FIXTURES, "train.sh")], "| cat");
    const done = await result;
    expect(done.out.toString()).toBe("plain output line\n");
    expect(tagsOf(activityOf(readRun(cwd).doc))).toMatchObject({
      protocol_records: "2",
      protocol_malformed: "0",
    });
  });

  it("a reader that goes away (`| head`) gives the command SIGPIPE from the kernel", async () => {
    const { cwd, result } = wrapped(["--", "yes"], "| head -c 100000 > /dev/null");
    await result;
    const activity = activityOf(readRun(cwd).doc);
    expect(activity["prov4ml:status"]).toBe("KILLED");
    expect(tagsOf(activity).exit_signal).toBe("SIGPIPE");
  });

  it("to a file: the log and the file hold the same bytes", async () => {
    const { cwd, result } = wrapped(["--", "python3", join(RUN_FIXTURES, "flood.py"), "2"], "> out.bin");
    expect((await result).status).toBe(0);
    const { dir } = readRun(cwd);
    const log = readFileSync(join(dir, "artifacts_GR0", "logs", "stdout.log"));
    const file = readFileSync(join(cwd, "out.bin"));
    expect(file.length).toBe(2 * MIB);
    expect(log.equals(file)).toBe(true); // (toEqual on 2 MiB buffers takes seconds)
  });

  it("--no-follow: a daemon holding the pipe does not keep the wrapper (the relay is woken and stops)", async () => {
    // The daemon also stops once the test's directory is gone (it was left spinning for ever when
    // the per-test clean-up removed the directory before it saw "go").
    const daemon =
      'setsid sh -c \'d=$(pwd); while [ -d "$d" ] && [ ! -e "$d/go" ]; do sleep 0.05; done; echo late\' & echo started';
    const { cwd, result } = wrapped(["--no-follow", "--interval", "0.1", "--", "sh", "-c", daemon], "| cat");
    const done = await result;
    writeFileSync(join(cwd, "go"), ""); // let the daemon finish
    expect(done.out.toString()).toBe("started\n");
    const { dir } = readRun(cwd);
    expect(readFileSync(join(dir, "artifacts_GR0", "logs", "stdout.log"), "utf8")).toBe("started\n");
  });
});
