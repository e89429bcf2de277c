import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Spool } from "./spool.ts";
import { replaySpool } from "./spool-replay.ts";
import type { WorkItem } from "./work-item.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const batchRecord = (name: string) => JSON.stringify({ t: "batch", m: [{ key: name }], p: [], g: [] });

describe("replaySpool beside a spill still being prepared", () => {
  it("does not call itself caught up while records are being made, and delivers them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-spool-race-"));
    dirs.push(dir);
    const spool = new Spool(dir);
    await spool.append([batchRecord("first")]);

    // A spill whose records take a while to make (a document copied into files/, say).
    let release: () => void = () => {};
    const made = new Promise<void>((resolve) => {
      release = resolve;
    });
    const spilled = spool.appendPrepared(async () => {
      await made;
      return [batchRecord("second")];
    });
    expect(spool.appending).toBe(true);

    const delivered: string[] = [];
    let caughtUp = false;
    const replay = replaySpool({
      spool,
      concurrency: 1,
      deliver: async (item: WorkItem) => {
        if (item.kind === "batch")
          delivered.push(...item.batch.metrics.map((m) => (JSON.parse(m) as { key: string }).key));
        if (delivered.length === 1) setImmediate(release); // the spill finishes after the first delivery
      },
      isRejection: () => false,
      keepGoing: () => true,
      onWindow: () => {},
      onCaughtUp: () => {
        caughtUp = true;
      },
      onFailure: async (error) => {
        throw error;
      },
    });
    await Promise.all([replay, spilled]);
    expect(caughtUp).toBe(true);
    expect(delivered).toEqual(["first", "second"]);
    expect(await spool.backlog()).toBe(0);
  });
});
