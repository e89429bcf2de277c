import { closeSync, openSync, readdirSync, readSync, writeSync } from "node:fs";
import { appendFile, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "@prov4ml/core";
import type { ModelSpec } from "./logged-models.ts";
import type { KeyValue, MlflowRunStatus, WireDatasetInput } from "./wire.ts";

/** Name of the spool directory inside a run directory (rank 0; rank N uses `mlflow_spool_GR<N>`). */
export const SPOOL_DIR_NAME = "mlflow_spool";

/** The spool directory of a rank: ranks share a run directory, never a spool. */
export function spoolDirName(rank: number): string {
  return rank === 0 ? SPOOL_DIR_NAME : `${SPOOL_DIR_NAME}_GR${rank}`;
}

/** Spool directories in a run directory, rank 0's first (it creates the MLflow run the others attach to). */
export function spoolDirNames(runDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(runDir);
  } catch {
    return [];
  }
  const rankOf = (name: string) =>
    name === SPOOL_DIR_NAME ? 0 : Number(name.slice(SPOOL_DIR_NAME.length + 3));
  return names
    .filter((name) => name === SPOOL_DIR_NAME || /^mlflow_spool_GR\d+$/.test(name))
    .sort((a, b) => rankOf(a) - rankOf(b));
}

/** One undelivered delivery, one JSON line of `records.jsonl`. */
export type SpoolRecord =
  | { t: "batch"; m: unknown[]; p: unknown[]; g: unknown[] }
  | { t: "inputs"; d: WireDatasetInput[] }
  /** A file or directory to upload; `file` is absolute (a copy in `files/` for rendered documents). */
  | { t: "artifact"; path: string; file: string; dir?: boolean }
  | { t: "model"; model: ModelSpec }
  | { t: "model-metrics"; model: { name: string; isInput: boolean }; m: unknown[] }
  | { t: "status"; status: MlflowRunStatus; endTime: number };

/** Who the spooled records belong to: enough to create or find the MLflow run later. */
export interface SpoolState {
  version: 1;
  /** Without credentials; `prov4ml sync` takes them from the environment again. */
  trackingUri: string;
  experimentName: string;
  runName: string;
  startTime: number;
  /** Tags the MLflow run is created with (system tags, user tags, `prov4ml.run_id`). */
  createTags: KeyValue[];
  rank: number;
  /** prov4ml's run UUID (tag `prov4ml.run_id`), to find a run whose creation response was lost. */
  prov4mlRunId: string;
  /** Where rank 0 publishes the MLflow run id for the other ranks. */
  handoffFile: string;
  experimentId?: string;
  mlflowRunId?: string;
  artifactUri?: string;
}

/**
 * The on-disk spool of a run: `records.jsonl` (append-only), `cursor.json` (byte offset of the
 * first undelivered record, replaced atomically after each delivery), `state.json` and `files/`.
 * Records are delivered strictly in order and the cursor only moves past acknowledged ones, so a
 * replay never re-sends what the server acknowledged; one interrupted between send and cursor
 * update is re-sent byte-identically (the SQL store ignores identical metric rows).
 */
export class Spool {
  readonly dir: string;
  #appendChain: Promise<void> = Promise.resolve();
  #pendingAppends = 0;
  #created = false;

  constructor(runDir: string, dirName: string = SPOOL_DIR_NAME) {
    this.dir = join(runDir, dirName);
  }

  get recordsFile(): string {
    return join(this.dir, "records.jsonl");
  }

  get filesDir(): string {
    return join(this.dir, "files");
  }

  /** Appends records in call order; resolves when they are on disk. */
  append(records: readonly (SpoolRecord | string)[]): Promise<void> {
    if (records.length === 0) return this.#appendChain;
    return this.appendPrepared(async () => records);
  }

  /**
   * Appends the records `prepare` makes (writing files into `files/`, say), in call order with
   * every other append. `appending` is true from this call on, so a replay never takes the spool
   * for caught up while records are still being made — it would leave them undelivered.
   */
  appendPrepared(prepare: () => Promise<readonly (SpoolRecord | string)[]>): Promise<void> {
    this.#pendingAppends++;
    this.#appendChain = this.#appendChain
      .then(async () => {
        const records = await prepare();
        if (records.length === 0) return;
        await this.#ensureDir();
        const lines = records.map((record) => (typeof record === "string" ? record : JSON.stringify(record)));
        await appendFile(this.recordsFile, `${lines.join("\n")}\n`);
      })
      .finally(() => {
        this.#pendingAppends--;
      });
    return this.#appendChain;
  }

  get appending(): boolean {
    return this.#pendingAppends > 0;
  }

  /** Waits for appends issued so far. */
  settled(): Promise<void> {
    return this.#appendChain.catch(() => undefined);
  }

  async #ensureDir(): Promise<void> {
    if (this.#created) return;
    await mkdir(this.filesDir, { recursive: true });
    this.#created = true;
  }

  /** Stores rendered bytes (a PROV document) in `files/` and returns the absolute path. */
  async storeFile(fileName: string, content: string | Uint8Array): Promise<string> {
    await this.#ensureDir();
    const path = join(this.filesDir, fileName.replace(/[/\\]/g, "_"));
    await writeFile(path, content);
    return path;
  }

  async readState(): Promise<SpoolState | undefined> {
    return readJson<SpoolState>(join(this.dir, "state.json"));
  }

  async writeState(state: SpoolState): Promise<void> {
    await this.#ensureDir();
    await writeFileAtomically(join(this.dir, "state.json"), JSON.stringify(state));
  }

  async readCursor(): Promise<number> {
    return (await readJson<{ offset: number }>(join(this.dir, "cursor.json")))?.offset ?? 0;
  }

  async writeCursor(offset: number): Promise<void> {
    await this.#ensureDir();
    await writeFileAtomically(join(this.dir, "cursor.json"), JSON.stringify({ offset }));
  }

  async size(): Promise<number> {
    try {
      return (await stat(this.recordsFile)).size;
    } catch {
      return 0;
    }
  }

  /** Undelivered bytes: 0 when everything spooled was delivered (or nothing was spooled). */
  async backlog(): Promise<number> {
    return Math.max(0, (await this.size()) - (await this.readCursor()));
  }

  /**
   * Complete records from byte `offset`, up to about `maxBytes`, each with the offset just past it.
   * A trailing partial line (an append in progress) is left for the next read.
   */
  readRecords(offset: number, maxBytes = 4 * 1024 * 1024): { line: string; end: number }[] {
    let fd: number;
    try {
      fd = openSync(this.recordsFile, "r");
    } catch {
      return [];
    }
    try {
      const buffer = Buffer.alloc(maxBytes);
      const read = readSync(fd, buffer, 0, maxBytes, offset);
      const records: { line: string; end: number }[] = [];
      let start = 0;
      for (let i = 0; i < read; i++) {
        if (buffer[i] !== 0x0a) continue;
        const line = buffer.toString("utf8", start, i);
        records.push({ line, end: offset + i + 1 });
        start = i + 1;
      }
      if (records.length === 0 && read === maxBytes) {
        // One record larger than the window: read it whole.
        const bigger = this.readRecords(offset, maxBytes * 4);
        return bigger.slice(0, 1);
      }
      return records;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Takes the spool's delivery lock (`lock`, holding the pid) so a live session and `prov4ml sync`
   * never deliver the same records at once. A lock whose process is gone is taken over.
   */
  async lock(): Promise<boolean> {
    await this.#ensureDir();
    const path = join(this.dir, "lock");
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, "wx");
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return true;
      } catch {
        const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
        if (holder === process.pid) return true;
        if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return false;
        await rm(path, { force: true });
      }
    }
    return false;
  }

  async unlock(): Promise<void> {
    const path = join(this.dir, "lock");
    const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (holder === process.pid) await rm(path, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}
