import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { DatasetEvent } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { DATASET_SHA256_TAG, describedDigest, localDataPath, withContentDigest } from "./dataset-digest.ts";
import { datasetInput } from "./event-mapping.ts";

function dataset(overrides: Partial<DatasetEvent>): DatasetEvent {
  return {
    type: "dataset",
    label: "train",
    context: "training",
    source: undefined,
    digest: undefined,
    stats: {},
    timestamp: 0,
    ...overrides,
  };
}

describe("dataset digests", () => {
  it("describes in-memory data by what was given, not by its label", () => {
    const a = describedDigest(dataset({ label: "a", stats: { total_samples: 10, classes: 2 } }));
    expect(describedDigest(dataset({ label: "b", stats: { classes: 2, total_samples: 10 } }))).toBe(a);
    expect(describedDigest(dataset({ label: "a", stats: { total_samples: 11, classes: 2 } }))).not.toBe(a);
    expect(a).toHaveLength(36);
  });

  it("hashes local data only when no digest was given and the source is a local path", () => {
    expect(localDataPath(dataset({ source: "/data/x.csv" }))).toBe("/data/x.csv");
    expect(localDataPath(dataset({ source: pathToFileURL("/data/x.csv").href }))).toBe("/data/x.csv");
    expect(localDataPath(dataset({ source: "s3://bucket/x.csv" }))).toBeUndefined();
    expect(localDataPath(dataset({ source: "relative/x.csv" }))).toBeUndefined();
    expect(localDataPath(dataset({ source: "/data/x.csv", digest: "given" }))).toBeUndefined();
  });

  it("uses the SHA-256 of a file's bytes, and keeps the described digest for data not here", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "digest-")), "x.csv");
    writeFileSync(file, "a,b\n1,2\n");
    const sha256 = createHash("sha256").update("a,b\n1,2\n").digest("hex");
    const input = await withContentDigest(datasetInput(dataset({ source: file })), file);
    expect(input.dataset.digest).toBe(sha256.slice(0, 36));
    expect(input.tags).toContainEqual({ key: DATASET_SHA256_TAG, value: sha256 });
    expect(input.tags).toContainEqual({ key: "mlflow.data.context", value: "training" });
    const missing = datasetInput(dataset({ source: `${file}.gone` }));
    expect(await withContentDigest(missing, `${file}.gone`)).toEqual(missing);
  });
});
