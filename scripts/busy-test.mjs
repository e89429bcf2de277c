/**
 * The busy-machine proof (issue 11, part 1): starts two CPU burners (processes spinning at full
 * speed, as many as a 2-core machine has cores) and runs `npm test` three times in a row while
 * they spin, then prints each run's tally and duration. Exits 0 only when all three passed.
 *
 *   node scripts/busy-test.mjs            # 3 runs, 2 burners
 *   node scripts/busy-test.mjs 1 4        # 1 run, 4 burners
 */
import { spawn } from "node:child_process";
import { REPO_ROOT } from "./lib/toolchain.mjs";

const runs = Number(process.argv[2] ?? 3);
const burnerCount = Number(process.argv[3] ?? 2);

const burners = Array.from({ length: burnerCount }, () =>
  spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
);
const stopBurners = () => {
  for (const burner of burners) burner.kill("SIGKILL");
};
process.on("exit", stopBurners);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

/** Runs `npm test`, streaming its output, and resolves with its exit code and last tally line. */
function npmTest() {
  return new Promise((resolve) => {
    const child = spawn("npm", ["test"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let tally = "(no tally printed)";
    let pending = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("Tests: ")) tally = line;
    });
    child.on("close", (code) => {
      if (pending.startsWith("Tests: ")) tally = pending;
      resolve({ code, tally });
    });
  });
}

console.log(
  `busy-test: ${burnerCount} CPU burners (pids ${burners.map((b) => b.pid).join(", ")}), ${runs} runs of npm test`,
);
const results = [];
for (let index = 1; index <= runs; index++) {
  const started = Date.now();
  const { code, tally } = await npmTest();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  results.push({ index, code, tally, minutes });
  console.log(`\nbusy-test run ${index}/${runs}: exit ${code}, ${minutes} min — ${tally}`);
}
stopBurners();
console.log("\nbusy-test summary:");
for (const { index, code, tally, minutes } of results)
  console.log(
    `  run ${index}: ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${minutes} min — ${tally}`,
  );
process.exit(results.every((result) => result.code === 0) ? 0 : 1);
