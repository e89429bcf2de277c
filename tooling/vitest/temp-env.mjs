/**
 * Points this process — and every process it starts — at another temporary directory, through
 * the variables os.tmpdir() and other runtimes read (TMPDIR, TMP, TEMP). Returns the undo.
 * Shared by the per-test-file directories (temp-dir-setup.mjs) and `npm test`'s leftover count.
 */
const VARIABLES = ["TMPDIR", "TMP", "TEMP"];

/** @param {string} dir @returns {() => void} restores the variables as they were */
export function pointTempDirAt(dir) {
  const saved = VARIABLES.map((name) => process.env[name]);
  for (const name of VARIABLES) process.env[name] = dir;
  return () => {
    VARIABLES.forEach((name, index) => {
      if (saved[index] === undefined) delete process.env[name];
      else process.env[name] = saved[index];
    });
  };
}
