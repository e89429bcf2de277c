import { describe, expect, it } from "vitest";
import { redactUri, resolveConnection } from "./connection.ts";

describe("resolveConnection", () => {
  it("reads MLflow's environment variables; the token wins over Basic", () => {
    const env = {
      MLFLOW_TRACKING_URI: "http://127.0.0.1:5000/",
      MLFLOW_TRACKING_TOKEN: "tok-123",
      MLFLOW_TRACKING_USERNAME: "u",
      MLFLOW_TRACKING_PASSWORD: "p",
    };
    const connection = resolveConnection({}, env)!;
    expect(connection.uri).toBe("http://127.0.0.1:5000");
    expect(connection.authorization).toBe("Bearer tok-123");
    expect(JSON.stringify(connection)).not.toContain("tok-123");
  });

  it("builds Basic from username/password, and moves URI credentials out of the URI", () => {
    const connection = resolveConnection(
      { trackingUri: "https://alice:s3cret@mlflow.example.com/prefix?x=1" },
      {},
    )!;
    expect(connection.uri).toBe("https://mlflow.example.com/prefix");
    expect(connection.authorization).toBe(`Basic ${Buffer.from("alice:s3cret").toString("base64")}`);
    expect(redactUri("http://a:b@h:1/p?token=z#f")).toBe("http://h:1/p");
  });

  it("is undefined without a URI and rejects non-http schemes with advice", () => {
    expect(resolveConnection({}, {})).toBeUndefined();
    expect(() => resolveConnection({ trackingUri: "file:///tmp/mlruns" }, {})).toThrow(/saveDir/);
  });
});
