/** The built `prov4ml` executable, spawned as users run it (built here first with tsdown). */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./run-cli.ts";

const packageDir = join(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const bin = join(packageDir, manifest.bin.prov4ml);

beforeAll(() => {
  execFileSync(process.execPath, [join(packageDir, "node_modules", "tsdown", "dist", "run.mjs")], {
    cwd: packageDir,
    stdio: "pipe",
  });
}, 120_000);

function prov4ml(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
}

describe("the prov4ml executable", () => {
  it("prints its version (the package's)", () => {
    expect(prov4ml("--version").stdout.trim()).toBe(manifest.version);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("shows a fixture as JSON", () => {
    const result = prov4ml("show", fixture("provgraph_IBM_outliers_15.json"), "--json");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).experimentName).toBe("IBM_outliers");
  });

  it("exits 1 with one line on stderr for a missing file", () => {
    const result = prov4ml("graph", "/nonexistent/prov.json");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("prov4ml graph: no such file or directory: /nonexistent/prov.json\n");
  });

  it("exits 1 when validate finds errors, 0 under the yprov4ml profile", () => {
    expect(prov4ml("validate", fixture("provgraph_3B.json")).status).toBe(1);
    expect(prov4ml("validate", fixture("provgraph_3B.json"), "--profile", "yprov4ml").status).toBe(0);
  });
});
