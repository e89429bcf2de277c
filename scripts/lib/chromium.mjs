/**
 * The browser the page and screenshot tests drive (playwright-core with `executablePath`):
 * Debian's `chromium` package, installed with apt-get when missing (browser downloads do not
 * work on the CI machines). Its path reaches the tests as PROV4ML_CHROMIUM.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

/** The path of a working Chromium, installing Debian's package first when it is missing. */
export function ensureChromium() {
  if (process.env.PROV4ML_CHROMIUM && existsSync(process.env.PROV4ML_CHROMIUM))
    return process.env.PROV4ML_CHROMIUM;
  if (!existsSync(CHROMIUM)) {
    console.log("\ninstalling Debian's chromium for the browser tests…");
    const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
    for (const args of [
      ["apt-get", "update"],
      ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
    ]) {
      const command = [...sudo, ...args];
      const result = spawnSync(command[0], command.slice(1), {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
      if (result.status !== 0)
        throw new Error(`${command.join(" ")} exited with ${result.status}: install chromium by hand`);
    }
  }
  return CHROMIUM;
}
