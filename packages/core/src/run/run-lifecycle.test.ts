import { describe, expect, it } from "vitest";
import { RunEndedError } from "../errors.ts";
import type { EndRunResult } from "./options.ts";
import { RunLifecycle } from "./run-lifecycle.ts";

const result = (status: EndRunResult["status"]): EndRunResult => ({
  runName: "r",
  runId: "id",
  runDir: "/tmp/r",
  status,
  provJsonPath: undefined,
  files: {},
  totals: {},
  backendInfo: {},
  warnings: [],
});

describe("RunLifecycle", () => {
  it("takes calls until the end starts, then refuses them with RunEndedError naming the call", async () => {
    const lifecycle = new RunLifecycle("r");
    expect(lifecycle.assertActive("logParam")).toBe(true);
    const ended = lifecycle.end(false, async () => result("FINISHED"));
    expect(lifecycle.active).toBe(false);
    expect(lifecycle.ended).toBe(ended);
    expect(() => lifecycle.assertActive("logParam")).toThrow(RunEndedError);
    expect(() => lifecycle.assertActive("logParam")).toThrow(/logParam: run "r" has already ended/);
    await expect(ended).resolves.toMatchObject({ status: "FINISHED" });
  });

  it("ignores late calls after an end that asks so, and rejects a second end", async () => {
    const lifecycle = new RunLifecycle("r");
    void lifecycle.end(true, async () => result("KILLED"));
    expect(lifecycle.ignoresLateCalls).toBe(true);
    expect(lifecycle.assertActive("logMetric")).toBe(false);
    let finishedAgain = false;
    await expect(
      lifecycle.end(false, async () => {
        finishedAgain = true;
        return result("FINISHED");
      }),
    ).rejects.toThrow(RunEndedError);
    expect(finishedAgain).toBe(false);
  });

  it("ends synchronously once (the exit path), then ignores late calls; a no-op after endRun", async () => {
    const exiting = new RunLifecycle("r");
    expect(exiting.endSync(() => result("FAILED"))).toBe(true);
    expect(exiting.assertActive("logMetric")).toBe(false);
    await expect(exiting.ended).resolves.toMatchObject({ status: "FAILED" });
    expect(exiting.endSync(() => result("FINISHED"))).toBe(false);

    const ended = new RunLifecycle("r");
    void ended.end(false, async () => result("FINISHED"));
    let ran = false;
    expect(
      ended.endSync(() => {
        ran = true;
        return result("FAILED");
      }),
    ).toBe(false);
    expect(ran).toBe(false);
  });
});
