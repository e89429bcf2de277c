import { describe, expect, it } from "vitest";
import { formatBytes } from "./format.ts";

describe("formatBytes", () => {
  it("writes powers of 1024 with their binary unit, whole bytes below 1 KiB", () => {
    expect(formatBytes(undefined)).toBe("");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(formatBytes(3 * 1024 ** 5)).toBe("3072.0 TiB");
  });
});
