import { Prov4mlError } from "@prov4ml/core";

const S3_PACKAGE = "@aws-sdk/client-s3";

/** `@aws-sdk/client-s3` is not installed, and a run stores its artifacts directly in S3. */
export class MlflowS3PackageMissingError extends Prov4mlError {
  constructor(artifactUri: string, cause: unknown) {
    super(
      "MLFLOW_S3_PACKAGE_MISSING",
      `the MLflow server stores this run's artifacts directly in ${artifactUri} (no artifact proxy), so prov4ml uploads them to S3 itself and needs the optional package ${S3_PACKAGE}: install it (\`npm install ${S3_PACKAGE}\`), or start the server with --serve-artifacts so it proxies them.`,
      { cause },
    );
  }
}

/** The object store refused the credentials. The secret is never part of the message. */
export class MlflowS3CredentialsError extends Prov4mlError {
  readonly s3Code: string;
  constructor(target: string, s3Code: string, accessKeyId: string | undefined) {
    super(
      "MLFLOW_S3_CREDENTIALS",
      `the object store refused the credentials for ${target} (${s3Code}${accessKeyId ? `, access key id ${accessKeyId}` : ""}). Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE (the standard AWS credential chain), and AWS_ENDPOINT_URL or MLFLOW_S3_ENDPOINT_URL for a store other than AWS.`,
    );
    this.s3Code = s3Code;
  }
}

/** Any other S3 failure; `retryable` when a later attempt can succeed (5xx, throttling, network). */
export class MlflowS3Error extends Prov4mlError {
  readonly retryable: boolean;
  constructor(target: string, reason: string, retryable: boolean, cause: unknown) {
    super("MLFLOW_S3", `uploading to ${target} failed: ${reason}`, { cause });
    this.retryable = retryable;
  }
}

export const CREDENTIAL_CODES = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "ExpiredToken",
  "InvalidToken",
  "CredentialsProviderError",
]);

/** True for a failure a later attempt (now or from the spool) can fix. */
export function isRetryableS3Error(error: unknown): boolean {
  return error instanceof MlflowS3Error && error.retryable;
}
