/** `startExplorer`: the explorer's HTTP server (node:http), bound to 127.0.0.1 unless told otherwise. */
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import {
  isLoopbackHost,
  newAccessToken,
  presentedToken,
  TOKEN_COOKIE,
  tokenMatches,
} from "./access-token.ts";
import { answerApi, answerFile, notFound, send, sendJson } from "./api-routes.ts";
import { RunCatalog } from "./catalog.ts";
import { ExplorerError } from "./errors.ts";
import { loadPageAssets, SERVED_INDEX_HTML } from "./page-assets.ts";

/** Options of {@link startExplorer}. */
export interface ExplorerOptions {
  /** Provenance directories to serve (runs are looked for below each). */
  readonly dirs: readonly string[];
  /** Default 127.0.0.1. Any other host requires a token (one is made when none is given). */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** The token for a non-loopback host; ignored on loopback. */
  readonly token?: string;
}

/** A running explorer. */
export interface ExplorerServer {
  /** The page's address; carries `?token=` when a token is required (show it once, never log it). */
  readonly url: string;
  readonly token?: string;
  close(): Promise<void>;
}

/**
 * Starts the explorer over `options.dirs`: the page at `/`, the JSON API at `/api/runs` and
 * `/api/runs/<id>`, the overview SVG at `/api/runs/<id>/graph.svg`, and the runs' files at
 * `/files/...` (only regular files under the given directories; everything else is 404).
 *
 * @throws {ExplorerError} `EXPLORER_DIR` when a directory does not exist.
 */
export async function startExplorer(options: ExplorerOptions): Promise<ExplorerServer> {
  const dirs = await checkedDirs(options.dirs);
  const host = options.host ?? "127.0.0.1";
  const token = isLoopbackHost(host) ? undefined : (options.token ?? newAccessToken());
  const catalog = new RunCatalog(dirs);
  const server = createServer((request, response) => {
    handle(catalog, token, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  await listen(server, host, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/${token === undefined ? "" : `?token=${token}`}`;
  return {
    url,
    ...(token === undefined ? {} : { token }),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  catalog: RunCatalog,
  token: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://explorer.invalid");
  if (request.method !== "GET" && request.method !== "HEAD") {
    sendJson(response, 405, { error: "only GET" });
    return;
  }
  if (token !== undefined) {
    if (!tokenMatches(token, presentedToken(request, url))) {
      sendJson(response, 401, { error: "this explorer needs its token: open the URL it printed at start" });
      return;
    }
    response.setHeader("set-cookie", `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
  }
  // The raw path, still encoded: file routes decode it themselves, once, after checking it.
  const rawPath = (request.url ?? "/").split("?")[0]!;
  if (rawPath === "/" || rawPath === "/index.html") {
    send(response, 200, "text/html; charset=utf-8", SERVED_INDEX_HTML);
  } else if (rawPath === "/assets/app.js" || rawPath === "/assets/app.css") {
    const assets = await loadPageAssets();
    const js = rawPath.endsWith(".js");
    send(
      response,
      200,
      js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
      js ? assets.script : assets.style,
    );
  } else if (rawPath.startsWith("/files/")) {
    await answerFile(catalog, rawPath, response);
  } else if (!(await answerApi(catalog, rawPath, request, response))) {
    notFound(response);
  }
}

async function checkedDirs(dirs: readonly string[]): Promise<string[]> {
  if (dirs.length === 0)
    throw new ExplorerError("EXPLORER_DIR", "no directory given: name one or more provenance directories.");
  return Promise.all(
    dirs.map(async (dir) => {
      const path = resolve(dir);
      const info = await stat(path).catch(() => undefined);
      if (info?.isDirectory() !== true)
        throw new ExplorerError(
          "EXPLORER_DIR",
          `${JSON.stringify(dir)} is not a directory: give a provenance directory (e.g. prov/).`,
        );
      return path;
    }),
  );
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      done();
    });
  });
}
