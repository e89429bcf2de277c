/**
 * `prov4ml ui` (in-process, serving on 127.0.0.1 until the test stops it) and `prov4ml report`
 * over a hand-made run directory. Needs @prov4ml/explorer built (its page bundle).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeUiCommand } from "../src/commands/ui.ts";
import { bufferIO } from "../src/io.ts";
import { writeProv4mlRun } from "./prov4ml-run.ts";
import { isOneLineError, runCli } from "./run-cli.ts";

describe("ui", () => {
  it("serves the runs of the given directory on 127.0.0.1 until stopped", async () => {
    const run = writeProv4mlRun({ status: "FINISHED" });
    let stop!: () => void;
    const stopped = new Promise<void>((done) => (stop = done));
    let printed!: (url: string) => void;
    const urlPrinted = new Promise<string>((done) => (printed = done));
    const io = bufferIO();
    const stdout = io.stdout;
    io.stdout = (text) => {
      stdout(text);
      const match = /(http:\/\/\S+)/.exec(text);
      if (match) printed(match[1]!);
    };
    const status = makeUiCommand(() => stopped).run([run.dir, "--port", "0"], io);
    const url = await urlPrinted;
    expect(new URL(url).hostname).toBe("127.0.0.1");
    const answer = (await (await fetch(new URL("/api/runs", url))).json()) as { runs: { status: string }[] };
    expect(answer.runs.map((entry) => entry.status)).toContain("FINISHED");
    stop();
    expect(await status).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it("says what to do about a directory that does not exist", async () => {
    const result = await runCli("ui", "/nonexistent/prov", "--port", "0");
    expect(result.status).not.toBe(0);
    expect(result.err).toMatch(/is not a directory/);
    expect(isOneLineError(result.err)).toBe(true);
  });
});

describe("report", () => {
  it("writes one self-contained HTML file with the run's data and the page inlined", async () => {
    const run = writeProv4mlRun({ status: "FINISHED" });
    const output = join(run.dir, "run.html");
    const result = await runCli("report", run.dir, "-o", output);
    expect(result.status).toBe(0);
    const html = readFileSync(output, "utf8");
    expect(html).toContain('id="prov4ml-report-data"');
    expect(html).toContain("Content-Security-Policy");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    expect(html).toContain('"name":"loss"');
  });

  it("needs -o", async () => {
    const run = writeProv4mlRun({ status: "FINISHED" });
    const result = await runCli("report", run.dir);
    expect(result.status).not.toBe(0);
    expect(result.err).toMatch(/-o/);
  });
});
