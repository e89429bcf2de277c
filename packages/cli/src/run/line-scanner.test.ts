import { describe, expect, it } from "vitest";
import { LineScanner } from "./line-scanner.ts";
import { parseProtocolLine } from "./protocol.ts";

const TEXT = [
  "epoch 1",
  "prov4ml:metric name=loss value=0.5 step=0",
  "not at start prov4ml:metric name=x value=1",
  "prov4ml:metric name=loss value=bad",
  'prov4ml:param name=lr value="0.01 warm"',
  "prov4",
  "",
  "prov4ml:tag name=stage value=dev",
  "prov4ml:metric name=a value=1 step=0",
  "prov4ml:metric name=a value=2 step=1\r",
  "proverb",
  "xprov4ml:metric name=y value=1",
  "prov4ml:metric name=a value=3 step=2",
].join("\n");

/** The reference: split into lines, keep the valid records, drop them from the output when quiet. */
function reference(text: string, quiet: boolean) {
  const lines = text.split("\n");
  const records = lines.filter((line) => line.startsWith("prov4ml:"));
  const valid = (line: string) => line.startsWith("prov4ml:") && parseProtocolLine(line).ok;
  const kept = quiet
    ? lines.map((line, i) => (valid(line) ? null : line + (i < lines.length - 1 ? "\n" : "")))
    : [text];
  return { records, output: kept.filter((x) => x !== null).join("") };
}

function scan(chunks: Buffer[], quiet: boolean) {
  const records: string[] = [];
  const scanner = new LineScanner({
    quiet,
    onRecordLine: (bytes, start, end) => {
      const line = Buffer.from(bytes.subarray(start, end)).toString();
      records.push(line);
      return parseProtocolLine(line).ok;
    },
    onOverlong: () => {},
  });
  const out = [...chunks.flatMap((chunk) => scanner.feed(chunk)), ...scanner.end()];
  return { records, output: Buffer.concat(out).toString() };
}

function splitEvery(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

describe("LineScanner", () => {
  for (const quiet of [false, true]) {
    it(`finds the same records at every chunk size (quiet: ${quiet})`, () => {
      const expected = reference(TEXT, quiet);
      for (let size = 1; size <= TEXT.length; size++) {
        expect(scan(splitEvery(TEXT, size), quiet), `chunk size ${size}`).toEqual(expected);
      }
    });
  }

  it("a runaway prov4ml: line is counted, passed through and never held whole", () => {
    let overlong = 0;
    const scanner = new LineScanner({ quiet: true, onRecordLine: () => true, onOverlong: () => overlong++ });
    const line = `prov4ml:metric ${"x".repeat(200_000)}\nnext\n`;
    const out = Buffer.concat(splitEvery(line, 4096).flatMap((c) => scanner.feed(c))).toString();
    expect(overlong).toBe(1);
    expect(out).toBe(line);
  });

  it("a line that only starts like the prefix is passed on at once, not held to its newline", () => {
    const scanner = new LineScanner({ quiet: true, onRecordLine: () => true, onOverlong: () => {} });
    expect(Buffer.concat(scanner.feed(Buffer.from("pro"))).toString()).toBe("");
    expect(Buffer.concat(scanner.feed(Buffer.from("gress 40%"))).toString()).toBe("progress 40%");
  });
});
