import { execFile } from "node:child_process";
import { stripUrlCredentials } from "./secrets.ts";

export interface SourceCodeInfo {
  commit: string;
  branch: string | undefined;
  dirty: boolean;
  /** The `origin` remote with any credentials removed. */
  remote: string | undefined;
}

/** Reads the git state of `cwd`, or undefined when it is not a git checkout (or git is missing). */
export async function readSourceCode(cwd = process.cwd()): Promise<SourceCodeInfo | undefined> {
  const commit = await git(["rev-parse", "HEAD"], cwd);
  if (!commit) return undefined;
  const [branch, status, remote] = await Promise.all([
    git(["rev-parse", "--abbrev-ref", "HEAD"], cwd),
    git(["status", "--porcelain", "--untracked-files=no"], cwd),
    git(["config", "--get", "remote.origin.url"], cwd),
  ]);
  return {
    commit,
    branch: branch && branch !== "HEAD" ? branch : undefined,
    dirty: status !== undefined && status.length > 0,
    remote: remote ? stripUrlCredentials(remote) : undefined,
  };
}

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    execFile("git", args, { cwd, timeout: 5000, windowsHide: true }, (error, stdout) => {
      resolvePromise(error ? undefined : stdout.trim());
    });
  });
}
