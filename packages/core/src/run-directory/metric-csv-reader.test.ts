import { describe, expect, it } from "vitest";
import { decimalScan, scanDecimal } from "./decimal-bytes.ts";
import { parseMetricCsv, parseMetricCsvBytes } from "./metric-csv-reader.ts";

const bytesOf = (text: string) => Buffer.from(text, "latin1");

/** What a caller of scanDecimal gets for a whole field: its value when it read all of it, else Number(). */
function fieldValue(text: string): number {
  const value = scanDecimal(bytesOf(text), 0, text.length);
  return decimalScan.end === text.length && text.length > 0 ? value : Number(text);
}

/** The reader before it read bytes: split the text, `Number()` each field. */
function parseByStrings(text: string) {
  const lines = text.split("\n");
  const truncated = lines.pop() !== "";
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  let skippedRows = 0;
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === "") return;
    const fields = line.split(",");
    if (index === 0 && Number.isNaN(Number(fields[0])) && fields[0] !== "NaN") return;
    if (fields.length !== 3) {
      skippedRows++;
      return;
    }
    steps.push(Number(fields[0]));
    values.push(Number(fields[1]));
    timestamps.push(fields[2] === "" ? Number.NaN : Number(fields[2]));
  });
  return { steps, values, timestamps, skippedRows, truncated };
}

describe("scanDecimal", () => {
  it("gives exactly what Number() gives, on every spelling a CSV field can have", () => {
    const spellings = [
      "0",
      "-0",
      "+5",
      "12",
      "00012",
      "1.5",
      "-1.5",
      ".5",
      "5.",
      "-.5",
      "1e5",
      "1E-7",
      "1.5e+3",
      "0.1",
      "0.2",
      "0.30000000000000004",
      "0.8414709848078965",
      "123456789012345678",
      "9007199254740993",
      "1e22",
      "1e23",
      "4.9e-324",
      "1.7976931348623157e308",
      "2.2250738585072014e-308",
      "1e-22",
      "1e-23",
      "NaN",
      "Infinity",
      "-Infinity",
      "",
      "-",
      ".",
      "e5",
      "1e",
      "1e+",
      "0x10",
      "1_000",
      " 1",
      "1 ",
      "abc",
      "1e1234567",
      "3.14159.2",
      "1700000424242",
    ];
    for (const text of spellings) {
      expect(Object.is(fieldValue(text), Number(text)), text).toBe(true);
    }
  });

  it("agrees with Number() on 100,000 random doubles as JavaScript prints them", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let index = 0; index < 100_000; index++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      const text = String(value);
      expect(fieldValue(text)).toBe(value);
    }
  });
});

describe("parseMetricCsvBytes", () => {
  it("reads what the text reader read, header, blanks, bad rows, CRLF, non-ASCII and a cut last line included", () => {
    const texts = [
      "step,value,timestamp\n0,1.5,10\n1,NaN,20\n2,0.",
      "step,value,timestamp\n0,1,2\n",
      "name,context,source\n0,0.25,1700000000000\r\n1,-Infinity,\n\n2,3\n3,4,5,6\n4, 7 ,8\n",
      "0,1,2\n1,2,3\n",
      "\nstep,value,timestamp\n0,1,2\n",
      "step,value,timestamp\n0,\u00a01\u00a0,2\u00a0\n1,1,1\u2003\n",
      "\ufeffstep,value,timestamp\n5,6,7\n",
      "",
      "no newline at all",
      "step,value,timestamp\n1,2,3\n-4,+5,\n6,1e400,7\n8,-,9\n10,1e,11\n12,1.5e-3,13",
      "step,value,timestamp\n1,2,3\n4,5,6",
    ];
    for (const text of texts) {
      const read = parseMetricCsvBytes(Buffer.from(text, "utf8"));
      const expected = parseByStrings(text);
      expect([...read.steps], text).toEqual(expected.steps);
      expect([...read.values], text).toEqual(expected.values);
      expect([...read.timestamps], text).toEqual(expected.timestamps);
      expect(read.skippedRows, text).toBe(expected.skippedRows);
      expect(read.truncated, text).toBe(expected.truncated);
      expect(parseMetricCsv(text).values).toEqual(read.values);
    }
  });

  it("reads a large file's every row, growing past its first estimate", () => {
    const rows = ["step,value,timestamp"];
    for (let step = 0; step < 50_000; step++)
      rows.push(`${step},${Math.sin(step) * 1e-3},${1_700_000_000_000 + step}`);
    const read = parseMetricCsvBytes(Buffer.from(`${rows.join("\n")}\n`));
    expect(read.steps.length).toBe(50_000);
    expect(read.values[49_999]).toBe(Math.sin(49_999) * 1e-3);
    expect(read.timestamps[12_345]).toBe(1_700_000_012_345);
    const tiny = parseMetricCsvBytes(Buffer.from("1,1,1\n2,2,2\n3,3,3\n4,4,4\n5,5,5\n6,6,6\n"));
    expect([...tiny.values]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
