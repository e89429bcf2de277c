/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 for the production-shape MLflow tests: Debian's
 * `postgresql` package (installed with apt-get when `initdb` is missing and we are root), `initdb`
 * into a fresh temp directory, `pg_ctl` to start and stop it, trust authentication for one
 * superuser on loopback only, no Unix socket. As root the cluster runs as the `postgres` user
 * (PostgreSQL refuses to run as root). `stop()`/`start()` keep the data, so a test can take the
 * database away and bring it back as a restart does; `destroy()` removes everything.
 */
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const USER = "prov4ml";

/** The directory of initdb/pg_ctl: PATH first, then Debian's versioned directories. */
function findPgBin() {
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return dirname(realpathSync(which.stdout.trim()));
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions)
    if (existsSync(join(root, version, "bin", "initdb"))) return join(root, version, "bin");
  return undefined;
}

function ensurePgBin() {
  const found = findPgBin();
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error("PostgreSQL is not installed (no initdb): install Debian's `postgresql` package.");
  console.log("installing Debian's postgresql for the production-shape MLflow tests…");
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "postgresql"]]) {
    const result = spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (${result.status})`);
  }
  const bin = findPgBin();
  if (!bin) throw new Error("apt-get installed postgresql but no initdb was found under /usr/lib/postgresql");
  return bin;
}

function runTool(bin, dir, tool, args) {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? "runuser" : join(bin, tool);
  const argv = asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args;
  const result = spawnSync(command, argv, { cwd: dir, encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${tool} ${args.join(" ")} failed (${result.status}):\n${result.stdout}${result.stderr}`);
}

/**
 * Start and stop of an existing cluster (`dir` as `startPostgres` made it), also from another
 * process — the database-outage test takes the suite's PostgreSQL away for a while with it.
 * @param {{ dir: string, port: number }} cluster
 */
export function postgresControl({ dir, port }) {
  const bin = ensurePgBin();
  const dataDir = join(dir, "data");
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c max_connections=200`;
  return {
    start: () =>
      runTool(bin, dir, "pg_ctl", [
        "-D",
        dataDir,
        "-l",
        join(dir, "postgres.log"),
        "-o",
        options,
        "-w",
        "-t",
        "120",
        "start",
      ]),
    stop: () => runTool(bin, dir, "pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]),
  };
}

/**
 * @param {{ port: number }} options
 * @returns {{ port: number, dir: string, url: (database: string) => string, createDatabase: (name: string) => void, start: () => void, stop: () => void, destroy: () => void }}
 */
export function startPostgres({ port }) {
  const bin = ensurePgBin();
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-pg-"));
  if (process.getuid?.() === 0) chownSync(dir, Number(idOf("-u")), Number(idOf("-g")));
  runTool(bin, dir, "initdb", [
    "-D",
    join(dir, "data"),
    "-U",
    USER,
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-instructions",
  ]);
  const { start, stop } = postgresControl({ dir, port });
  start();
  return {
    port,
    dir,
    url: (database) => `postgresql+psycopg2://${USER}@127.0.0.1:${port}/${database}`,
    createDatabase: (name) =>
      runTool(bin, dir, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", USER, name]),
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idOf(flag) {
  return spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim();
}
