import { stat } from "node:fs/promises";
import { type ArtifactContent, artifactRootOf, putArtifact } from "./artifact-transfer.ts";
import { DEFAULT_PART_BYTES, type UploadProgress } from "./file-parts.ts";
import { proxiedMultipartUpload } from "./proxied-multipart.ts";
import type { RetryPolicy } from "./retry.ts";
import { S3ArtifactUploader } from "./s3-artifacts.ts";
import type { MlflowTransport } from "./transport.ts";
import type { MlflowRunInfo } from "./wire.ts";

/** S3's smallest multipart part. */
const MIN_PART_BYTES = 5 * 1024 * 1024;

/**
 * Chooses how an artifact reaches the store: straight to S3 for `s3://` roots (a server without
 * an artifact proxy), MLflow's proxied multipart upload for files larger than one part while the
 * server's store offers it, otherwise one streamed PUT through the proxy.
 */
export class ArtifactUploadRouter {
  readonly #transport: MlflowTransport;
  readonly #s3 = new S3ArtifactUploader();
  readonly #retry: Partial<RetryPolicy> | undefined;
  readonly #partBytes: number;
  readonly #onProgress: ((progress: UploadProgress) => void) | undefined;
  #multipartOffered = true;

  constructor(
    transport: MlflowTransport,
    options: {
      retry?: Partial<RetryPolicy> | undefined;
      partBytes?: number | undefined;
      onProgress?: ((progress: UploadProgress) => void) | undefined;
    },
  ) {
    this.#transport = transport;
    this.#retry = options.retry;
    this.#partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? DEFAULT_PART_BYTES);
    this.#onProgress = options.onProgress;
  }

  async upload(
    info: MlflowRunInfo,
    artifactPath: string,
    content: ArtifactContent,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const upload = { signal, retry: this.#retry, partBytes: this.#partBytes, onProgress: this.#onProgress };
    if (info.artifact_uri && /^s3a?:\/\//.test(info.artifact_uri)) {
      await this.#s3.upload(info.artifact_uri, artifactPath, content, upload);
      return;
    }
    const root = artifactRootOf(info);
    if (typeof content === "object" && "filePath" in content && this.#multipartOffered) {
      const size = (await stat(content.filePath)).size;
      if (size > this.#partBytes) {
        const file = content.filePath;
        const done = await proxiedMultipartUpload(
          this.#transport,
          root,
          artifactPath,
          file,
          this.#partBytes,
          upload,
        );
        if (done) return;
        this.#multipartOffered = false; // the server's store has none: one streamed PUT from now on
      }
    }
    await putArtifact(this.#transport, root, artifactPath, content, signal);
  }
}
