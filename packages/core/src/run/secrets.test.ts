import { describe, expect, it } from "vitest";
import { environmentAttributes } from "./environment.ts";
import { redactArgv, stripUrlCredentials } from "./secrets.ts";

describe("secrets", () => {
  it("strips credentials, query and fragment from URLs and scp-style remotes", () => {
    expect(stripUrlCredentials("https://user:hunter2@github.com/org/repo.git?token=abc#x")).toBe(
      "https://github.com/org/repo.git",
    );
    expect(stripUrlCredentials("git@github.com:org/repo.git")).toBe("github.com:org/repo.git");
  });

  it("redacts the values of secret-looking options and URL credentials on the command line", () => {
    expect(
      redactArgv([
        "node",
        "train.js",
        "--token=abc123",
        "--api-key",
        "sk-live-1",
        "--lr=0.1",
        "--password",
        "pw",
        "http://bob:pw@host/x",
      ]),
    ).toEqual([
      "node",
      "train.js",
      "--token=***",
      "--api-key",
      "***",
      "--lr=0.1",
      "--password",
      "***",
      "http://host/x",
    ]);
  });

  it("redacts every secret form the adversarial run found on the command line", () => {
    const argv = [
      "--db=postgres://u:s3cr3t@h/db",
      "--pass=s3cr3t",
      "-p",
      "s3cr3t",
      "--key=s3cr3t",
      "--access-key=s3cr3t",
      "--pwd=s3cr3t",
      "--bearer=s3cr3t",
      "--passphrase=s3cr3t",
      "MLFLOW_TRACKING_PASSWORD=s3cr3t",
      "--header=Authorization: Bearer s3cr3t",
      "--header",
      "Authorization: Bearer s3cr3t",
      "--wandb-key=s3cr3t",
      "--mirror",
      "see https://a:s3cr3t@example.org/x",
    ];
    const redacted = redactArgv(argv);
    expect(redacted.join(" ")).not.toContain("s3cr3t");
    expect(redacted[0]).toBe("--db=postgres://h/db");
    expect(redacted.at(-1)).toBe("see https://example.org/x");
  });

  it("keeps ordinary options and an option following a secret flag", () => {
    expect(redactArgv(["--epochs=3", "--lr", "0.1", "--password", "--verbose", "EPOCHS=3"])).toEqual([
      "--epochs=3",
      "--lr",
      "0.1",
      "--password",
      "--verbose",
      "EPOCHS=3",
    ]);
  });

  it("records the environment through an allow-list: no environment variable leaks in", () => {
    process.env.PROV4ML_TEST_SECRET = "do-not-record-me";
    process.env.RANK = "3";
    try {
      const recorded = JSON.stringify(environmentAttributes());
      expect(recorded).not.toContain("do-not-record-me");
      expect(recorded).toContain('"prov4ml:env_RANK":"3"');
    } finally {
      delete process.env.PROV4ML_TEST_SECRET;
      delete process.env.RANK;
    }
  });
});
