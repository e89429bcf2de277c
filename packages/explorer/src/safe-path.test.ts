import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveServedFile } from "./safe-path.ts";

const base = mkdtempSync(join(tmpdir(), "explorer-safe-"));
// made at import, before the per-file temp directory exists: removed here
afterAll(() => rmSync(base, { recursive: true, force: true }));
const root = join(base, "root");
mkdirSync(join(root, "run"), { recursive: true });
writeFileSync(join(root, "run", "model.bin"), "weights");
writeFileSync(join(base, "secret.txt"), "secret");
symlinkSync(join(base, "secret.txt"), join(root, "run", "link-out.txt"));

describe("resolveServedFile", () => {
  it("finds a file under the root", async () => {
    expect(await resolveServedFile(root, "run/model.bin")).toMatch(/model\.bin$/);
  });

  it.each([
    "../secret.txt",
    "run/../../secret.txt",
    "%2e%2e/secret.txt",
    "run%2f..%2f..%2fsecret.txt",
    "..%5csecret.txt",
    "run/link-out.txt",
    "run",
    "run/missing.bin",
    "run/model.bin%00",
    "%E0%A4%A",
  ])("refuses %s", async (requested) => {
    expect(await resolveServedFile(root, requested)).toBeUndefined();
  });
});
