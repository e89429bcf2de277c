import { describe, expect, it } from "vitest";
import { withTimeout } from "./with-timeout.ts";

describe("withTimeout", () => {
  it("settles like the operation when it settles first", async () => {
    await expect(withTimeout(Promise.resolve(7), 60_000, () => new Error("late"))).resolves.toBe(7);
    const failing = Promise.reject(new Error("own failure"));
    await expect(withTimeout(failing, 60_000, () => new Error("late"))).rejects.toThrow("own failure");
  });

  it("rejects with the given error when the operation never settles", async () => {
    const never = new Promise<never>(() => {});
    await expect(withTimeout(never, 1, () => new RangeError("too slow"))).rejects.toBeInstanceOf(RangeError);
  });
});
