import { describe, expect, it } from "vitest";
import { BatchApplier, RecordBatcher } from "./record-batch.ts";
import type { RecordSink } from "./record-sink.ts";

/** A sink that writes down what it is given. */
function recordingSink() {
  const calls: unknown[][] = [];
  const sink = {
    acceptMetric: (...args: unknown[]) => calls.push(["metric", ...args]),
    acceptRecord: (record: unknown) => calls.push(["record", record]),
    refuse: (reason: string) => calls.push(["refuse", reason]),
    countOverlong: () => calls.push(["overlong"]),
  } as unknown as RecordSink;
  return { sink, calls };
}

const line = (text: string) => {
  const bytes = Buffer.from(text);
  return [bytes, 0, bytes.length] as const;
};

describe("record batches from a relay thread", () => {
  it("carry every field across batches, names and contexts sent once", () => {
    const batcher = new RecordBatcher();
    const { sink, calls } = recordingSink();
    const applier = new BatchApplier(sink);
    expect(batcher.add(...line("prov4ml:metric name=loss value=0.5 step=1"))).toBe(true);
    expect(
      batcher.add(...line('prov4ml:metric name="a b" value=2 context=val timestamp=1700000000000')),
    ).toBe(true);
    expect(batcher.add(...line("prov4ml:param name=lr value=0.1"))).toBe(true);
    expect(batcher.add(...line("prov4ml:metric name=loss value=x"))).toBe(false);
    batcher.addOverlong();
    const first = batcher.take();
    expect(first?.newStrings).toEqual(["loss", "a b", "val"]);
    applier.apply(structuredClone(first!));
    expect(batcher.take()).toBeUndefined();
    batcher.add(...line("prov4ml:metric name=loss value=0.25 step=2 context=val"));
    const second = batcher.take();
    expect(second?.newStrings).toEqual([]);
    applier.apply(structuredClone(second!));
    expect(calls).toEqual([
      ["metric", "loss", 0.5, 1, undefined, undefined],
      ["metric", "a b", 2, undefined, "val", 1700000000000],
      ["record", { kind: "param", name: "lr", value: "0.1" }],
      ["refuse", "value is not a number: prov4ml:metric name=loss value=x"],
      ["overlong"],
      ["metric", "loss", 0.25, 2, "val", undefined],
    ]);
  });
});
