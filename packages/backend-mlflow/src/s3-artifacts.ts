import { stat } from "node:fs/promises";
import { Prov4mlError } from "@prov4ml/core";
import { joinArtifactPath } from "./artifact-location.ts";
import type { ArtifactContent } from "./artifact-transfer.ts";
import {
  DEFAULT_PART_BYTES,
  type FilePart,
  partsOf,
  readPart,
  retrying,
  type UploadProgress,
  uploadParts,
} from "./file-parts.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.ts";
import {
  CREDENTIAL_CODES,
  isRetryableS3Error,
  MlflowS3CredentialsError,
  MlflowS3Error,
  MlflowS3PackageMissingError,
} from "./s3-errors.ts";

type S3Module = typeof import("@aws-sdk/client-s3");
type S3Client = import("@aws-sdk/client-s3").S3Client;

const S3_PACKAGE = "@aws-sdk/client-s3";

/** Bucket and key prefix of an `s3://bucket/prefix` URI. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new MlflowS3Error(uri, "not an s3:// URI", false, undefined);
  return { bucket: match[1]!, prefix: (match[2] ?? "").replace(/\/+$/, "") };
}

/** The custom S3 endpoint the environment names (S3-compatible stores), as MLflow's Python client reads it. */
export function s3EndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_ENDPOINT_URL_S3 || env.MLFLOW_S3_ENDPOINT_URL || env.AWS_ENDPOINT_URL || undefined;
}

let loaded: Promise<S3Module> | undefined;

async function loadS3(artifactUri: string): Promise<S3Module> {
  loaded ??= import(S3_PACKAGE) as Promise<S3Module>;
  try {
    return await loaded;
  } catch (error) {
    loaded = undefined;
    throw new MlflowS3PackageMissingError(artifactUri, error);
  }
}

/** Turns an SDK failure into a typed error; the SDK's own message never carries the secret key. */
function classify(error: unknown, target: string, accessKeyId: string | undefined): Error {
  const e = error as {
    name?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
    message?: string;
  };
  const code = e.Code ?? e.name ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  if (CREDENTIAL_CODES.has(code) || status === 403)
    return new MlflowS3CredentialsError(target, code, accessKeyId);
  const retryable = status === undefined || status >= 500 || status === 429 || status === 408;
  return new MlflowS3Error(
    target,
    `${code}${status ? ` (HTTP ${status})` : ""}: ${e.message ?? ""}`,
    retryable,
    error,
  );
}

export interface S3UploadOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  partBytes?: number | undefined;
  onProgress?: ((progress: UploadProgress) => void) | undefined;
}

/**
 * Uploads artifacts straight to the object store of an `s3://` artifact root, as MLflow's Python
 * client does for a server without an artifact proxy. Credentials come from the AWS SDK's default
 * chain (environment, shared profile, instance role); the endpoint from AWS_ENDPOINT_URL(_S3) or
 * MLFLOW_S3_ENDPOINT_URL (path-style addressing then, as S3-compatible stores expect). Files larger
 * than one part go as an S3 multipart upload, each part retried; the object appears only when the
 * upload completes, so a cut upload never leaves half a file visible.
 */
export class S3ArtifactUploader {
  readonly #clients = new Map<string, Promise<{ s3: S3Module; client: S3Client; keyId?: string }>>();

  async upload(
    artifactRoot: string,
    artifactPath: string,
    content: ArtifactContent,
    options: S3UploadOptions = {},
  ): Promise<void> {
    const { bucket, prefix } = parseS3Uri(artifactRoot);
    const key = joinArtifactPath(prefix, artifactPath);
    const target = `s3://${bucket}/${key}`;
    const { s3, client, keyId } = await this.#client(artifactRoot);
    const partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
    try {
      if (typeof content === "object" && "filePath" in content) {
        const size = (await stat(content.filePath)).size;
        if (size > partBytes) {
          await this.#multipart(
            s3,
            client,
            { bucket, key, target, keyId, artifactPath },
            content.filePath,
            size,
            partBytes,
            options,
          );
          return;
        }
        content = await readPart(content.filePath, { number: 1, start: 0, length: size });
      }
      const body = content;
      await retrying(
        () =>
          client
            .send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
            .catch((error: unknown) => Promise.reject(classify(error, target, keyId))),
        { ...DEFAULT_RETRY_POLICY, ...options.retry },
        { signal: options.signal, isRetryable: isRetryableS3Error },
      );
    } catch (error) {
      throw error instanceof Prov4mlError ? error : classify(error, target, keyId);
    }
  }

  async #multipart(
    s3: S3Module,
    client: S3Client,
    where: { bucket: string; key: string; target: string; keyId: string | undefined; artifactPath: string },
    filePath: string,
    size: number,
    partBytes: number,
    options: S3UploadOptions,
  ): Promise<void> {
    const { bucket, key, target, keyId, artifactPath } = where;
    const wrap = async <T>(send: () => Promise<T>): Promise<T> => {
      try {
        return await send();
      } catch (error) {
        throw classify(error, target, keyId);
      }
    };
    const created = await wrap(() =>
      client.send(new s3.CreateMultipartUploadCommand({ Bucket: bucket, Key: key })),
    );
    const uploadId = created.UploadId!;
    let sent = 0;
    try {
      const etags = await uploadParts(
        filePath,
        partsOf(size, partBytes),
        async (part: FilePart, bytes) => {
          const answer = await wrap(() =>
            client.send(
              new s3.UploadPartCommand({
                Bucket: bucket,
                Key: key,
                UploadId: uploadId,
                PartNumber: part.number,
                Body: bytes,
              }),
            ),
          );
          return { PartNumber: part.number, ETag: answer.ETag };
        },
        {
          retry: options.retry,
          signal: options.signal,
          isRetryable: isRetryableS3Error,
          onPartDone: (part) => {
            sent += part.length;
            options.onProgress?.({ path: artifactPath, sentBytes: sent, totalBytes: size });
          },
        },
      );
      await wrap(() =>
        client.send(
          new s3.CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: etags },
          }),
        ),
      );
    } catch (error) {
      // Parts of an aborted upload are discarded by the store; nothing half-made stays visible.
      await client
        .send(new s3.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch(() => {});
      throw error;
    }
  }

  #client(artifactRoot: string) {
    const endpoint = s3EndpointFromEnv();
    const cacheKey = endpoint ?? "aws";
    let entry = this.#clients.get(cacheKey);
    if (!entry) {
      entry = (async () => {
        const s3 = await loadS3(artifactRoot);
        const client = new s3.S3Client({
          ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
          region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1",
          // Our own per-part retries; the SDK's would multiply them.
          maxAttempts: 1,
          // No extra CRC pass over each part (S3-compatible stores reject unknown checksum headers).
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        });
        const keyId = await client.config
          .credentials()
          .then((c) => c.accessKeyId)
          .catch(() => undefined);
        return { s3, client, ...(keyId ? { keyId } : {}) };
      })();
      entry.catch(() => this.#clients.delete(cacheKey));
      this.#clients.set(cacheKey, entry);
    }
    return entry;
  }
}
