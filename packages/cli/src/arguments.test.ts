import { describe, expect, it } from "vitest";
import { wholeNumberOption } from "./arguments.ts";
import { UsageError } from "./errors.ts";

describe("wholeNumberOption", () => {
  it("reads a whole number inside the range", () => {
    expect(wholeNumberOption("ui", "--port", "0", 0, 65535)).toBe(0);
    expect(wholeNumberOption("ui", "--port", "65535", 0, 65535)).toBe(65535);
  });

  it.each(["", " ", "1.5", "-1", "65536", "abc"])("refuses %j with the range and where to look", (text) => {
    expect(() => wholeNumberOption("ui", "--port", text, 0, 65535)).toThrow(UsageError);
    expect(() => wholeNumberOption("ui", "--port", text, 0, 65535)).toThrow(
      /--port takes a whole number from 0 to 65535, got .* \(see `prov4ml ui --help`\)/,
    );
  });

  it("names only the lower bound when there is no upper one", () => {
    expect(() => wholeNumberOption("graph", "--max-attribute-length", "0", 1)).toThrow(
      /takes a whole number ≥ 1, got "0"/,
    );
  });
});
