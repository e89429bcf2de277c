/** A stringified Python list of numbers, as yProv4ML v1 stored metric series inline. */
export interface ParsedPythonList {
  values: number[];
  /** numpy cut the list (`[1, 2, 3, ..., 8, 9, 10]`): only the head and tail survive. */
  truncated: boolean;
  /** Items that were not numbers (strings, nested lists, `None`), read as NaN. */
  nonNumeric: number;
}

const NUMPY_SCALAR = /^np\.(?:float|int|uint|bool_?)\d*\((.*)\)$/s;

/**
 * Parses `"[0.1, np.float64(0.2), nan, inf, ..., 5]"` without evaluating anything: numbers,
 * `nan`/`inf`, numpy scalar reprs, `True`/`False` (1/0), numpy's `...` truncation marker; anything
 * else (quoted strings, nested lists, `None`) becomes NaN and is counted in `nonNumeric`.
 * Returns undefined when the text is not a list.
 */
export function parsePythonList(text: string): ParsedPythonList | undefined {
  const s = text.trim();
  if (!s.startsWith("[") || !s.endsWith("]")) return undefined;
  const result: ParsedPythonList = { values: [], truncated: false, nonNumeric: 0 };
  let depth = 0;
  let quote = 0;
  let start = 1;
  const end = s.length - 1;
  for (let i = 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 39 /* ' */ || c === 34 /* " */) quote = c;
    else if (c === 91 /* [ */ || c === 40 /* ( */) depth++;
    else if (c === 93 /* ] */ || c === 41 /* ) */) depth--;
    else if (c === 44 /* , */ && depth === 0) {
      addItem(s.slice(start, i), result);
      start = i + 1;
    }
  }
  const last = s.slice(start, end);
  if (last.trim() !== "" || result.values.length > 0 || result.truncated) addItem(last, result);
  return result;
}

function addItem(raw: string, result: ParsedPythonList): void {
  let item = raw.trim();
  if (item === "...") {
    result.truncated = true;
    return;
  }
  const numpy = NUMPY_SCALAR.exec(item);
  if (numpy) item = numpy[1]!.trim();
  const value = pythonNumber(item);
  if (value === undefined) {
    result.nonNumeric++;
    result.values.push(Number.NaN);
  } else result.values.push(value);
}

function pythonNumber(item: string): number | undefined {
  switch (item) {
    case "nan":
    case "NaN":
      return Number.NaN;
    case "inf":
      return Number.POSITIVE_INFINITY;
    case "-inf":
      return Number.NEGATIVE_INFINITY;
    case "True":
      return 1;
    case "False":
      return 0;
  }
  if (item === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(item)) return undefined;
  return Number(item);
}
