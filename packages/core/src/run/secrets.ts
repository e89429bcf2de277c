/**
 * Removing secrets before anything is recorded. Everything prov4ml records about the process goes
 * through an allow-list; these helpers strip what may still hide inside allowed values.
 */
/** Names (of keys, variables, options) that say their value is a secret. */
export const SECRET_KEY = /(token|passw(or)?d|secret|api[-_]?key|auth|credential|private[-_]?key)/i;

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

/** Option names that say their value is a secret (`--db-pass`, `--wandb-key`, `--bearer`, `--pwd`…). */
const SECRET_FLAG = /(pass|pwd|key|token|secret|bearer|auth|credential)/i;
/** Short options that take a password (`mysql -p X`). */
const SECRET_SHORT_FLAGS = new Set(["-p"]);
/** `scheme://user:pass@` anywhere inside an argument. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi;
/** An HTTP credential inside a value (`--header=Authorization: Bearer X`). */
const HTTP_CREDENTIAL = /\b(authorization|bearer|basic)\b/i;
/** `NAME=value` given as an argument, the way environment assignments are written. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * Command-line arguments with secrets replaced by `***`. The rule: the value of every option
 * whose name says secret (pass, pwd, key, token, secret, bearer, auth, credential — passphrase
 * included), in both `--flag=value` and `--flag value` forms, and of `-p`; every `NAME=value`
 * argument with such a name; a value carrying an HTTP credential; and the userinfo of any URL
 * anywhere in an argument. Params the user logs on purpose are not touched (`logParam` records
 * what it is given).
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let redactNext = false;
  for (const arg of argv) {
    if (redactNext) {
      redactNext = false;
      // `--password --verbose`: the next argument is another option, not the value.
      if (!arg.startsWith("-")) {
        out.push("***");
        continue;
      }
    }
    const eq = arg.indexOf("=");
    const isOption = arg.startsWith("-");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (isOption && eq > 0 && (SECRET_FLAG.test(name) || HTTP_CREDENTIAL.test(arg.slice(eq + 1)))) {
      out.push(`${name}=***`);
    } else if (isOption && eq < 0 && (SECRET_FLAG.test(arg) || SECRET_SHORT_FLAGS.has(arg))) {
      out.push(arg);
      redactNext = true;
    } else if (!isOption && ASSIGNMENT.test(arg) && SECRET_FLAG.test(name)) {
      out.push(`${name}=***`);
    } else if (!isOption && HTTP_CREDENTIAL.test(arg) && /\s/.test(arg)) {
      out.push("***"); // "Authorization: Bearer X" passed as the value of a previous option
    } else if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(arg)) {
      out.push(stripUrlCredentials(arg));
    } else {
      out.push(arg.replace(URL_USERINFO, "$1"));
    }
  }
  return out;
}

export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}
