/**
 * Every test file gets its own temporary directory: TMPDIR (TMP, TEMP) points at a fresh one
 * while the file runs, so `mkdtemp(join(tmpdir(), …))` in a test — and in the processes it spawns —
 * lands inside it, and it is removed when the file's tests are done, whatever they forgot.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { pointTempDirAt } from "./temp-env.mjs";

let dir;
let restore = () => {};

// in hooks, not at import: a file whose tests are all skipped runs neither, and leaves nothing
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "prov4ml-vitest-"));
  restore = pointTempDirAt(dir);
});

afterAll(() => {
  restore();
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});
