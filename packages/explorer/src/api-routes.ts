/** The JSON API and file downloads over a run catalog. */
import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, resolve } from "node:path";
import type { ArtifactView } from "@prov4ml/exporter-prov";
import type { CatalogEntry, RunCatalog } from "./catalog.ts";
import { DOCUMENT_FORMATS, documentAs, isDocumentFormat } from "./document-formats.ts";
import { MAX_CHART_POINTS } from "./downsample.ts";
import { linkRuns } from "./lineage.ts";
import { lineageInput } from "./load-lineage.ts";
import { runDetail, seriesData } from "./run-detail.ts";
import { streamChanges } from "./run-events.ts";
import { drawRunSvg, graphRenderer } from "./run-graph.ts";
import { resolveServedFile } from "./safe-path.ts";
import { SECURITY_HEADERS } from "./security-headers.ts";
import { cachedPoints } from "./series-cache.ts";
import { parseSeriesWindow } from "./series-window.ts";

/** Sends a complete answer with the explorer's security headers. */
export function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "content-type": type });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, "application/json; charset=utf-8", JSON.stringify(value));
}

export function notFound(response: ServerResponse): void {
  sendJson(response, 404, { error: "not found" });
}

/** The URL a run's file downloads from, when the file lies under a served directory. */
export function downloadUrl(
  catalog: RunCatalog,
  entry: CatalogEntry,
  artifact: ArtifactView,
): string | undefined {
  if (artifact.path === undefined || artifact.isDirectory === true) return undefined;
  const located = catalog.locate(resolve(entry.baseDir, artifact.path));
  if (located === undefined) return undefined;
  const encoded = located.relativePath.split("/").map(encodeURIComponent).join("/");
  return `/files/${located.root}/${encoded}`;
}

/** Answers `/api/...`; returns false when the path is not an API path. */
export async function answerApi(
  catalog: RunCatalog,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (path === "/api/events") {
    streamChanges(catalog.roots, request, response);
    return true;
  }
  if (path === "/api/lineage") {
    sendJson(response, 200, linkRuns((await catalog.list()).map(lineageInput)));
    return true;
  }
  if (path === "/api/runs") {
    const entries = await catalog.list();
    sendJson(response, 200, { runs: entries.map((entry) => entry.summary) });
    return true;
  }
  const match = /^\/api\/runs\/([0-9a-f]{16})(\/graph\.svg|\/events|\/series\/\d{1,6}|\/prov\.\w+)?$/.exec(
    path,
  );
  if (match === null) return false;
  const entry = await catalog.get(match[1]!);
  if (entry === undefined) {
    notFound(response);
    return true;
  }
  if (match[2] === "/events") {
    streamChanges([entry.baseDir], request, response);
    return true;
  }
  if (match[2]?.startsWith("/series/")) {
    await answerSeries(entry, Number(match[2].slice("/series/".length)), request, response);
    return true;
  }
  if (match[2]?.startsWith("/prov.")) {
    await answerDocument(entry, match[2].slice("/prov.".length), response);
    return true;
  }
  if (match[2] !== undefined) {
    await answerGraph(entry, response);
    return true;
  }
  if (entry.view === undefined) {
    sendJson(response, 200, { summary: entry.summary, metrics: [], artifacts: [], notes: [] });
    return true;
  }
  const detail = await runDetail(
    entry.view,
    entry.summary,
    {
      download: (artifact) => downloadUrl(catalog, entry, artifact),
      graph: `/api/runs/${entry.summary.id}/graph.svg`,
    },
    MAX_CHART_POINTS,
    (metric) => cachedPoints(metric, entry.baseDir), // the first zoom then reads no CSV again
  );
  sendJson(response, 200, detail);
  // The page asks for the graph next: load Graphviz now (once per process) — not while the detail
  // is read, where compiling its wasm slowed the first chart of a cold `prov4ml ui` by ~100 ms.
  void graphRenderer().catch(() => undefined);
  return true;
}

/** One series in the window the query names (`?axis=step|time&from=&to=`): what a zoomed chart draws. */
async function answerSeries(
  entry: CatalogEntry,
  key: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const metric = entry.view?.metrics[key];
  const window = parseSeriesWindow(new URL(request.url ?? "/", "http://explorer.invalid").searchParams);
  if (metric === undefined) return notFound(response);
  if (window === undefined)
    return sendJson(response, 400, { error: "axis must be step or time, from and to numbers" });
  sendJson(response, 200, await seriesData(metric, key, window, () => cachedPoints(metric, entry.baseDir)));
}

/** The run's document as a download: `prov.json`, `prov.provn`, `prov.ttl` or `prov.svg`. */
async function answerDocument(
  entry: CatalogEntry,
  extension: string,
  response: ServerResponse,
): Promise<void> {
  if (!isDocumentFormat(extension)) return notFound(response);
  let body: string;
  try {
    body = await documentAs(entry.found.path, extension);
  } catch (error) {
    return sendJson(response, 422, { error: error instanceof Error ? error.message : String(error) });
  }
  const name = `${(entry.summary.run ?? "run").replace(/[^\w.-]/g, "_")}.${extension}`;
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": DOCUMENT_FORMATS[extension].type,
    "content-disposition": `attachment; filename="${name}"`,
  });
  response.end(body);
}

async function answerGraph(entry: CatalogEntry, response: ServerResponse): Promise<void> {
  try {
    send(response, 200, "image/svg+xml; charset=utf-8", await drawRunSvg(entry.found.path));
  } catch (error) {
    sendJson(response, 422, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** Streams `/files/<root>/<path>` when it is a regular file under that root; 404 otherwise. */
export async function answerFile(
  catalog: RunCatalog,
  rawPath: string,
  response: ServerResponse,
): Promise<void> {
  const match = /^\/files\/(\d+)\/(.+)$/.exec(rawPath);
  const root = match === null ? undefined : catalog.roots[Number(match[1])];
  const file = root === undefined ? undefined : await resolveServedFile(root, match![2]!);
  if (file === undefined) {
    notFound(response);
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "application/octet-stream",
    "content-disposition": `attachment; filename="${basename(file).replace(/[^\w.-]/g, "_")}"`,
  });
  createReadStream(file)
    .on("error", () => response.destroy())
    .pipe(response);
}
