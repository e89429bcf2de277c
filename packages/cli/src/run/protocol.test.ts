import { describe, expect, it } from "vitest";
import { NameCache, parsePlainMetricLine } from "./metric-line.ts";
import { parseEventLine, parseProtocolLine } from "./protocol.ts";

describe("protocol records", () => {
  it("parses the four kinds from stdout lines", () => {
    expect(parseProtocolLine("prov4ml:metric name=loss value=0.31 step=2 context=training")).toEqual({
      ok: true,
      record: { kind: "metric", name: "loss", value: 0.31, step: 2, context: "training" },
    });
    expect(parseProtocolLine('prov4ml:param name=opt value="adam w"\r')).toEqual({
      ok: true,
      record: { kind: "param", name: "opt", value: "adam w" },
    });
    expect(parseProtocolLine("prov4ml:tag key=stage value=dev")).toMatchObject({
      ok: true,
      record: { kind: "tag", name: "stage" },
    });
    expect(parseProtocolLine("prov4ml:artifact path=out/model.pt input=1")).toEqual({
      ok: true,
      record: { kind: "artifact", path: "out/model.pt", input: true },
    });
  });

  it("says why a line is malformed", () => {
    expect(parseProtocolLine("prov4ml:metric name=loss value=abc")).toEqual({
      ok: false,
      reason: "value is not a number",
    });
    expect(parseProtocolLine("prov4ml:metric name=loss value=1 step=-1")).toMatchObject({ ok: false });
    expect(parseProtocolLine("prov4ml:metrics name=a value=1")).toMatchObject({ ok: false });
    expect(parseProtocolLine('prov4ml:param name=a value="open')).toMatchObject({ ok: false });
    expect(parseProtocolLine("prov4ml:artifact name=a")).toEqual({
      ok: false,
      reason: "artifact needs path=",
    });
  });

  it("takes the same records as JSON lines", () => {
    expect(parseEventLine('{"kind":"metric","name":"acc","value":0.9,"step":3}')).toEqual({
      ok: true,
      record: { kind: "metric", name: "acc", value: 0.9, step: 3 },
    });
    expect(parseEventLine("{not json")).toEqual({ ok: false, reason: "not JSON" });
    expect(parseEventLine('{"kind":"metric","name":"a","value":{"x":1}}')).toMatchObject({ ok: false });
  });

  it("the fast path for plain metric lines agrees with the general parser on every line it takes", () => {
    const fields = [
      "name=loss",
      "key=acc",
      "value=0.5",
      "value=-1e-3",
      "value=",
      "value=x",
      "value=-0",
      "value=.5",
      "value=5.",
      "value=-",
      "value=007",
      "step=3",
      "step=-1",
      "step=1.5",
      "step=1e3",
      "context=validation",
      "timestamp=1700000000000",
      "timestamp=-5",
      "extra=1",
      "a=b=c",
      "name=",
      "junk",
      "=v",
      "value=NaN",
      "value=Infinity",
      "name=é",
      "value=0.1234567890123456789",
    ];
    const names = new NameCache();
    const fast = (line: string) => {
      const bytes = Buffer.from(`${line}\n`);
      return parsePlainMetricLine(bytes, 0, bytes.length - 1, names);
    };
    let taken = 0;
    for (const a of fields)
      for (const b of fields)
        for (const c of ["", " step=2", "  context=x", " name=l", " value=1", "\r"]) {
          const line = `prov4ml:metric ${a} ${b}${c}`;
          const parsed = fast(line);
          if (parsed === undefined) continue;
          taken++;
          expect(parsed, line).toEqual(parseProtocolLine(line));
        }
    expect(taken).toBeGreaterThan(200);
    expect(fast('prov4ml:metric name="a b" value=1')).toBeUndefined();
  });

  it("the fast path reads values exactly as Number() does", () => {
    const names = new NameCache();
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let exact = 0;
    for (let i = 0; i < 3000; i++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6);
      for (const text of [String(x), x.toFixed(i % 10), x.toPrecision(1 + (i % 15))]) {
        const bytes = Buffer.from(`prov4ml:metric name=m value=${text}`);
        const parsed = parsePlainMetricLine(bytes, 0, bytes.length, names);
        if (!parsed?.ok) continue;
        exact++;
        expect(parsed.record, text).toMatchObject({ value: Number(text) });
      }
    }
    expect(exact).toBeGreaterThan(5000);
  });
});
