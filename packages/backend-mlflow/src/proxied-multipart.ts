import { stat } from "node:fs/promises";
import { encodePath, joinArtifactPath } from "./artifact-location.ts";
import { MlflowRequestError } from "./errors.ts";
import { type FilePart, partsOf, type UploadProgress, uploadParts } from "./file-parts.ts";
import type { RetryPolicy } from "./retry.ts";
import { isRetryableStatus } from "./retry.ts";
import { isRetryableS3Error, MlflowS3Error } from "./s3-errors.ts";
import { putFileStreamed } from "./streamed-put.ts";
import type { MlflowTransport } from "./transport.ts";

const MPU_API = "/api/2.0/mlflow-artifacts/mpu";

/** What `mpu/create` answers (mlflow.entities.multipart_upload.CreateMultipartUploadResponse). */
interface CreatedUpload {
  upload_id?: string;
  credentials?: { url: string; part_number: number; headers?: Record<string, string> }[];
}

export interface MultipartOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  onProgress?: ((progress: UploadProgress) => void) | undefined;
}

/** The server's artifact store cannot do multipart (a local directory): MLflow says so with 501. */
function isUnsupported(error: unknown): boolean {
  return (
    error instanceof MlflowRequestError &&
    (error.status === 501 || /multipart upload is not supported/i.test(error.message))
  );
}

/** A part that has not arrived in this long is given up (and retried): a store that never answers must not hold the run. */
const PART_TIMEOUT_MS = 300_000;

/**
 * PUTs one part to its presigned URL (straight to the object store), streamed from the file with
 * its exact length (presigned S3 PUTs need Content-Length), and returns its ETag.
 */
async function putPart(
  url: string,
  headers: Record<string, string>,
  filePath: string,
  part: FilePart,
  signal: AbortSignal | undefined,
): Promise<string> {
  const host = new URL(url).host; // the URL's query carries a signature, not the key; still, name only the host
  const timeout = AbortSignal.timeout(PART_TIMEOUT_MS);
  const response = await putFileStreamed(
    url,
    headers,
    filePath,
    signal ? AbortSignal.any([signal, timeout]) : timeout,
    { start: part.start, length: part.length },
  ).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new MlflowS3Error(host, `part upload failed: ${message}`, !signal?.aborted, error);
  });
  if (response.ok) return response.headers.get("etag") ?? "";
  throw new MlflowS3Error(
    host,
    `part upload answered ${response.status}`,
    isRetryableStatus(response.status),
    undefined,
  );
}

/**
 * Uploads a large file through MLflow's proxied multipart upload (`mpu/create`, parts PUT to the
 * presigned URLs the server hands out, `mpu/complete`), as MLflow's Python client does with
 * MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD. Each part is retried on its own; on failure the upload is
 * aborted (`mpu/abort`), so the object store never shows a half file. Returns false when the
 * server's artifact store has no multipart upload; the caller then PUTs the file in one stream.
 */
export async function proxiedMultipartUpload(
  transport: MlflowTransport,
  root: string,
  artifactPath: string,
  filePath: string,
  partBytes: number,
  options: MultipartOptions,
): Promise<boolean> {
  const segments = artifactPath.split("/");
  const fileName = segments.pop() ?? artifactPath;
  const directory = encodePath(joinArtifactPath(root, ...segments));
  const size = (await stat(filePath)).size;
  const parts = partsOf(size, partBytes);
  const send = <T>(action: string, body: unknown) =>
    transport.send<T>("POST", `${MPU_API}/${action}/${directory}`, { body, signal: options.signal }, "json");
  let created: CreatedUpload;
  try {
    created = await send<CreatedUpload>("create", { path: fileName, num_parts: parts.length });
  } catch (error) {
    if (isUnsupported(error)) return false;
    throw error;
  }
  const uploadId = created.upload_id ?? "";
  const credentials = new Map((created.credentials ?? []).map((c) => [c.part_number, c]));
  let sent = 0;
  try {
    const etags = await uploadParts(
      filePath,
      parts,
      async (part: FilePart) => {
        const credential = credentials.get(part.number);
        if (!credential)
          throw new MlflowS3Error(artifactPath, `no URL for part ${part.number}`, false, undefined);
        const etag = await putPart(credential.url, credential.headers ?? {}, filePath, part, options.signal);
        return { part_number: part.number, etag, url: credential.url };
      },
      {
        retry: options.retry,
        signal: options.signal,
        isRetryable: isRetryableS3Error,
        streamed: true,
        onPartDone: (part) => {
          sent += part.length;
          options.onProgress?.({ path: artifactPath, sentBytes: sent, totalBytes: size });
        },
      },
    );
    await send("complete", { path: fileName, upload_id: uploadId, parts: etags });
    return true;
  } catch (error) {
    await send("abort", { path: fileName, upload_id: uploadId }).catch(() => {});
    throw error;
  }
}
