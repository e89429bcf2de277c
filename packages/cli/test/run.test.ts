/**
 * `prov4ml run` end to end: the built bin wraps real child processes (the machine's python3 with
 * no packages, /bin/sh). Needs `pnpm build` first (turbo's test task depends on it).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  activityOf,
  attributeValue,
  RUN_FIXTURES,
  readRun,
  runBin,
  startBin,
  tagsOf,
} from "./run-cli-process.ts";

const workDir = () => mkdtempSync(join(tmpdir(), "prov4ml-run-"));
const csv = (dir: string, name: string) => readFileSync(join(dir, "metrics_GR0", name), "utf8");

describe("prov4ml run", () => {
  it("wraps a Python script: exit status, records from stdout and PROV4ML_EVENTS, redacted logs", async () => {
    const cwd = workDir();
    const result = await runBin(
      [
        "run",
        "--no-carbon",
        "--interval",
        "0.2",
        "--output",
        "model.bin",
        "--",
        "python3",
        join(RUN_FIXTURES, "train.py"),
        "model.bin",
        "3",
      ],
      {
        cwd,
        env: {
          MLFLOW_TRACKING_URI: "",
          // the script runs until the wrapper's first sample of its tree is on disk
          TRAIN_WAIT_FOR: join(cwd, "prov", "*", "metrics_GR0", "process_cpu_usage_training_system_GR0.csv"),
        },
      },
    );
    expect(result.status).toBe(3);
    // stdout passes through untouched, protocol lines included (no --quiet-protocol).
    expect(result.out.toString()).toContain("prov4ml:metric name=loss value=0.5 step=1 context=training\n");
    expect(result.err).toContain("epoch done, api_token=s3cr3tvalue\n");
    expect(result.err).toContain("1 malformed prov4ml record(s)");
    const { dir, doc } = readRun(cwd);
    expect(dir).toMatch(/train_0$/);
    const activity = activityOf(doc);
    expect(activity["prov4ml:status"]).toBe("FAILED");
    const tags = tagsOf(activity);
    expect(tags).toMatchObject({ exit_code: "3", protocol_malformed: "1", stage: "unit test" });
    expect(
      csv(dir, "loss_training_prov4ml_GR0.csv")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",").slice(0, 2).join(",")),
    ).toEqual(["0,1", "1,0.5", "2,0.3333333333333333"]);
    expect(csv(dir, "accuracy_training_prov4ml_GR0.csv").split("\n")).toHaveLength(5);
    expect(existsSync(join(dir, "metrics_GR0", "process_cpu_usage_training_system_GR0.csv"))).toBe(true);
    const stderrLog = readFileSync(join(dir, "artifacts_GR0", "logs", "stderr.log"), "utf8");
    expect(stderrLog).toBe("epoch done, api_token=***\n");
    const entities = Object.values(doc.entity ?? {});
    expect(
      entities.some((e) => e["prov:label"] === "learning_rate" && attributeValue(e["prov:value"]) === "0.01"),
    ).toBe(true);
    expect(entities.some((e) => e["prov:label"] === "model.bin")).toBe(true);
  });

  it("wraps a shell script and exits 0 with a FINISHED run; --quiet-protocol drops valid records", async () => {
    const cwd = workDir();
    const result = await runBin(
      ["run", "--no-carbon", "--quiet-protocol", "--", join(RUN_FIXTURES, "train.sh")],
      {
        cwd,
        env: { MLFLOW_TRACKING_URI: "" },
      },
    );
    expect(result.status).toBe(0);
    expect(result.out.toString()).toBe("plain output line\n");
    const { dir, doc } = readRun(cwd);
    expect(activityOf(doc)["prov4ml:status"]).toBe("FINISHED");
    const rows = csv(dir, "loss_training_prov4ml_GR0.csv").trim().split("\n").slice(1);
    // Two channels (stdout and descriptor 3) keep no order between them: the steps say it.
    expect(rows.map((row) => row.split(",").slice(0, 2).join(",")).sort()).toEqual(["0,0.9", "1,0.4"]);
  });

  it("a command that does not exist: exit 127, one line, a FAILED run that says why", async () => {
    const cwd = workDir();
    const result = await runBin(["run", "--no-carbon", "--", "no-such-command-xyz", "--flag"], {
      cwd,
      env: { MLFLOW_TRACKING_URI: "" },
    });
    expect(result.status).toBe(127);
    expect(result.err).toBe(
      "prov4ml run: command not found: no-such-command-xyz (check the name and PATH)\n",
    );
    const activity = activityOf(readRun(cwd).doc);
    expect(activity["prov4ml:status"]).toBe("FAILED");
    expect(tagsOf(activity).failure_reason).toContain("command not found");
  });

  it("forwards SIGTERM to the child and ends the run KILLED with 128 + 15", async () => {
    const cwd = workDir();
    const ready = join(cwd, "ready");
    const script = `trap 'echo got-term; exit 143' TERM; touch ${ready}; while :; do sleep 0.05; done`;
    const { child, result } = startBin(["run", "--no-carbon", "--", "sh", "-c", script], {
      cwd,
      env: { MLFLOW_TRACKING_URI: "" },
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!existsSync(ready)) return;
        clearInterval(timer);
        resolve();
      }, 20);
    });
    child.kill("SIGTERM");
    const done = await result;
    expect(done.status).toBe(143);
    expect(done.out.toString()).toContain("got-term");
    const activity = activityOf(readRun(cwd).doc);
    expect(activity["prov4ml:status"]).toBe("KILLED");
    expect(tagsOf(activity).forwarded_signal).toBe("SIGTERM");
  });

  it("--input is used, an --output the command did not change is reported, --watch finds new files", async () => {
    const cwd = workDir();
    writeFileSync(join(cwd, "data.csv"), "a,b\n1,2\n");
    writeFileSync(join(cwd, "same.txt"), "unchanged\n");
    const result = await runBin(
      [
        "run",
        "--no-carbon",
        "--input",
        "data.csv",
        "--output",
        "same.txt",
        "--watch",
        "out",
        "--",
        "sh",
        "-c",
        "mkdir -p out && echo w > out/ckpt.pt",
      ],
      { cwd, env: { MLFLOW_TRACKING_URI: "" } },
    );
    expect(result.status).toBe(0);
    expect(result.err).toContain("not changed by the command");
    const { doc } = readRun(cwd);
    const labels = Object.values(doc.entity ?? {}).map((e) => e["prov:label"]);
    expect(labels).toContain("data.csv");
    expect(labels).toContain("out/ckpt.pt");
    expect(labels).not.toContain("same.txt");
    const used = Object.values(doc.used ?? {}).map((u) => String(u["prov:entity"]));
    expect(used.some((id) => id.includes("data"))).toBe(true);
  });

  it("measures carbon in process mode over the command's tree (the carbon collector on a wrapped run)", async () => {
    const cwd = workDir();
    const busy = "x = 0\nfor i in range(3_000_000): x += i\nprint(x)";
    const result = await runBin(
      ["run", "--country", "FRA", "--interval", "0.2", "--", "python3", "-c", busy],
      {
        cwd,
        env: { MLFLOW_TRACKING_URI: "" },
      },
    );
    expect(result.status).toBe(0);
    const { dir, doc } = readRun(cwd);
    const activity = activityOf(doc);
    expect(activity["prov4ml:carbon_tracking_mode"]).toBe("process");
    expect(String(activity["prov4ml:carbon_ram_method"])).toContain("process-tree RSS");
    expect(Number(attributeValue(activity["prov4ml:carbon_cpu_energy_kwh"]))).toBeGreaterThan(0);
    expect(Number(attributeValue(activity["prov4ml:carbon_emissions_kg"]))).toBeGreaterThan(0);
    expect(csv(dir, "emissions_training_carbon_GR0.csv").trim().split("\n").length).toBeGreaterThan(1);
  });
});
