/**
 * Bench of `prov4ml run` (the built bin), each figure beside its baseline in the same command,
 * in interleaved rounds (medians), with the machine's load printed before and after:
 * 1. passthrough: `prov4ml run -- cat <file>` vs plain `cat <file>`, with stdout /dev/null, a pipe
 *    (`| cat`) and a regular file: the copy as the shell around `cat` times it (the passthrough's
 *    rate, without the wrapper's start-up), the CPU beyond an empty wrapped run (the figure a loaded
 *    machine disturbs least) and the whole run; beside each, a C `cat` in between (the ceiling of a
 *    tee through a pipe);
 * 2. the wrapper's own CPU while it samples a sleeping child at 1 Hz;
 * 3. protocol records parsed per second: a child printing N `prov4ml:metric` lines;
 * 4. a flood: a child writing 1 GiB at full speed beside the same child alone; every byte checked
 *    (SHA-256), the wrapper's peak memory (its `wrapper_max_rss_bytes` tag) beside a 1 MiB run's.
 * `BENCH_ONLY` (all), `BENCH_MB` (1024), `BENCH_ROUNDS` (5), `BENCH_IDLE_S` (10), `BENCH_LINES` (1000000), `BENCH_FLOOD_MB` (1024).
 * `BENCH_BASELINE_BIN`: another build of bin.mjs (an older commit) run in the same rounds for 1 and 3.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { floodDigest } from "../test/flood-digest.mjs";

const BIN = join(import.meta.dirname, "..", "dist", "bin.mjs");
const BASELINE = process.env.BENCH_BASELINE_BIN;
const FLOOD = join(import.meta.dirname, "..", "test", "run-fixtures", "flood.py");
const work = mkdtempSync(join(tmpdir(), "prov4ml-run-bench-"));
const env = { ...process.env, MLFLOW_TRACKING_URI: "" };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Which parts to run (`BENCH_ONLY=passthrough,flood`); all by default. */
const ONLY = process.env.BENCH_ONLY?.split(",");
const MIB = 2 ** 20;
let runs = 0;
const wrap = () => ["run", "--no-carbon", "--dir", join(work, `prov${runs++}`)];

/** Runs a command line; resolves with its wall time, and stdout when piped (`onData` per chunk); else stdout is /dev/null or the file named. */
function timed(command, args, { stdout = "devnull", onData } = {}) {
  const out = stdout === "pipe" ? "pipe" : openSync(stdout === "devnull" ? "/dev/null" : stdout, "w");
  const started = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", out, "inherit"], env, cwd: work });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    if (onData) onData(chunk);
    else text += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      if (typeof out === "number") closeSync(out);
      if (code !== 0) reject(new Error(`${command} ${args.join(" ")} exited ${code}`));
      resolve({ seconds: (performance.now() - started) / 1000, text });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** The tags of the run the last wrapped command wrote. */
function lastRunTags() {
  const root = join(work, `prov${runs - 1}`);
  const [name] = readdirSync(root);
  const dir = join(root, name);
  const file = readdirSync(dir).find((entry) => /^prov_.*\.json$/.test(entry));
  const doc = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const activity = Object.values(doc.activity).find((a) =>
    JSON.stringify(a["prov:type"]).includes("mls:Run"),
  );
  return Object.fromEntries([activity["prov4ml:tag"]].flat().map((tag) => tag.split(/=(.*)/s).slice(0, 2)));
}

/** `cat "$1"`, timed by the shell around it: nanoseconds into file "$2" (the copy alone, no start-up). */
const TIMED_CAT = 'a=$(date +%s%N); cat "$1"; b=$(date +%s%N); echo $((b - a)) > "$2"';
const STAT_FILE = join(work, "cpu-stat");

/** Runs `command args` under a shell that writes its /proc stat after it (CPU of all it waited for). */
async function timedWithCpu([command, args, options]) {
  const { seconds } = await timed(
    "sh",
    ["-c", '"$@"; cat /proc/$$/stat > "$0"', STAT_FILE, command, ...args],
    options,
  );
  const stat = readFileSync(STAT_FILE, "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { seconds, cpu: (Number(fields[13]) + Number(fields[14])) / 100 };
}

/**
 * One destination of the wrapper's stdout, as command lines for `timedWithCpu`: `command` alone
 * (the baseline), a C `cat` relaying in between (the ceiling of any tee through a pipe), and
 * `command` wrapped by `bin`.
 */
function destinations(file, out) {
  const node = process.execPath;
  const wrapped = (bin, command) => [node, [bin, ...wrap(), "--", ...command]];
  const piped = ([command, args]) => ["sh", ["-c", '"$@" | cat', "sh", command, ...args]];
  const toFile = ([command, args]) => [command, args, { stdout: out }];
  const split = ([command, ...args]) => [command, args];
  const ceiling = (pipeline) => ["sh", ["-c", pipeline, "sh", file]];
  return [
    {
      name: "> /dev/null",
      plain: (command) => split(command),
      ceiling: () => ceiling('cat "$1" | cat'),
      run: (bin, command) => wrapped(bin, command),
    },
    {
      name: "| cat",
      plain: (command) => piped(split(command)),
      ceiling: () => ceiling('cat "$1" | cat | cat'),
      run: (bin, command) => piped(wrapped(bin, command)),
    },
    {
      name: "> file",
      plain: (command) => toFile(split(command)),
      ceiling: () => toFile(ceiling('cat "$1" | cat')),
      run: (bin, command) => toFile(wrapped(bin, command)),
    },
  ];
}

async function passthrough() {
  const mb = Number(process.env.BENCH_MB ?? 1024);
  const file = join(work, "big.bin");
  const timing = join(work, "copy-ns");
  writeFileSync(file, Buffer.alloc(mb * MIB, 97));
  await timed("cat", [file]); // warm the page cache
  const command = ["sh", "-c", TIMED_CAT, "sh", file, timing];
  const copySeconds = () => Number(readFileSync(timing, "utf8")) / 1e9;
  const bins = BASELINE ? [BIN, BASELINE] : [BIN];
  const cases = destinations(file, join(work, "out.bin"));
  const series = () => ({ wall: [], copy: [], cpu: [], emptyWall: [], emptyCpu: [] });
  const times = cases.map(() => ({ plain: series(), ceiling: series(), wrapped: bins.map(series) }));
  const measure = async (into, line, empty) => {
    const { seconds, cpu } = await timedWithCpu(line);
    into.wall.push(seconds);
    into.cpu.push(cpu);
    if (line !== empty) into.copy.push(copySeconds());
    if (!empty) return;
    const idle = await timedWithCpu(empty);
    into.emptyWall.push(idle.seconds);
    into.emptyCpu.push(idle.cpu);
  };
  for (let round = 0; round < ROUNDS; round++)
    for (const [index, destination] of cases.entries()) {
      const t = times[index];
      await measure(t.plain, destination.plain(command));
      t.ceiling.wall.push((await timedWithCpu(destination.ceiling())).seconds);
      for (const [b, bin] of bins.entries())
        await measure(t.wrapped[b], destination.run(bin, command), destination.run(bin, ["true"]));
    }
  report(mb, cases, times, bins.length);
  rmSync(file);
}

/** Three ratios per wrapped run: the copy's rate, the CPU it costs (start-up left out), the whole run. */
function report(mb, cases, times, binCount) {
  const rate = (seconds) => `${(mb / seconds).toFixed(0)} MiB/s`;
  const percent = (base, seconds) => `${((base / seconds) * 100).toFixed(0)}%`;
  console.log(
    `passthrough of \`cat\` ${mb} MiB, medians of ${ROUNDS} interleaved rounds, each beside its baseline:`,
  );
  for (const [index, destination] of cases.entries()) {
    const t = times[index];
    const [wall, copy, cpu] = ["wall", "copy", "cpu"].map((key) => median(t.plain[key]));
    console.log(
      `  stdout ${destination.name}: cat alone ${rate(wall)} (its copy ${rate(copy)}, ${cpu.toFixed(2)} CPU s); a C cat between: ${percent(wall, median(t.ceiling.wall))} of that (the ceiling of a tee through a pipe)`,
    );
    for (const [b, label] of ["prov4ml run", "baseline build"].slice(0, binCount).entries()) {
      const w = t.wrapped[b];
      const [runWall, runCopy, runCpu, emptyWall, emptyCpu] = [
        "wall",
        "copy",
        "cpu",
        "emptyWall",
        "emptyCpu",
      ].map((key) => median(w[key]));
      console.log(
        `    ${label}: the copy ${rate(runCopy)} → ${percent(copy, runCopy)} of cat alone's (target ≥ 80%); CPU ${(runCpu - emptyCpu).toFixed(2)} s beyond an empty wrapped run → ${percent(cpu, runCpu - emptyCpu)}; the whole run ${percent(wall, runWall)}, an empty one taking ${emptyWall.toFixed(2)} s`,
      );
    }
  }
}

async function idleCpu() {
  const seconds = Number(process.env.BENCH_IDLE_S ?? 10);
  // The child prints the wrapper's /proc stat ($PPID) after a settling second and at the end.
  const script = `sleep 1; cat /proc/$PPID/stat; sleep ${seconds}; cat /proc/$PPID/stat`;
  const { text } = await timed(
    process.execPath,
    [BIN, ...wrap(), "--interval", "1", "--", "sh", "-c", script],
    {
      stdout: "pipe",
    },
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

/** CPU seconds (user + system) of a command and everything it waited for, read by the shell around it. */
async function cpuSeconds(args) {
  const { text } = await timed("sh", ["-c", '"$@" > /dev/null; cat /proc/$$/stat', "sh", ...args], {
    stdout: "pipe",
  });
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function protocolRate() {
  const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
  const file = join(work, "records.txt");
  let text = "";
  for (let i = 0; i < lines; i++)
    text += `prov4ml:metric name=loss value=${(1 / (i + 1)).toFixed(6)} step=${i}\n`;
  writeFileSync(file, text);
  const bins = BASELINE ? [BIN, BASELINE] : [BIN];
  const wall = bins.map(() => ({ empty: [], parsed: [] }));
  const cpu = bins.map(() => ({ empty: [], parsed: [] }));
  for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
    for (const [index, bin] of bins.entries()) {
      const empty = [process.execPath, bin, ...wrap(), "--", "true"];
      const parse = [process.execPath, bin, ...wrap(), "--quiet-protocol", "--", "cat", file];
      wall[index].empty.push((await timed(empty[0], empty.slice(1))).seconds);
      wall[index].parsed.push((await timed(parse[0], parse.slice(1))).seconds);
      cpu[index].empty.push(await cpuSeconds(empty));
      cpu[index].parsed.push(await cpuSeconds(parse));
    }
  }
  const perSecond = (a, b) => Math.round(lines / Math.max(median(a) - median(b), 1e-3)).toLocaleString("en");
  for (const [index, label] of ["protocol", "baseline build"].slice(0, bins.length).entries())
    console.log(
      `${label}: ${lines} records in ${median(wall[index].parsed).toFixed(2)} s (an empty wrapped run: ${median(wall[index].empty).toFixed(2)} s) → ${perSecond(wall[index].parsed, wall[index].empty)} records/s logged into the run (target ≥ 500,000); per CPU second of the wrapper: ${perSecond(cpu[index].parsed, cpu[index].empty)}`,
    );
  rmSync(file);
}

async function flood() {
  const blocks = Number(process.env.BENCH_FLOOD_MB ?? 1024);
  await timed(process.execPath, [BIN, ...wrap(), "--", "python3", FLOOD, "1"], { stdout: "pipe" });
  const smallRss = Number(lastRunTags().wrapper_max_rss_bytes);
  // sha256sum reads the passthrough (a C reader, so the bench's own hashing does not set the pace).
  const digest = (command) => timed("sh", ["-c", `${command} | sha256sum`], { stdout: "pipe" });
  const quoted = (args) => args.map((arg) => `'${arg}'`).join(" ");
  const plain = await digest(quoted(["python3", FLOOD, String(blocks)]));
  const wrapped = await digest(
    quoted([process.execPath, BIN, ...wrap(), "--", "python3", FLOOD, String(blocks)]),
  );
  const tags = lastRunTags();
  const expected = floodDigest(blocks);
  const exact = wrapped.text.startsWith(expected) && plain.text.startsWith(expected);
  const rss = Number(tags.wrapper_max_rss_bytes);
  console.log(
    `flood: ${blocks} MiB from python3 through prov4ml run into sha256sum in ${wrapped.seconds.toFixed(1)} s (python3 | sha256sum alone: ${plain.seconds.toFixed(1)} s), ${tags.stdout_log_bytes} bytes, SHA-256 ${exact ? "identical" : "DIFFERENT"}, ${tags.protocol_records} of ${blocks} records read; wrapper peak RSS ${(rss / MIB).toFixed(0)} MiB (a 1 MiB run: ${(smallRss / MIB).toFixed(0)} MiB)`,
  );
}

try {
  console.log(`load average before: ${load()}`);
  for (const [name, part] of Object.entries({ passthrough, idleCpu, protocolRate, flood }))
    if (!ONLY || ONLY.includes(name)) await part();
  console.log(`load average after: ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
