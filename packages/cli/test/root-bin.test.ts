/**
 * `npx prov4ml --help` at the repository root finds the workspace's CLI (the root package depends
 * on @prov4ml/cli, so its bin is linked into the root's node_modules/.bin) instead of asking the
 * registry. Spawns npx; needs the CLI built (turbo builds it before the tests).
 */
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";

describe("the CLI at the repository root", () => {
  it("npx prov4ml --help works there without the registry", () => {
    // --no: never download; a missing local bin fails instead of fetching from the registry
    const result = spawnSync("npx", ["--no", "--", "prov4ml", "--help"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: prov4ml <command>/);
    expect(result.stdout).toContain("validate");
  });
});
