/**
 * `prov4ml run` under a flood: a real python3 child writes 128 MiB to stdout as fast as it can,
 * one record per MiB. Every byte comes through in order (SHA-256), every record is read, the log
 * keeps only --log-limit, and the wrapper's peak memory does not grow with the flood (compared with
 * a 1 MiB run in the same test). The 1 GiB proof is in the bench (`pnpm --filter @prov4ml/cli bench`).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations (shared with the bench)
import { floodDigest, MIB } from "./flood-digest.mjs";
import { activityOf, RUN_FIXTURES, readRun, runBin, startBin, tagsOf } from "./run-cli-process.ts";

async function flood(blocks: number) {
  const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-flood-"));
  const result = await runBin(
    [
      "run",
      "--no-carbon",
      "--log-limit",
      "64K",
      "--",
      "python3",
      join(RUN_FIXTURES, "flood.py"),
      String(blocks),
    ],
    { cwd, env: { MLFLOW_TRACKING_URI: "" } },
  );
  const { dir, doc } = readRun(cwd);
  return { result, dir, tags: tagsOf(activityOf(doc)) };
}

describe("prov4ml run under a flood", () => {
  it("passes 128 MiB through byte for byte, reads every record, keeps --log-limit, and memory stays flat", async () => {
    const small = await flood(1);
    const { result, dir, tags } = await flood(128);
    expect(result.status).toBe(0);
    expect(result.out.length).toBe(128 * MIB);
    expect(createHash("sha256").update(result.out).digest("hex")).toBe(floodDigest(128));
    expect(tags).toMatchObject({
      protocol_records: "128",
      protocol_malformed: "0",
      stdout_log_bytes: String(128 * MIB),
    });
    expect(Number(tags.stdout_log_omitted_bytes)).toBe(128 * MIB - 64 * 1024);
    const log = readFileSync(join(dir, "artifacts_GR0", "logs", "stdout.log"));
    expect(log.length).toBeLessThan(70 * 1024);
    expect(log.subarray(0, 41).toString("latin1")).toBe("prov4ml:metric name=flood value=0 step=0\n");
    // Holding the flood would cost 127 MiB more than the 1 MiB run; the wrapper keeps a few chunks.
    const growth = Number(tags.wrapper_max_rss_bytes) - Number(small.tags.wrapper_max_rss_bytes);
    expect(growth).toBeLessThan(64 * MIB);
  }, 120_000);

  it("a reader that goes away (`| head`) closes the command's stdout too: it gets SIGPIPE, as without the wrapper", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-flood-"));
    const { child, result } = startBin(["run", "--no-carbon", "--", "yes"], {
      cwd,
      env: { MLFLOW_TRACKING_URI: "" },
    });
    child.stdout?.once("data", () => child.stdout?.destroy());
    const done = await result;
    expect(done.status).toBe(128 + 13);
    const activity = activityOf(readRun(cwd).doc);
    expect(activity["prov4ml:status"]).toBe("KILLED");
    expect(tagsOf(activity).exit_signal).toBe("SIGPIPE");
  });
});
