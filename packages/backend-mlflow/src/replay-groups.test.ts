import { describe, expect, it } from "vitest";
import { replayGroups, type WorkItem } from "./work-item.ts";

const batch = (n: number): WorkItem => ({
  kind: "batch",
  batch: { metrics: [String(n)], params: [], tags: [], bytes: 1 },
});
const status: WorkItem = { kind: "status", status: "FINISHED", endTime: 1 };
const label = (item: WorkItem) => (item.kind === "batch" ? item.batch.metrics[0] : item.kind);

/** A sender whose requests the test settles one by one, by label. */
function controlledSender() {
  const pending = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  const started: string[] = [];
  const send = (item: WorkItem) =>
    new Promise<void>((resolve, reject) => {
      started.push(label(item)!);
      pending.set(label(item)!, { resolve, reject });
    });
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  };
  return { send, started, pending, until };
}

describe("replayGroups: a sliding window that moves the cursor in order", () => {
  it("keeps `concurrency` requests in flight past a slow one; the cursor waits for it; the status goes alone, last", async () => {
    const groups = [batch(0), batch(1), batch(2), batch(3), status].map((item, i) => ({ item, end: i + 1 }));
    const { send, started, pending, until } = controlledSender();
    const ends: number[] = [];
    const done = replayGroups(
      groups,
      2,
      send,
      () => false,
      async (window) => {
        ends.push(window.end);
      },
    );
    await until(() => started.length === 2);
    pending.get("1")!.resolve(); // 0 is slow: 2 starts anyway, the cursor does not move
    await until(() => started.length === 3);
    expect(started).toEqual(["0", "1", "2"]);
    expect(ends).toEqual([]);
    pending.get("0")!.resolve();
    await until(() => ends.length === 1);
    expect(ends).toEqual([2]); // 0 and 1 acknowledged
    pending.get("2")!.resolve();
    pending.get("3")?.resolve();
    await until(() => started.includes("3"));
    pending.get("3")!.resolve();
    await until(() => started.includes("status"));
    pending.get("status")!.resolve();
    await done;
    expect(started).toEqual(["0", "1", "2", "3", "status"]);
    expect(ends[ends.length - 1]).toBe(5);
  });

  it("a transient failure stops the replay after what is in flight settles; the cursor stays before it", async () => {
    const groups = [batch(0), batch(1), batch(2)].map((item, i) => ({ item, end: i + 1 }));
    const { send, started, pending, until } = controlledSender();
    const ends: number[] = [];
    const done = replayGroups(
      groups,
      3,
      send,
      () => false,
      async (window) => {
        ends.push(window.end);
      },
    );
    await until(() => started.length === 3);
    pending.get("0")!.resolve();
    pending.get("1")!.reject(new Error("network"));
    pending.get("2")!.resolve();
    await expect(done).rejects.toThrow("network");
    expect(ends).toEqual([1]);
  });
});
