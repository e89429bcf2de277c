import { MlflowConfigError } from "./errors.ts";

/**
 * The path under `/api/2.0/mlflow-artifacts/artifacts/` for a run's artifact URI, for runs whose
 * artifacts the server proxies (`mlflow-artifacts:/<exp>/<run>/artifacts`, possibly with a host).
 */
export function proxiedArtifactRoot(artifactUri: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
  if (!match) {
    throw new MlflowConfigError(
      `the run's artifact URI uses ${artifactUri.split(":")[0]}:, which this client cannot upload to through the tracking server. Start the server with artifact proxying (the default, or --serve-artifacts with --artifacts-destination).`,
    );
  }
  return (match[1] ?? "").replace(/\/+$/, "");
}

/** Encodes each segment of a `/`-separated relative path for use in a URL. */
export function encodePath(path: string): string {
  return path
    .split("/")
    .filter((segment) => segment.length > 0)
    .map(encodeURIComponent)
    .join("/");
}

/** Joins artifact path segments with `/`, ignoring empty ones. */
export function joinArtifactPath(...parts: (string | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .join("/")
    .replace(/\/+/g, "/")
    .replace(/^\/|\/$/g, "");
}
