import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * PUTs a file with node:http, piped from disk with backpressure, and returns the answer as a fetch
 * `Response`. Not fetch: undici's fetch reads a streamed request body ahead of the socket (measured
 * +330 MB RSS for a 300 MB file, against +40 MB piped here), and large artifacts must stay bounded.
 */
export async function putFileStreamed(
  url: string,
  headers: Record<string, string>,
  filePath: string,
  signal: AbortSignal | undefined,
  range?: { start: number; length: number },
): Promise<Response> {
  const size = range ? range.length : (await stat(filePath)).size;
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      { method: "PUT", headers: { ...headers, "content-length": String(size) }, signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const answerHeaders = new Headers();
          for (const [key, value] of Object.entries(response.headers))
            if (typeof value === "string") answerHeaders.set(key, value);
          resolve(
            new Response(Buffer.concat(chunks), {
              status: response.statusCode ?? 500,
              statusText: response.statusMessage ?? "",
              headers: answerHeaders,
            }),
          );
        });
      },
    );
    request.on("error", reject);
    const file = createReadStream(
      filePath,
      range ? { start: range.start, end: range.start + range.length - 1 } : {},
    );
    file.on("error", (error) => request.destroy(error));
    file.pipe(request);
  });
}
