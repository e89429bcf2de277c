import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { partsOf, uploadParts } from "./file-parts.ts";
import { MlflowS3CredentialsError, MlflowS3Error } from "./s3-errors.ts";

const dir = mkdtempSync(join(tmpdir(), "prov4ml-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fast = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 };

function file(bytes: number): string {
  const path = join(dir, `f${bytes}`);
  writeFileSync(path, Buffer.from(Array.from({ length: bytes }, (_, i) => i % 251)));
  return path;
}

describe("multipart parts", () => {
  it("cuts a file into parts that cover every byte once, the last one shorter", () => {
    expect(partsOf(25, 10)).toEqual([
      { number: 1, start: 0, length: 10 },
      { number: 2, start: 10, length: 10 },
      { number: 3, start: 20, length: 5 },
    ]);
    expect(partsOf(0, 10)).toEqual([{ number: 1, start: 0, length: 0 }]);
  });

  it("retries only the part that failed, and returns results in part order", async () => {
    const path = file(25);
    const attempts = new Map<number, number>();
    const seen: number[][] = [];
    const results = await uploadParts(
      path,
      partsOf(25, 10),
      async (part, bytes) => {
        const count = (attempts.get(part.number) ?? 0) + 1;
        attempts.set(part.number, count);
        if (part.number === 2 && count === 1) throw new MlflowS3Error("s3://b/k", "503", true, undefined);
        seen[part.number] = [...bytes];
        return `etag-${part.number}`;
      },
      { retry: fast, isRetryable: (e) => e instanceof MlflowS3Error && e.retryable },
    );
    expect(results).toEqual(["etag-1", "etag-2", "etag-3"]);
    expect([...attempts.entries()].sort()).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
    expect(seen[3]).toEqual([20, 21, 22, 23, 24]);
  });

  it("does not retry refused credentials", async () => {
    let calls = 0;
    const failure = await uploadParts(
      file(5),
      partsOf(5, 10),
      async () => {
        calls++;
        throw new MlflowS3CredentialsError("s3://b/k", "InvalidAccessKeyId", "AKIA123");
      },
      { retry: fast, isRetryable: (e) => e instanceof MlflowS3Error && e.retryable },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MlflowS3CredentialsError);
    expect((failure as MlflowS3CredentialsError).code).toBe("MLFLOW_S3_CREDENTIALS");
    expect(calls).toBe(1);
  });
});
