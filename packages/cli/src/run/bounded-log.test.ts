import { describe, expect, it } from "vitest";
import { BoundedLog } from "./bounded-log.ts";
import { redactBytes, redactText, secretEnvValues } from "./redact-text.ts";

describe("BoundedLog", () => {
  it("keeps everything under the limit", () => {
    const log = new BoundedLog(100);
    log.append(Buffer.from("hello\n"));
    expect(log.contents()).toEqual({ bytes: Buffer.from("hello\n"), omitted: 0 });
  });

  it("keeps the head and the tail and says how much was left out", () => {
    const log = new BoundedLog(10);
    for (const part of ["0123", "4567", "89ab", "cdef"]) log.append(Buffer.from(part));
    const { bytes, omitted } = log.contents();
    const text = bytes.toString();
    expect(omitted).toBe(6);
    expect(text.startsWith("01234")).toBe(true);
    expect(text.endsWith("bcdef")).toBe(true);
    expect(log.totalBytes).toBe(16);
  });
});

describe("BoundedLog against the whole stream", () => {
  it("keeps exactly the first and last halves, whatever the chunk sizes, and copies what it keeps", () => {
    const stream = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    for (const limit of [0, 1, 7, 64, 999, 1000, 5000])
      for (const size of [1, 3, 50, 333, 1000]) {
        const log = new BoundedLog(limit);
        const reused = Buffer.alloc(size);
        for (let at = 0; at < stream.length; at += size) {
          const part = stream.subarray(at, at + size);
          reused.set(part);
          log.append(reused.subarray(0, part.length));
          reused.fill(0); // the caller reuses its buffer
        }
        const half = Math.floor(limit / 2);
        const tail = Math.min(limit - half, stream.length - Math.min(half, stream.length));
        const omitted = stream.length - Math.min(half, stream.length) - tail;
        const marker = omitted > 0 ? `\n[… ${omitted} bytes left out by prov4ml run --log-limit …]\n` : "";
        const expected = Buffer.concat([
          stream.subarray(0, Math.min(half, stream.length)),
          Buffer.from(marker),
          stream.subarray(stream.length - tail),
        ]);
        expect(log.contents(), `limit ${limit}, chunks of ${size}`).toEqual({ bytes: expected, omitted });
      }
  });
});

describe("redactText", () => {
  it("removes assignments, bearer tokens, URL passwords and secret environment values", () => {
    const secrets = secretEnvValues({ MY_API_KEY: "abcdef123456", HOME: "/home/someone" });
    const text = redactText(
      "password=hunter22 Authorization: Bearer abcdefghijkl https://u:p4ss@host/x key abcdef123456 /home/someone",
      secrets,
    );
    expect(text).toBe("password=*** Authorization: *** *** https://***@host/x key *** /home/someone");
  });
});

describe("redactText on long output", () => {
  it("stays linear on a megabyte-long word (no catastrophic backtracking)", () => {
    const word = "a".repeat(4 * 1024 * 1024);
    expect(redactText(`${word} token=abc123`, [])).toBe(`${word} token=***`);
  });
});

describe("redactBytes", () => {
  it("changes only the secrets: binary bytes and UTF-8 text stay as they were", () => {
    const secrets = secretEnvValues({ DB_PASSWORD: "pässwörd-123" });
    const binary = Buffer.from([0, 255, 128, 10, 0xc3]);
    const text = Buffer.concat([binary, Buffer.from(" token=abc123 héllo pässwörd-123\n")]);
    expect(redactBytes(text, secrets)).toEqual(
      Buffer.concat([binary, Buffer.from(" token=*** héllo ***\n")]),
    );
  });
});
