import { describe, expect, it } from "vitest";
import { experimentFromCommand } from "./run-options.ts";

describe("the default experiment name", () => {
  it("is the script's name, not the interpreter's", () => {
    expect(experimentFromCommand("python3", ["-u", "scripts/train.py", "--lr", "1"])).toBe("train");
    expect(experimentFromCommand("./run.sh", [])).toBe("run");
    expect(experimentFromCommand("/usr/bin/make", ["all"])).toBe("make");
    expect(experimentFromCommand("python", ["-m", "pkg.train"])).toBe("pkg.train");
  });

  it("is the interpreter's for inline code, which would be no name at all", () => {
    expect(experimentFromCommand("python3", ["-c", "import os\nprint(1)"])).toBe("python3");
    expect(experimentFromCommand("sh", ["-c", "echo hi"])).toBe("sh");
    expect(experimentFromCommand("node", ["-e", "1"])).toBe("node");
  });
});
