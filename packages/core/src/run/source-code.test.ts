import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSourceCode } from "./source-code.ts";

function git(cwd: string, ...args: string[]) {
  execFileSync("git", args, { cwd, stdio: "ignore" });
}

describe("readSourceCode", () => {
  it("records the commit, branch, dirty flag and a remote without credentials", async () => {
    const repo = mkdtempSync(join(tmpdir(), "prov4ml-git-"));
    git(repo, "init", "-q", "-b", "main");
    git(repo, "config", "user.email", "t@example.org");
    git(repo, "config", "user.name", "t");
    writeFileSync(join(repo, "train.py"), "print(1)\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "first");
    git(repo, "remote", "add", "origin", "https://alice:s3cret@example.org/ml/repo.git");
    const clean = await readSourceCode(repo);
    expect(clean).toMatchObject({ branch: "main", dirty: false, remote: "https://example.org/ml/repo.git" });
    expect(clean?.commit).toMatch(/^[0-9a-f]{40}$/);
    writeFileSync(join(repo, "train.py"), "print(2)\n");
    expect((await readSourceCode(repo))?.dirty).toBe(true);
  });

  it("returns undefined outside a git checkout", async () => {
    expect(await readSourceCode(mkdtempSync(join(tmpdir(), "prov4ml-nogit-")))).toBeUndefined();
  });
});
