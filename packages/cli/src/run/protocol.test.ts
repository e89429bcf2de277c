import { describe, expect, it } from "vitest";
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
});
