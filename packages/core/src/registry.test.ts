import { describe, expect, it } from "vitest";
import { PluginError } from "./errors.ts";
import type { BackendPlugin } from "./plugins/backend.ts";
import type { ExporterPlugin } from "./plugins/exporter.ts";
import { createRegistry } from "./registry.ts";

const backend = (name: string): BackendPlugin => ({
  kind: "backend",
  name,
  specVersion: 1,
  capabilities: { metrics: true, artifacts: false, documents: false },
  openRun: async () => ({ write() {}, forceFlush: async () => {}, close: async () => undefined }),
});
const exporter = (name: string, format: string): ExporterPlugin => ({
  kind: "exporter",
  name,
  specVersion: 1,
  format,
  fileExtension: ".x",
  mediaType: "text/plain",
  export: () => "",
});

describe("createRegistry", () => {
  it("flattens presets, ignores falsy entries and groups plugins by kind in order", () => {
    const registry = createRegistry([
      backend("a"),
      false,
      null,
      undefined,
      [backend("b"), [exporter("e", "json")]],
    ]);
    expect(registry.backends.map((plugin) => plugin.name)).toEqual(["a", "b"]);
    expect(registry.exporters.map((plugin) => plugin.name)).toEqual(["e"]);
    expect(registry.all).toHaveLength(3);
  });

  it("refuses duplicates, unknown kinds, other spec versions and missing methods at configuration time", () => {
    expect(() => createRegistry([backend("a"), backend("a")])).toThrow(/registered twice/);
    expect(() => createRegistry([exporter("x", "json"), exporter("y", "json")])).toThrow(
      /second exporter for format "json"/,
    );
    expect(() => createRegistry([{ ...backend("k"), kind: "sink" } as never])).toThrow(/unknown kind "sink"/);
    expect(() => createRegistry([{ ...backend("v"), specVersion: 2 } as never])).toThrow(/specVersion 2/);
    expect(() => createRegistry([{ ...backend("m"), openRun: undefined } as never])).toThrow(
      /needs a `openRun` function/,
    );
    expect(() => createRegistry([{ ...backend(""), name: "" } as never])).toThrow(PluginError);
  });
});
