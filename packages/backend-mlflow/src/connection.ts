import { stripUrlCredentials } from "@prov4ml/core";
import { MlflowConfigError } from "./errors.ts";

/** Where the server is and how to authenticate; what `MlflowClient` and the backend share. */
export interface MlflowConnectionOptions {
  /** `http(s)://host[:port][/prefix]`. Default env `MLFLOW_TRACKING_URI`. Credentials in the URI are moved out of it. */
  trackingUri?: string | undefined;
  /** Bearer token. Default env `MLFLOW_TRACKING_TOKEN`. Wins over username/password when both are set. */
  token?: string | undefined;
  /** Basic auth user. Default env `MLFLOW_TRACKING_USERNAME`. */
  username?: string | undefined;
  /** Basic auth password. Default env `MLFLOW_TRACKING_PASSWORD`. */
  password?: string | undefined;
}

/** A resolved connection. `authorization` is kept off enumerable properties so it never lands in logs or JSON. */
export interface MlflowConnection {
  /** The tracking URI without credentials, query or trailing slash: safe to log and to record. */
  readonly uri: string;
  readonly authorization: string | undefined;
}

/** Resolves options against the environment. Token wins over Basic (documented precedence). */
export function resolveConnection(
  options: MlflowConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): MlflowConnection | undefined {
  const raw = options.trackingUri ?? env.MLFLOW_TRACKING_URI;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MlflowConfigError(
      `MLFLOW_TRACKING_URI / trackingUri is not a URL (${JSON.stringify(redactUri(raw))}): give an http(s):// address, or use saveDir for a local store.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new MlflowConfigError(
      `tracking URI scheme ${url.protocol} is not supported by the REST backend: give an http(s):// server address, or use the saveDir (mlflowSaveDir) option to write a local store.`,
    );
  }
  const uriUser = url.username ? decodeURIComponent(url.username) : undefined;
  const uriPassword = url.password ? decodeURIComponent(url.password) : undefined;
  const token = options.token ?? env.MLFLOW_TRACKING_TOKEN;
  const username = options.username ?? env.MLFLOW_TRACKING_USERNAME ?? uriUser;
  const password = options.password ?? env.MLFLOW_TRACKING_PASSWORD ?? uriPassword;
  let authorization: string | undefined;
  if (token) authorization = `Bearer ${token}`;
  else if (username !== undefined && password !== undefined) {
    authorization = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
  }
  const connection = { uri: redactUri(raw) } as MlflowConnection;
  Object.defineProperty(connection, "authorization", { value: authorization, enumerable: false });
  return connection;
}

/** Drops user info, query and fragment (which may hold tokens) and the trailing slash. */
export function redactUri(uri: string): string {
  return stripUrlCredentials(uri).replace(/\/+$/, "");
}
