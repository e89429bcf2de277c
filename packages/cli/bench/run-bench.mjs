/**
 * Bench of `prov4ml run` (the built bin), each figure beside its baseline in the same run:
 * 1. passthrough: `prov4ml run -- cat <file>` vs plain `cat <file>`, stdout to /dev/null;
 * 2. the wrapper's own CPU while it samples a sleeping child at 1 Hz;
 * 3. protocol records parsed per second: a child printing N `prov4ml:metric` lines.
 * `BENCH_MB` (default 256), `BENCH_IDLE_S` (default 10), `BENCH_LINES` (default 1000000).
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "dist", "bin.mjs");
const work = mkdtempSync(join(tmpdir(), "prov4ml-run-bench-"));
const env = { ...process.env, MLFLOW_TRACKING_URI: "" };
const WRAP = ["run", "--no-carbon", "--dir", join(work, "prov")];

function timed(command, args, stdout = "devnull") {
  const out = stdout === "devnull" ? openSync("/dev/null", "w") : "pipe";
  const started = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", out, "inherit"], env, cwd: work });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      if (typeof out === "number") closeSync(out);
      if (code !== 0) reject(new Error(`${command} ${args.join(" ")} exited ${code}`));
      resolve({ seconds: (performance.now() - started) / 1000, text });
    });
  });
}

async function passthrough() {
  const mb = Number(process.env.BENCH_MB ?? 256);
  const file = join(work, "big.bin");
  writeFileSync(file, Buffer.alloc(mb * 2 ** 20, 97));
  await timed("cat", [file]); // warm the page cache
  const plain = await timed("cat", [file]);
  const wrapped = await timed(process.execPath, [BIN, ...WRAP, "--", "cat", file]);
  const plainRate = mb / plain.seconds;
  const wrappedRate = mb / wrapped.seconds;
  console.log(
    `passthrough ${mb} MiB: plain cat ${plainRate.toFixed(0)} MiB/s, prov4ml run ${wrappedRate.toFixed(0)} MiB/s → ${((wrappedRate / plainRate) * 100).toFixed(0)}% of plain (target ≥ 80%; wrapped includes ~startup)`,
  );
  rmSync(file);
}

async function idleCpu() {
  const seconds = Number(process.env.BENCH_IDLE_S ?? 10);
  // The child prints the wrapper's /proc stat ($PPID) after a settling second and at the end.
  const script = `sleep 1; cat /proc/$PPID/stat; sleep ${seconds}; cat /proc/$PPID/stat`;
  const { text } = await timed(
    process.execPath,
    [BIN, ...WRAP, "--interval", "1", "--", "sh", "-c", script],
    "pipe",
  );
  const ticks = text
    .trim()
    .split("\n")
    .map((line) => line.slice(line.lastIndexOf(")") + 2).split(" "))
    .map((fields) => Number(fields[11]) + Number(fields[12]));
  const percent = ((ticks[1] - ticks[0]) / 100 / seconds) * 100;
  console.log(
    `wrapper CPU at 1 Hz over a sleeping child, ${seconds} s: ${percent.toFixed(2)}% of one core (target ≤ 1%)`,
  );
}

async function protocolRate() {
  const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
  const file = join(work, "records.txt");
  let text = "";
  for (let i = 0; i < lines; i++)
    text += `prov4ml:metric name=loss value=${(1 / (i + 1)).toFixed(6)} step=${i}\n`;
  writeFileSync(file, text);
  const empty = await timed(process.execPath, [BIN, ...WRAP, "--", "true"]);
  const parsed = await timed(process.execPath, [BIN, ...WRAP, "--quiet-protocol", "--", "cat", file]);
  const rate = lines / Math.max(parsed.seconds - empty.seconds, 1e-3);
  console.log(
    `protocol: ${lines} records in ${parsed.seconds.toFixed(2)} s (an empty wrapped run: ${empty.seconds.toFixed(2)} s) → ${Math.round(rate).toLocaleString("en")} records/s logged into the run (target ≥ 500,000)`,
  );
  rmSync(file);
}

try {
  await passthrough();
  await idleCpu();
  await protocolRate();
} finally {
  rmSync(work, { recursive: true, force: true });
}
