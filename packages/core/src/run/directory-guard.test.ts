import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UnusableDirectoryError } from "../errors.ts";
import { refuseKernelFileSystem, withFsTimeout } from "./directory-guard.ts";
import { allocateRunDirectory } from "./run-directory.ts";

describe.skipIf(process.platform === "win32")("provenance directories on kernel file systems", () => {
  it("refuses /proc, /sys and /dev with a typed error instead of hanging", async () => {
    for (const dir of ["/proc/self/prov", "/sys/prov", "/dev/prov", "/proc"]) {
      await expect(allocateRunDirectory(dir, "exp")).rejects.toBeInstanceOf(UnusableDirectoryError);
    }
  });

  it("refuses a symbolic link that leads there, and accepts an ordinary directory", async () => {
    const base = mkdtempSync(join(tmpdir(), "prov4ml-guard-"));
    symlinkSync("/proc/self", join(base, "link"));
    await expect(refuseKernelFileSystem(join(base, "link", "prov"))).rejects.toThrow(/kernel file system/);
    await expect(refuseKernelFileSystem(join(base, "not-yet", "prov"))).resolves.toBeUndefined();
  });

  it("gives up on a file-system call that never answers", async () => {
    const never = new Promise<never>(() => {});
    await expect(withFsTimeout(never, "/mnt/hung", "creating", 20)).rejects.toThrow(
      /did not finish within 20 ms/,
    );
  });
});
