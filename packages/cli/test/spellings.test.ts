/**
 * The spellings `prov4ml --help` shows work on real documents, in-process: `--context` as prov4ml
 * writes it (`training`) or as yProv4ML does (`Context.TRAINING`), and `--to turtle` as `ttl`.
 */
import { describe, expect, it } from "vitest";
import { writeProv4mlRun } from "./prov4ml-run.ts";
import { fixture, runCli } from "./run-cli.ts";

describe("CLI spellings on documents", () => {
  it("metrics --context accepts both spellings for yProv4ML's and prov4ml's documents", async () => {
    const yprov = fixture("provgraph_5epochs_short.json");
    const asEnum = await runCli("metrics", yprov, "Loss", "--context", "Context.VALIDATION", "--csv");
    const asName = await runCli("metrics", yprov, "Loss", "--context", "validation", "--csv");
    expect(asName.err).toBe("");
    expect(asName.out).toBe(asEnum.out);
    const { dir } = writeProv4mlRun({ status: "FINISHED" });
    const ours = await runCli("metrics", dir, "loss", "--csv");
    const ourEnum = await runCli("metrics", dir, "loss", "--context", "Context.TRAINING", "--csv");
    expect(ourEnum.err).toBe("");
    expect(ourEnum.out).toBe(ours.out);
  });

  it("convert --to turtle writes the same Turtle as --to ttl", async () => {
    const ttl = await runCli("convert", fixture("provgraph_5epochs_short.json"), "--to", "ttl");
    const turtle = await runCli("convert", fixture("provgraph_5epochs_short.json"), "--to", "turtle");
    expect(turtle.status).toBe(0);
    expect(turtle.out).toBe(ttl.out);
    const bad = await runCli("convert", fixture("provgraph_5epochs_short.json"), "--to", "xml");
    expect(bad.status).toBe(2);
    expect(bad.err).toContain("json, provn or ttl");
  });
});
