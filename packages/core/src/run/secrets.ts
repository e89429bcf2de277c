/**
 * Removing secrets before anything is recorded. Everything prov4ml records about the process goes
 * through an allow-list; these helpers strip what may still hide inside allowed values.
 */
const SECRET_KEY = /(token|passw(or)?d|secret|api[-_]?key|auth|credential|private[-_]?key)/i;

/** `https://user:pass@host/x?token=y` → `https://host/x` (userinfo and query dropped). */
export function stripUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return parsed.toString();
  } catch {
    // Not a URL: drop "//user:pass@", scp-style "user@" (git remotes) and any query or fragment.
    return url
      .replace(/\/\/[^@/]*@/, "//")
      .replace(/^[^@/\s]+@/, "")
      .replace(/[?#].*$/, "");
  }
}

/** Command-line arguments with values of secret-looking options replaced by `***`. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let redactNext = false;
  for (const arg of argv) {
    if (redactNext) {
      out.push("***");
      redactNext = false;
      continue;
    }
    const eq = arg.indexOf("=");
    if (arg.startsWith("-") && eq > 0 && SECRET_KEY.test(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=***`);
    } else if (arg.startsWith("-") && eq < 0 && SECRET_KEY.test(arg)) {
      out.push(arg);
      redactNext = true;
    } else if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(arg)) {
      out.push(stripUrlCredentials(arg));
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}
