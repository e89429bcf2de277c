import { mkdtempSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomically } from "./atomic-write.ts";
import { parseEventJournal } from "./event-journal-reader.ts";
import { parseMetricCsv } from "./metric-csv-reader.ts";

describe("run-directory readers and writer", () => {
  it("reads a CSV, ignoring a cut last row and saying so", () => {
    const points = parseMetricCsv("step,value,timestamp\n0,1.5,10\n1,NaN,20\n2,0.");
    expect([...points.steps]).toEqual([0, 1]);
    expect(points.values[1]).toBeNaN();
    expect(points.truncated).toBe(true);
    expect(parseMetricCsv("step,value,timestamp\n0,1,2\n").truncated).toBe(false);
  });

  it("reads a journal, skipping a line cut by a crash", () => {
    const events = parseEventJournal('{"type":"tag","key":"a","value":"b"}\n{"type":"par');
    expect(events).toEqual([{ type: "tag", key: "a", value: "b" }]);
  });

  it("writes atomically and leaves no temporary file when the write fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-atomic-"));
    await writeFileAtomically(join(dir, "doc.json"), "{}");
    expect(await readFile(join(dir, "doc.json"), "utf8")).toBe("{}");
    // Renaming onto a directory fails after the temporary file was written.
    await expect(writeFileAtomically(dir, "x")).rejects.toThrow();
    expect(
      readdirSync(join(dir, "..")).filter((name) => name.startsWith(`${dir.split("/").at(-1)}.tmp-`)),
    ).toEqual([]);
    expect(readdirSync(dir)).toEqual(["doc.json"]);
  });
});
