/**
 * MLflow at production shape for the integration tests: one PostgreSQL cluster (postgres-server.mjs)
 * and S3-compatible object storage on 127.0.0.1, and two `mlflow server`s on them —
 *   proxied: `--artifacts-destination s3://prov4ml-proxied/artifacts` (clients upload through the
 *            server; it offers MLflow's multipart upload with presigned part URLs),
 *   direct:  `--default-artifact-root s3://prov4ml-direct/artifacts --no-serve-artifacts` (runs get
 *            `s3://` artifact URIs; clients upload to the object store themselves).
 *
 * Object store: moto's server mode (`moto[server]`, pinned in tooling/python/requirements.txt), not
 * SeaweedFS: it is a pip package in the venv we already install (SeaweedFS would be a Go build of a
 * large module on CI's 2 cores), boots in ~2 s, and implements what MLflow and the AWS SDK use (put,
 * multipart, presigned part URLs, listing). Its IAM authentication mode (INITIAL_NO_AUTH_ACTION_COUNT)
 * turned out, by experiment, too incomplete to store artifacts behind: presigned URLs fail (KeyError
 * 'HTTP_AUTHORIZATION', answered 500) and a ListObjectsV2 with a `prefix` is refused with
 * SignatureDoesNotMatch although the signature is right. So:
 *   - one unauthenticated moto holds both servers' buckets (any key pair is accepted), and
 *   - a second moto with IAM authentication on (a user with an s3:* policy and its key, made by a
 *     bootstrap script before auth takes effect) checks credentials on PutObject and multipart as
 *     real S3 does: the wrong-credentials test sends its uploads there and is refused with
 *     InvalidAccessKeyId / SignatureDoesNotMatch.
 * Objects live in moto's memory: keep test artifacts small (the 300 MB case is a bench).
 *
 * The environment MLflow needs for a custom S3 endpoint (verified here against mlflow 3.17.2 and
 * boto3 1.43): MLFLOW_S3_ENDPOINT_URL=http://127.0.0.1:<port> (boto3 otherwise goes to AWS),
 * AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (any non-empty pair for the unauthenticated store; boto3
 * refuses to sign without credentials: NoCredentialsError), AWS_DEFAULT_REGION=us-east-1 (presigned
 * URLs are signed for a region; without one boto3 picks us-east-1 anyway, set so no ~/.aws file of
 * the machine changes it). prov4ml's own S3 uploads read the same variables, or AWS_ENDPOINT_URL.
 *
 * The tests get everything in one environment variable, PROV4ML_TEST_MLFLOW_PRODUCTION (JSON of
 * `describe()`); the throwaway keys are the moto's own test credentials, valid for this process only.
 * Run directly (`node scripts/lib/production-mlflow.mjs`) to start it all and print that JSON.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startMlflowServer } from "./mlflow-server.mjs";
import { startPostgres } from "./postgres-server.mjs";

const REGION = "us-east-1";
const UNAUTHENTICATED_KEYS = { accessKeyId: "prov4ml-test", secretAccessKey: "prov4ml-test-secret" };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** IAM user + access key + bucket, made with moto's first unauthenticated requests (3 IAM, then auth). */
const BOOTSTRAP = `
import boto3, json, sys
endpoint, bucket = sys.argv[1], sys.argv[2]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="${REGION}", aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="prov4ml")
iam.put_user_policy(UserName="prov4ml", PolicyName="s3", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="prov4ml")["AccessKey"]
boto3.client("s3", endpoint_url=endpoint, region_name="${REGION}", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]).create_bucket(Bucket=bucket)
print(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))
`;

async function startMoto({ python, workDir, name, authenticated }) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const log = openSync(join(workDir, `${name}.log`), "a");
  const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...(authenticated ? { INITIAL_NO_AUTH_ACTION_COUNT: "3" } : {}) },
  });
  closeSync(log);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  for (let i = 0; !exited; i++) {
    if (i > 600) break;
    try {
      await (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) })).text();
      break;
    } catch {
      await sleep(100);
    }
  }
  const stop = () => {
    if (exited) return Promise.resolve();
    const gone = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-(child.pid ?? 0), "SIGKILL");
    } catch {}
    return gone;
  };
  if (exited)
    throw new Error(`moto (${name}) exited at start:\n${readFileSync(join(workDir, `${name}.log`), "utf8")}`);
  return { endpoint, stop };
}

function bootstrapStore(python, endpoint, bucket) {
  const result = spawnSync(python, ["-c", BOOTSTRAP, endpoint, bucket], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`creating the S3 user and bucket failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The S3 environment of a process that reaches `endpoint` with `keys` (MLflow, boto3, prov4ml). */
export function s3Environment(endpoint, keys) {
  return {
    MLFLOW_S3_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_REGION: REGION,
  };
}

/**
 * Starts PostgreSQL, both object stores and both MLflow servers (the two servers boot in parallel).
 * @param {{ python: string }} options
 */
export async function startProductionMlflow({ python }) {
  const workDir = mkdtempSync(join(tmpdir(), "prov4ml-mlflow-production-"));
  const stops = [];
  try {
    const pg = startPostgres({ port: await freePort() });
    stops.push(() => pg.destroy());
    pg.createDatabase("mlflow_proxied");
    pg.createDatabase("mlflow_direct");
    const store = await startMoto({ python, workDir, name: "moto", authenticated: false });
    stops.push(store.stop);
    for (const bucket of ["prov4ml-proxied", "prov4ml-direct"]) {
      const created = await fetch(`${store.endpoint}/${bucket}`, { method: "PUT" });
      if (!created.ok) throw new Error(`creating the bucket ${bucket} failed: ${created.status}`);
    }
    const guarded = await startMoto({ python, workDir, name: "moto-authenticated", authenticated: true });
    stops.push(guarded.stop);
    const guardedKeys = bootstrapStore(python, guarded.endpoint, "prov4ml-direct");
    const s3 = s3Environment(store.endpoint, UNAUTHENTICATED_KEYS);
    const serverOptions = (name, storeArgs, env) => ({
      python,
      workDir: join(workDir, name),
      storeArgs,
      env,
    });
    const [proxied, direct] = await Promise.all([
      startMlflowServer(
        serverOptions(
          "proxied",
          [
            "--backend-store-uri",
            pg.url("mlflow_proxied"),
            "--artifacts-destination",
            "s3://prov4ml-proxied/artifacts",
          ],
          s3,
        ),
      ),
      startMlflowServer(
        serverOptions(
          "direct",
          [
            "--backend-store-uri",
            pg.url("mlflow_direct"),
            "--default-artifact-root",
            "s3://prov4ml-direct/artifacts",
            "--no-serve-artifacts",
          ],
          s3,
        ),
      ),
    ]);
    stops.push(proxied.stop, direct.stop);
    return {
      describe: () => ({
        proxied: { uri: proxied.uri, s3 },
        direct: { uri: direct.uri, s3 },
        authenticatedS3: s3Environment(guarded.endpoint, guardedKeys),
        postgres: { dir: pg.dir, port: pg.port },
      }),
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const python = process.env.PROV4ML_PYTHON ?? join(repoRoot, ".venv", "bin", "python");
  const started = Date.now();
  const production = await startProductionMlflow({ python });
  console.log(JSON.stringify(production.describe()));
  console.error(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const shutdown = async () => {
    await production.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
