import { describe, expect, it } from "vitest";
import { ratedCpuPower } from "./cpu-meter.ts";
import { lookupCpuTdp, matchCpuName } from "./tdp-lookup.ts";

describe("lookupCpuTdp (CodeCarbon's matcher over the shipped table)", () => {
  it("matches Intel brand strings after stripping (R), CPU and the clock", () => {
    expect(matchCpuName("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz")).toBe("Intel Xeon Gold 6248");
    expect(lookupCpuTdp("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz")?.watts).toBe(150);
  });

  it("is case-insensitive, and accepts a unique model whose tokens are a subset of the brand string", () => {
    expect(matchCpuName("amd epyc 7742")).toBe("AMD EPYC 7742");
    expect(matchCpuName("AMD EPYC 7742 64-Core Processor")).toBe("AMD EPYC 7742");
  });

  it("refuses a token-set tie: 'AMD EPYC' names many models", () => {
    expect(matchCpuName("AMD EPYC")).toBeUndefined();
  });
});

describe("ratedCpuPower", () => {
  it("TDP × sockets for a known model", () => {
    const rated = ratedCpuPower({ model: "AMD EPYC 7742", threads: 256, sockets: 2 }, undefined);
    expect(rated.watts).toBe(2 * (lookupCpuTdp("AMD EPYC 7742")?.watts ?? Number.NaN));
  });
  it("4 W per thread × sockets for an unknown model, 85 W without a model, the option when given", () => {
    expect(ratedCpuPower({ model: "AMD EPYC", threads: 2, sockets: 1 }, undefined).watts).toBe(8);
    expect(ratedCpuPower({ model: "Mystery CPU", threads: 16, sockets: 2 }, undefined).watts).toBe(128);
    expect(ratedCpuPower({ model: "", threads: 16, sockets: 1 }, undefined).watts).toBe(85);
    expect(ratedCpuPower({ model: "AMD EPYC", threads: 2, sockets: 1 }, 33).watts).toBe(33);
  });
});
