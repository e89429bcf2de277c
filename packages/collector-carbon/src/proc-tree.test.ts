import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { readDescendants } from "./proc-tree.ts";

describe.runIf(process.platform === "linux")("readDescendants", () => {
  it("finds a child and its grandchild, with CPU ticks and RSS", async () => {
    // sh → sleep: a grandchild through a shell that stays alive.
    const child = spawn("sh", ["-c", "sleep 30 & wait"], { stdio: "ignore" });
    try {
      let found = new Map<number, { cpuTicks: number; rssPages: number }>();
      for (let i = 0; i < 50 && found.size < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        found = readDescendants("/proc", process.pid);
      }
      expect(found.has(child.pid as number)).toBe(true);
      expect(found.size).toBeGreaterThanOrEqual(2);
      for (const stat of found.values()) {
        expect(stat.cpuTicks).toBeGreaterThanOrEqual(0);
        expect(stat.rssPages).toBeGreaterThan(0);
      }
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("is empty without /proc", () => {
    expect(readDescendants("/nonexistent/proc", process.pid).size).toBe(0);
  });
});
