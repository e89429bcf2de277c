/**
 * A faulty HTTP proxy in front of a real MLflow server, for the fault regression tests: per request
 * it forwards, answers 200 with an HTML page (an auth proxy's login page), cuts the server's answer
 * mid-way, never answers, answers 404 as a server without that endpoint (an older MLflow) does, or
 * refuses with 503 as an object store that takes no writes (S3's ServiceUnavailable), forwarding nothing.
 * `down()` and `up()` make the server go away and come back as the client sees a stopped and
 * restarted server: connections in flight are cut, new ones refused, then the same port answers
 * again (the real server behind keeps its store, as a restarted one does). Listens on 127.0.0.1 only.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type Fault = "pass" | "html" | "cut" | "hang" | "missing" | "unavailable";

/** Decides each request's fate; `index` counts requests to the same path (0-based). */
export type FaultPlan = (path: string, index: number, method: string) => Fault;

export interface FaultProxy {
  uri: string;
  /** Requests seen per fault. */
  counts: Record<Fault, number>;
  setPlan(plan: FaultPlan): void;
  /** Cuts every open connection and refuses new ones (ECONNREFUSED), until `up()`. */
  down(): Promise<void>;
  /** Listens on the same port again. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const LOGIN_PAGE = "<!doctype html><html><body><form action='/login'>Sign in</form></body></html>";

export async function startFaultProxy(upstream: string, plan: FaultPlan): Promise<FaultProxy> {
  let current = plan;
  const perPath = new Map<string, number>();
  const counts: Record<Fault, number> = { pass: 0, html: 0, cut: 0, hang: 0, missing: 0, unavailable: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const index = perPath.get(path) ?? 0;
    perPath.set(path, index + 1);
    const fault = current(path, index, req.method ?? "GET");
    counts[fault]++;
    if (fault === "hang") {
      req.resume(); // read the request, never answer
      return;
    }
    if (fault === "missing") {
      req.resume();
      req.on("end", () => {
        // What Flask answers for a route it does not know.
        res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
        res.end("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>");
      });
      return;
    }
    if (fault === "unavailable") {
      req.resume();
      req.on("end", () => {
        res.writeHead(503, { "content-type": "application/xml" });
        res.end("<Error><Code>ServiceUnavailable</Code><Message>writes refused</Message></Error>");
      });
      return;
    }
    if (fault === "html") {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(LOGIN_PAGE);
      });
      return;
    }
    forward(upstream, req, res, fault === "cut");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    uri: `http://127.0.0.1:${port}`,
    counts,
    setPlan(next) {
      current = next;
    },
    down: stopListening,
    up: () => listen(port),
    close: () => (server.listening ? stopListening() : Promise.resolve()),
  };
}

/** Sends the request to the server; with `cut`, passes on the headers and half the body, then drops the connection. */
function forward(upstream: string, req: IncomingMessage, res: ServerResponse, cut: boolean): void {
  const target = new URL(req.url ?? "/", upstream);
  const outgoing = httpRequest(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        const body = Buffer.concat(chunks);
        const headers = { ...answer.headers, "content-length": String(body.length) };
        delete headers["transfer-encoding"];
        res.writeHead(answer.statusCode ?? 502, headers);
        if (!cut) {
          res.end(body);
          return;
        }
        res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
      });
    },
  );
  outgoing.on("error", () => res.socket?.destroy());
  req.pipe(outgoing);
}
