/**
 * `prov4ml run -- cmd > out.log`: the wrapper's stdout (or stderr) is a regular file, so the real
 * child writes that file itself (its descriptor 1 is the file, not a pipe) and the wrapper reads the
 * log back from it: bounded, redacted, after what the file held before (`>>`); records on stdout are
 * applied while the command still runs.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations (shared with the bench)
import { floodDigest, MIB } from "./flood-digest.mjs";
import { activityOf, BIN, RUN_FIXTURES, readRun, tagsOf } from "./run-cli-process.ts";

/** Runs the bin with stdout and stderr on the files given (opened "w" or "a"), or the same file. */
function runToFiles(
  args: string[],
  files: { out: string; err?: string; mode?: "w" | "a"; env?: NodeJS.ProcessEnv },
): Promise<{ status: number | null; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-file-"));
  const out = openSync(files.out, files.mode ?? "w");
  const err = files.err === undefined ? out : openSync(files.err, files.mode ?? "w");
  const child = spawn(process.execPath, [BIN, "run", "--no-carbon", ...args], {
    cwd,
    env: { ...process.env, MLFLOW_TRACKING_URI: "", ...files.env },
    stdio: ["ignore", out, err],
  });
  closeSync(out);
  if (err !== out) closeSync(err);
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, cwd })));
}

/** Writes where the process's descriptors 1 and 2 lead into the file named by its argument. */
const SHOW_FDS =
  "import os, sys; open(sys.argv[1], 'w').write(os.readlink('/proc/self/fd/1') + '\\n' + os.readlink('/proc/self/fd/2'))";

function logOf(dir: string, stream: "stdout" | "stderr"): Buffer {
  return readFileSync(join(dir, "artifacts_GR0", "logs", `${stream}.log`));
}

describe("prov4ml run with stdout or stderr a regular file", () => {
  it("the command writes the file itself; every byte is there, records are read, the log is bounded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-run-file-out-"));
    const [out, err] = [join(dir, "out.log"), join(dir, "err.log")];
    // Descriptors 1 and 2 of the child are the files themselves (not pipe:[…]), then a 16 MiB flood.
    const fds = join(dir, "fds.txt");
    const script = `python3 -c "${SHOW_FDS}" '${fds}'; echo on stderr >&2; exec python3 '${join(RUN_FIXTURES, "flood.py")}' 16`;
    const { status, cwd } = await runToFiles(["--log-limit", "64K", "--", "sh", "-c", script], { out, err });
    expect(status).toBe(0);
    expect(readFileSync(fds, "utf8")).toBe(`${realpathSync(out)}\n${realpathSync(err)}`);
    const written = readFileSync(out);
    expect(written.length).toBe(16 * MIB);
    expect(createHash("sha256").update(written).digest("hex")).toBe(floodDigest(16));
    const run = readRun(cwd);
    const tags = tagsOf(activityOf(run.doc));
    expect(tags).toMatchObject({
      protocol_records: "16",
      protocol_malformed: "0",
      stdout_log_bytes: String(16 * MIB),
      stdout_log_omitted_bytes: String(16 * MIB - 64 * 1024),
    });
    const log = logOf(run.dir, "stdout");
    expect(log.subarray(0, 32 * 1024)).toEqual(written.subarray(0, 32 * 1024));
    expect(log.subarray(-32 * 1024)).toEqual(written.subarray(-32 * 1024));
    expect(log.includes(Buffer.from(`[… ${16 * MIB - 64 * 1024} bytes left out`))).toBe(true);
    expect(logOf(run.dir, "stderr").toString()).toBe(readFileSync(err, "utf8"));
  }, 120_000);

  it("`>>`: only the command's own bytes are its log, secrets redacted; records apply while it runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-run-file-append-"));
    const out = join(dir, "out.log");
    writeFileSync(out, "an earlier run's line\n");
    // The child waits until its record is in the run's metric file: parsed live, not at the end.
    const metric = '"$PROV4ML_RUN_DIR"/metrics_GR0/loss_training_prov4ml_GR0.csv';
    const script = [
      'echo "token is $API_TOKEN"',
      "echo 'prov4ml:metric name=loss value=0.25 step=7'",
      // bounded (2,000 × 50 ms = 100 s, inside the test's limit): a broken live path fails, no orphan loops on
      `i=0; until grep -qs '^7,0.25,' ${metric}; do i=$((i+1)); [ $i -gt 2000 ] && exit 3; sleep 0.05; done`,
      "echo seen",
    ].join("; ");
    const { status, cwd } = await runToFiles(["--", "sh", "-c", script], {
      out,
      mode: "a",
      env: { API_TOKEN: "s3cret-value-1234" },
    });
    expect(status).toBe(0);
    const all = readFileSync(out, "utf8");
    expect(all).toBe(
      "an earlier run's line\ntoken is s3cret-value-1234\nprov4ml:metric name=loss value=0.25 step=7\nseen\n",
    );
    const run = readRun(cwd);
    const log = logOf(run.dir, "stdout").toString();
    expect(log).not.toContain("earlier run");
    expect(log).not.toContain("s3cret-value-1234");
    expect(log).toContain("prov4ml:metric name=loss value=0.25 step=7\nseen\n");
    expect(tagsOf(activityOf(run.doc)).protocol_records).toBe("1");
  }, 120_000);

  it("`> out.log 2>&1`: one file, one log holding both streams, and stderr says where it is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-run-file-both-"));
    const out = join(dir, "both.log");
    const { status, cwd } = await runToFiles(["--", "sh", "-c", "echo one; echo two >&2; echo three"], {
      out,
    });
    expect(status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("one\ntwo\nthree\n");
    const run = readRun(cwd);
    expect(logOf(run.dir, "stdout").toString()).toBe("one\ntwo\nthree\n");
    expect(tagsOf(activityOf(run.doc)).stderr_log).toBe(
      "in logs/stdout.log: stdout and stderr are the same file",
    );
  }, 120_000);

  it("--quiet-protocol takes records out of the file's bytes: stdout is relayed, not handed over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-run-file-quiet-"));
    const out = join(dir, "out.log");
    const fds = join(dir, "fds.txt");
    const script = `python3 -c "${SHOW_FDS}" '${fds}'; echo 'prov4ml:metric name=loss value=1 step=0'; echo done`;
    const { status, cwd } = await runToFiles(["--quiet-protocol", "--", "sh", "-c", script], {
      out,
      err: join(dir, "err.log"),
    });
    expect(status).toBe(0);
    // stdout is a pipe to the wrapper (a FIFO whose name is gone), not the file
    expect(readFileSync(fds, "utf8").split("\n")[0]).not.toBe(realpathSync(out));
    expect(readFileSync(out, "utf8")).toBe("done\n");
    expect(tagsOf(activityOf(readRun(cwd).doc)).protocol_records).toBe("1");
  }, 120_000);
});
