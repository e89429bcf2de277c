/** Unit tests of the client's own logic (retries, errors, secrets) against a scripted fake fetch. */
import { describe, expect, it } from "vitest";
import { MlflowClient } from "./client.ts";
import {
  MlflowAuthError,
  MlflowRequestError,
  MlflowUnreachableError,
  MlflowValidationError,
} from "./errors.ts";
import { backoffDelay, DEFAULT_RETRY_POLICY } from "./retry.ts";

type Step = { status: number; body?: string; headers?: Record<string, string> } | Error;

function scripted(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const step = steps.shift() ?? { status: 200, body: "{}" };
    if (step instanceof Error) throw step;
    return new Response(step.body ?? "{}", { status: step.status, headers: step.headers });
  };
  return { fetch, calls };
}

const fast = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 };

describe("MlflowClient transport", () => {
  it("retries network errors, 408, 429 and 5xx, then succeeds", async () => {
    const { fetch, calls } = scripted([
      new TypeError("fetch failed"),
      { status: 503 },
      { status: 429 },
      { status: 200 },
    ]);
    const client = new MlflowClient({ trackingUri: "http://mlflow.test", fetch, retry: fast });
    await client.logBatch("run1", { params: [{ key: "a", value: "1" }] });
    expect(calls).toHaveLength(4);
    expect(calls[3]!.url).toBe("http://mlflow.test/api/2.0/mlflow/runs/log-batch");
  });

  it("does not retry other 4xx and reports MLflow's error code and message", async () => {
    const { fetch, calls } = scripted([
      {
        status: 400,
        body: JSON.stringify({
          error_code: "INVALID_PARAMETER_VALUE",
          message: "Changing param values is not allowed",
        }),
      },
    ]);
    const client = new MlflowClient({ trackingUri: "http://mlflow.test", fetch, retry: fast });
    const error = await client.logParam("run1", "lr", "0.2").catch((e) => e);
    expect(error).toBeInstanceOf(MlflowRequestError);
    expect(error.errorCode).toBe("INVALID_PARAMETER_VALUE");
    expect(error.message).toContain("Changing param values is not allowed");
    expect(calls).toHaveLength(1);
  });

  it("gives up after the retries with MlflowUnreachableError naming the server, not the credentials", async () => {
    const { fetch } = scripted(Array.from({ length: 10 }, () => new TypeError("fetch failed")));
    const client = new MlflowClient({ trackingUri: "http://bob:hunter2@mlflow.test", fetch, retry: fast });
    const error = await client.getRun("r").catch((e) => e);
    expect(error).toBeInstanceOf(MlflowUnreachableError);
    expect(error.message).toContain("http://mlflow.test");
    expect(error.message).not.toContain("hunter2");
  });

  it("turns 401 into MlflowAuthError that says what to set and never echoes the token", async () => {
    const { fetch, calls } = scripted([{ status: 401, body: "Unauthorized" }]);
    const client = new MlflowClient({
      trackingUri: "http://mlflow.test",
      token: "secret-token-xyz",
      fetch,
      retry: fast,
    });
    const error = await client.getRun("r").catch((e) => e);
    expect(error).toBeInstanceOf(MlflowAuthError);
    expect(error.code).toBe("MLFLOW_AUTH");
    expect(error.message).toContain("MLFLOW_TRACKING_TOKEN");
    expect(error.message).not.toContain("secret-token-xyz");
    expect(new Headers(calls[0]!.init.headers).get("authorization")).toBe("Bearer secret-token-xyz");
  });

  it("validates before sending anything", async () => {
    const { fetch, calls } = scripted([]);
    const client = new MlflowClient({ trackingUri: "http://mlflow.test", fetch });
    await expect(client.logMetric("r", "bad key!", 1)).rejects.toBeInstanceOf(MlflowValidationError);
    await expect(
      client.logBatch("r", {
        params: [
          { key: "a", value: "1" },
          { key: "a", value: "2" },
        ],
      }),
    ).rejects.toThrow(/immutable/);
    expect(calls).toHaveLength(0);
  });

  it("get-or-create experiment survives a concurrent creator (RESOURCE_ALREADY_EXISTS)", async () => {
    const { fetch, calls } = scripted([
      { status: 404, body: JSON.stringify({ error_code: "RESOURCE_DOES_NOT_EXIST", message: "no" }) },
      { status: 400, body: JSON.stringify({ error_code: "RESOURCE_ALREADY_EXISTS", message: "exists" }) },
      { status: 200, body: JSON.stringify({ experiment: { experiment_id: "7", name: "e" } }) },
    ]);
    const client = new MlflowClient({ trackingUri: "http://mlflow.test", fetch, retry: fast });
    expect(await client.getOrCreateExperiment("e")).toBe("7");
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      "/api/2.0/mlflow/experiments/get-by-name",
      "/api/2.0/mlflow/experiments/create",
      "/api/2.0/mlflow/experiments/get-by-name",
    ]);
  });
});

describe("backoffDelay", () => {
  it("doubles up to the cap, adds bounded jitter and honours Retry-After", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000, jitter: 1 };
    expect(backoffDelay(policy, 0, null, () => 0)).toBe(100);
    expect(backoffDelay(policy, 2, null, () => 0)).toBe(400);
    expect(backoffDelay(policy, 10, null, () => 0)).toBe(1000);
    expect(backoffDelay(policy, 1, null, () => 0.5)).toBe(300);
    expect(backoffDelay(policy, 0, "0.25", () => 0)).toBe(250);
  });
});
