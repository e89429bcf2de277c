/** koffi is an optional dependency: where it cannot load, NVML is reported unavailable, not thrown. */
import { describe, expect, it, vi } from "vitest";

vi.mock("koffi", () => {
  throw new Error("no prebuilt koffi binary for this platform");
});

describe("loadNvml without koffi", () => {
  it("returns the reason instead of throwing", async () => {
    const { loadNvml, detectGpuBackend } = await import("../src/index.ts");
    const result = await loadNvml({ libraryPath: "/any/libnvidia-ml.so.1" });
    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toMatch(/^the koffi FFI module failed to load: /);
    const detection = await detectGpuBackend({ nvidiaSmi: false, amdgpu: false });
    expect(detection.attempts[0]?.reason).toMatch(/koffi FFI module failed to load/);
  });
});
