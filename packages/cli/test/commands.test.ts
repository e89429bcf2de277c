/**
 * The commands over every yProv4ML fixture and over hand-made prov4ml runs, in-process
 * (`main(args, io)`); test/bin.test.ts runs the built executable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseProvJson } from "@prov4ml/exporter-prov";
import { afterAll, describe, expect, it } from "vitest";
import { writeProv4mlRun } from "./prov4ml-run.ts";
import { FIXTURE_NAMES, fixture, isOneLineError, runCli } from "./run-cli.ts";

const raw = (name: string) =>
  JSON.parse(readFileSync(fixture(name), "utf8")) as Record<string, Record<string, unknown>>;
const list = (text: unknown) => JSON.parse(String(text)) as number[];

describe.each(FIXTURE_NAMES)("every command on %s", (name) => {
  it("show prints the run, and --json parses", async () => {
    const text = await runCli("show", fixture(name));
    expect(text.status).toBe(0);
    expect(text.out).toMatch(/^status {6}\S+/m);
    expect(text.out).toMatch(/^metrics \(\d+\)$/m);
    const json = await runCli("show", fixture(name), "--json");
    expect(json.status).toBe(0);
    const run = JSON.parse(json.out);
    expect(run.status).toMatch(/^(RUNNING|FINISHED|FAILED|KILLED|UNKNOWN)$/);
    expect(text.out).toContain(`metrics (${run.metrics.length})`);
  });

  it("graph writes DOT, and SVG with --svg", async () => {
    const dot = await runCli("graph", fixture(name));
    expect(dot.status).toBe(0);
    expect(dot.out).toMatch(/^digraph "G" \{/);
    const svg = await runCli("graph", fixture(name), "--svg", "--collapse-contexts", "--direction", "RL");
    expect(svg.status).toBe(0);
    expect(svg.out).toContain("<svg");
  });

  it("convert writes PROV-JSON holding the same records with its quirks repaired, PROV-N and Turtle", async () => {
    const json = await runCli("convert", fixture(name), "--to", "json");
    expect(json.status).toBe(0);
    const original = parseProvJson(readFileSync(fixture(name), "utf8"));
    const converted = parseProvJson(json.out);
    expect(converted.document.records.length).toBe(original.document.records.length);
    // Only "one id, several records" remains: PROV allows it, and PROV-JSON writes it as an array.
    expect(converted.repairs.filter((repair) => !repair.includes("several records"))).toEqual([]);
    expect((await runCli("convert", fixture(name), "--to", "provn")).out).toMatch(
      /^document\n[\s\S]*endDocument\n$/,
    );
    expect((await runCli("convert", fixture(name), "--to", "ttl")).out).toContain(
      "@prefix prov: <http://www.w3.org/ns/prov#>",
    );
  });

  it("validate: invalid under strict (repairs are errors), valid under the yprov4ml profile", async () => {
    const strict = await runCli("validate", fixture(name), "--json");
    expect(strict.status).toBe(1);
    const report = JSON.parse(strict.out);
    expect(report.valid).toBe(false);
    expect(report.errors.map((e: { code: string }) => e.code)).toContain("reader/repair");
    const lenient = await runCli("validate", fixture(name), "--profile", "yprov4ml");
    expect(lenient.status).toBe(0);
    expect(lenient.out).toMatch(/: valid \(profile yprov4ml\): 0 errors, \d+ warnings?\n$/);
  });
});

describe("show", () => {
  it("reports the metric summaries of yProv4ML's inline series", async () => {
    const run = JSON.parse((await runCli("show", fixture("provgraph_5epochs_short.json"), "--json")).out);
    const entity = raw("provgraph_5epochs_short.json").entity!["Loss_Context.TRAINING"] as Record<
      string,
      unknown
    >;
    const values = list(entity["prov-ml:metric_value_list"]);
    const loss = run.metrics.find(
      (m: { name: string; context: string }) => m.name === "Loss" && m.context === "Context.TRAINING",
    );
    expect(loss).toMatchObject({
      count: values.length,
      last: values.at(-1),
      min: Math.min(...values),
      max: Math.max(...values),
    });
  });

  it("says a document still RUNNING was not closed", async () => {
    const { dir } = writeProv4mlRun({ status: "RUNNING" });
    const text = await runCli("show", dir);
    expect(text.out).toMatch(/^status {6}RUNNING — not closed/m);
    expect(JSON.parse((await runCli("show", dir, "--json")).out)).toMatchObject({
      status: "RUNNING",
      closed: false,
    });
  });

  it("shows carbon totals from the run's prov4ml:carbon_ attributes", async () => {
    const { dir } = writeProv4mlRun({ status: "FINISHED", carbon: true });
    const text = await runCli("show", dir);
    expect(text.out).toContain("carbon (run totals)\n  emissions_kg = 0.0125\n  energy_consumed_kwh = 0.05");
    const json = JSON.parse((await runCli("show", dir, "--json")).out);
    expect(json.carbon).toEqual({
      from: "attributes",
      values: { emissions_kg: 0.0125, energy_consumed_kwh: 0.05 },
    });
    expect(json.params).toEqual({ lr: "0.01" });
    expect(json.durationSeconds).toBe(120);
  });
});

describe("metrics", () => {
  const file = fixture("provgraph_5epochs_short.json");
  const entity = raw("provgraph_5epochs_short.json").entity!["Loss_Context.VALIDATION"] as Record<
    string,
    unknown
  >;

  it("prints one series as CSV", async () => {
    const csv = await runCli("metrics", file, "Loss", "--context", "Context.VALIDATION", "--csv");
    expect(csv.status).toBe(0);
    const [header, ...rows] = csv.out.trimEnd().split("\n");
    expect(header).toBe("step,value,timestamp");
    expect(rows.map((row) => Number(row.split(",")[1]))).toEqual(list(entity["prov-ml:metric_value_list"]));
    expect(rows.map((row) => Number(row.split(",")[2]))).toEqual(
      list(entity["prov-ml:metric_timestamp_list"]),
    );
  });

  it("prints JSON columns and a table", async () => {
    const json = JSON.parse(
      (await runCli("metrics", file, "Loss", "--context", "Context.VALIDATION", "--json")).out,
    );
    expect(json).toMatchObject({ name: "Loss", context: "Context.VALIDATION", count: 10 });
    expect(json.values).toEqual(list(entity["prov-ml:metric_value_list"]));
    const table = await runCli("metrics", file, "Loss", "--context", "Context.VALIDATION");
    expect(table.out.split("\n")[1]).toMatch(/^step +value +timestamp$/);
  });

  it("reads a prov4ml run's CSV file", async () => {
    const { dir, points } = writeProv4mlRun({ status: "FINISHED" });
    const csv = await runCli("metrics", dir, "loss", "--csv");
    expect(csv.out).toBe(
      `step,value,timestamp\n${points.map((p) => `${p.step},${p.value},${p.timestamp}`).join("\n")}\n`,
    );
  });

  it("asks for --context when a name has several series, and lists names when it has none", async () => {
    const ambiguous = await runCli("metrics", file, "Loss");
    expect(ambiguous.status).toBe(1);
    expect(isOneLineError(ambiguous.err)).toBe(true);
    expect(ambiguous.err).toContain('--context "Context.TRAINING"');
    const unknown = await runCli("metrics", file, "accuracy");
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain("this run has");
  });

  it("explains series kept in files prov4ml cannot read (yProv4ML NetCDF)", async () => {
    const result = await runCli(
      "metrics",
      fixture("prov_MetricsType.NETCDF_False_GR0_0.json"),
      "MSE",
      "--context",
      "Context.TRAINING",
    );
    expect(result.status).toBe(1);
    expect(isOneLineError(result.err)).toBe(true);
  });
});

describe("graph and convert to a file", () => {
  it("writes -o files, SVG when the name ends in .svg", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-cli-"));
    const svg = join(dir, "g.svg");
    const result = await runCli("graph", fixture("provgraph_3DGAN.json"), "-o", svg);
    expect(result.status).toBe(0);
    expect(readFileSync(svg, "utf8")).toContain("epoch_0 … epoch_1744");
    const provn = join(dir, "doc.provn");
    expect((await runCli("convert", fixture("provgraph_3B.json"), "--to", "provn", "-o", provn)).status).toBe(
      0,
    );
    expect(readFileSync(provn, "utf8")).toMatch(/^document\n/);
  });
});

describe("errors: one line on stderr, non-zero exit, no stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-cli-bad-"));
  // made while collecting, before the per-file temp directory exists: removed here
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const truncated = write(
    "truncated.json",
    readFileSync(fixture("provgraph_3B.json"), "utf8").slice(0, 5000),
  );
  const notProv = write("not-prov.json", '{"name": "x", "values": [1, 2]}');
  const notJson = write("not-json.json", "hello");

  it.each([
    ["a missing file", ["show", join(dir, "missing.json")], /no such file or directory/],
    ["a truncated file", ["graph", truncated], /truncated/],
    ["JSON that is not PROV", ["validate", notProv], /not PROV-JSON/],
    ["text that is not JSON", ["convert", notJson, "--to", "provn"], /not valid JSON/],
    ["a directory without a document", ["show", dir], /holds no prov_\*\.json/],
    ["a sync of a missing directory", ["sync", join(dir, "nope")], /no run directory/],
  ])("%s: exit 1", async (_what, args, message) => {
    const result = await runCli(...args);
    expect(result.status).toBe(1);
    expect(result.out).toBe("");
    expect(isOneLineError(result.err)).toBe(true);
    expect(result.err).toMatch(message);
  });

  it.each([
    [["frobnicate"], /unknown command/],
    [["show"], /missing <run dir \| prov\.json>/],
    [["graph", "x.json", "--bogus"], /Unknown option '--bogus'/],
    [["convert", "x.json"], /missing --to/],
    [["convert", "x.json", "--to", "xml"], /--to must be json, provn or ttl/],
    [["validate", "x.json", "--profile", "loose"], /--profile must be strict or yprov4ml/],
    [["graph", "x.json", "--direction", "UP"], /--direction must be one of/],
  ])("usage error %j: exit 2", async (args, message) => {
    const result = await runCli(...args);
    expect(result.status).toBe(2);
    expect(isOneLineError(result.err)).toBe(true);
    expect(result.err).toMatch(message);
  });

  it("every command has --help", async () => {
    for (const command of ["show", "metrics", "graph", "convert", "validate", "sync"]) {
      const help = await runCli(command, "--help");
      expect(help.status).toBe(0);
      expect(help.out).toMatch(new RegExp(`^Usage: prov4ml ${command} `));
    }
    expect((await runCli("--help")).out).toContain("validate  check a document against PROV constraints");
  });
});
