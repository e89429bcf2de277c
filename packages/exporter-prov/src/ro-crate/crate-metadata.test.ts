import { describe, expect, it } from "vitest";
import type { RunView } from "../run-view/types.ts";
import type { CrateFile } from "./crate-files.ts";
import { roCrateMetadata } from "./crate-metadata.ts";

const file = (path: string): CrateFile => ({
  path,
  absolutePath: `/run/${path}`,
  size: 1,
  sha256: "ab".repeat(32),
  encodingFormat: "application/octet-stream",
});

const view: RunView = {
  generation: "prov4ml",
  experimentName: "exp",
  runName: "exp_GR0_0",
  status: "FAILED",
  params: {},
  metrics: [],
  artifacts: [
    { id: "a", name: "data.csv", path: "artifacts_GR0/data.csv", role: "input" },
    { id: "b", name: "model", path: "artifacts_GR0/model", role: "output", isDirectory: true },
  ],
  models: [],
  datasets: [],
  attributes: {},
  repairs: [],
};

type Entity = Record<string, unknown> & { "@id": string };

describe("roCrateMetadata", () => {
  it("makes the run a CreateAction: files it used are objects, files it made (a directory's too) results", () => {
    const files = ["prov_exp_GR0_0.json", "artifacts_GR0/data.csv", "artifacts_GR0/model/w 1.bin"].map(file);
    const metadata = roCrateMetadata(files, {
      view,
      documentPath: "prov_exp_GR0_0.json",
      datePublished: "2026-01-01",
    });
    const graph = metadata["@graph"] as Entity[];
    const byId = (id: string) => graph.find((entity) => entity["@id"] === id);
    expect(byId("#run")).toMatchObject({
      "@type": "CreateAction",
      actionStatus: { "@id": "http://schema.org/FailedActionStatus" },
      object: [{ "@id": "artifacts_GR0/data.csv" }],
      result: [{ "@id": "artifacts_GR0/model/w%201.bin" }],
    });
    expect(byId("./")).toMatchObject({
      mainEntity: { "@id": "prov_exp_GR0_0.json" },
      datePublished: "2026-01-01",
    });
    expect(byId("artifacts_GR0/model/w%201.bin")).toMatchObject({
      name: "w 1.bin",
      description: "Artifact model (output of the run).",
    });
  });
});
