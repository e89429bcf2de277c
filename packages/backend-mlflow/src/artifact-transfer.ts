import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { encodePath, joinArtifactPath, proxiedArtifactRoot } from "./artifact-location.ts";
import { MlflowConfigError } from "./errors.ts";
import type { MlflowTransport } from "./transport.ts";
import type { MlflowRunInfo } from "./wire.ts";

const ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts";

/** What an artifact upload sends: bytes, text, or a local file streamed from disk. */
export type ArtifactContent = string | Uint8Array | { filePath: string };

/** The run's artifact root inside the server's artifact proxy (`mlflow-artifacts:` URIs only). */
export function artifactRootOf(info: MlflowRunInfo): string {
  if (!info.artifact_uri) throw new MlflowConfigError(`run ${info.run_id} has no artifact URI.`);
  return proxiedArtifactRoot(info.artifact_uri);
}

function proxiedArtifactPath(root: string, artifactPath: string): string {
  return `${ARTIFACTS_API}/${encodePath(joinArtifactPath(root, artifactPath))}`;
}

/** PUTs one artifact under the run's artifact root (a fresh body per attempt, so retries resend it). */
export async function putArtifact(
  transport: MlflowTransport,
  root: string,
  artifactPath: string,
  content: ArtifactContent,
  signal: AbortSignal | undefined,
): Promise<void> {
  const body =
    typeof content === "object" && "filePath" in content
      ? { filePath: content.filePath }
      : { bodyFactory: () => content as NonNullable<RequestInit["body"]> };
  await transport.send(
    "PUT",
    proxiedArtifactPath(root, artifactPath),
    { signal, contentType: "application/octet-stream", ...body },
    "json",
  );
}

/** GETs one artifact file's bytes from under the run's artifact root. */
export function getArtifact(
  transport: MlflowTransport,
  root: string,
  artifactPath: string,
): Promise<Uint8Array> {
  return transport.send<Uint8Array>("GET", proxiedArtifactPath(root, artifactPath), {}, "bytes");
}

/** Walks `directory`, subdirectories recursively, and uploads each file under `artifactPath`. */
export async function uploadDirectoryFiles(
  directory: string,
  artifactPath: string,
  upload: (remotePath: string, filePath: string) => Promise<void>,
): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const local = join(directory, entry.name);
    const remote = joinArtifactPath(artifactPath, entry.name);
    if (entry.isDirectory()) await uploadDirectoryFiles(local, remote, upload);
    else if ((await stat(local)).isFile()) await upload(remote, local);
  }
}
