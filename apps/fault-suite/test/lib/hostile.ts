/**
 * Hostile input for the public API, as fast-check arbitraries: unicode, control characters, NUL
 * bytes, 1 MB strings, `../` and absolute paths, PROV-reserved characters, non-finite numbers and
 * values of the wrong type.
 */
import fc from "fast-check";

/** Replaced, when a call runs, by a directory beside the run that nothing may write into. */
export const OUTSIDE = "@OUTSIDE@";

export const ONE_MB = "x".repeat(1024 * 1024);

const NASTY_STRINGS = [
  "",
  " ",
  "\0",
  "a\0b",
  "\n",
  "line\nbreak",
  "\r\n",
  "\t",
  "\u001b[31mred",
  "\u007f",
  "\u0085",
  "\u2028",
  "\u202eevil",
  "\ufeff",
  "\ud800",
  "\udfff",
  "🎉",
  "日本語",
  "ünïcødé",
  "e\u0301",
  "..",
  ".",
  "../",
  "../../etc/passwd",
  "a/../../b",
  "a/./b",
  "/etc/passwd",
  "C:\\Windows",
  "\\\\server\\share",
  "a\\..\\..\\b",
  "prov:entity",
  "xsd:string",
  "mls:Run",
  "%",
  "%2F",
  "%00",
  "%%",
  "<tag>",
  '"quoted"',
  "'single'",
  "{}",
  "[1]",
  "a=b",
  "#frag",
  "?q=1",
  "a b",
  " lead",
  "trail ",
  "a.b",
  "a_b",
  "trailing.",
  "-",
  "_",
  "NaN",
  "Infinity",
  "__proto__",
  "constructor",
  "toString",
  "x".repeat(250),
  "x".repeat(251),
];

/** Any hostile text: a listed nasty string, random unicode (lone surrogates included), or 1 MB. */
export const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom("a", "_", ".", "/", "%", ":", " ", "\0", "é"),
      maxLength: 8,
    }),
  },
  { weight: 1, arbitrary: fc.constant(ONE_MB) },
);

/** A plausible name (so that the run gets content) or a hostile one. */
export const name = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom("loss", "acc", "lr", "training", "validation", "model", "data") },
  { weight: 5, arbitrary: hostileString },
);

/** Artifact names aimed outside the run directory, among others. */
export const artifactName = fc.oneof(
  name,
  fc.constantFrom(
    `${OUTSIDE}/abs`,
    "../outside-rel",
    "../../outside-rel",
    "../../../outside/escaped",
    "sub/../../../outside/escaped",
    "sub/../../escaped",
    "./../escaped",
    "..\\escaped",
    "sub\\..\\..\\escaped",
    "/",
    "//double",
    "a//b",
    "dir/",
    "./",
    "nested/deeply/ok.bin",
  ),
);

export const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53 + 1,
    -(2 ** 63),
    1e-320,
  ),
);

/** Things that are not numbers, for places that want one. */
export const notANumber = fc.constantFrom<unknown>(
  "1",
  "",
  null,
  undefined,
  {},
  [],
  [1],
  1n,
  true,
  Symbol("s"),
  () => 1,
);

/** Param, tag and stat values: anything at all. */
export const anyValue = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  notANumber,
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(null).map(() => {
    const value: { self?: unknown } = {};
    value.self = value; // cyclic
    return value;
  }),
);

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

export const metricOptions = fc.oneof(
  fc.constant(undefined),
  hostileNumber,
  notANumber,
  fc.record(
    {
      step: maybe(fc.oneof(hostileNumber, notANumber)),
      timestamp: maybe(fc.oneof(hostileNumber, notANumber)),
      source: maybe(hostileString),
    },
    { requiredKeys: [] },
  ),
);

/** One call of the public API, with hostile arguments. */
export type Operation =
  | { op: "logParam"; key: unknown; value: unknown; context: unknown }
  | { op: "logParams"; params: Record<string, unknown>; context: unknown }
  | { op: "logMetric"; name: unknown; value: unknown; context: unknown; options: unknown }
  | { op: "logMetrics"; metrics: Record<string, unknown>; context: unknown }
  | { op: "logCurrentExecutionTime"; label: unknown; context: unknown }
  | { op: "logContext"; name: unknown; parent: unknown }
  | { op: "setTag"; key: unknown; value: unknown }
  | { op: "logDataset"; label: unknown; dataset: unknown; context: unknown; source: unknown }
  | {
      op: "logArtifact";
      name: unknown;
      context: unknown;
      copy: boolean | undefined;
      isInput: boolean | undefined;
    }
  | { op: "logModel"; name: unknown; withFile: boolean; context: unknown };

const nameOrAny = fc.oneof({ weight: 5, arbitrary: name }, { weight: 1, arbitrary: anyValue });

export const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    op: fc.constant("logParam" as const),
    key: nameOrAny,
    value: anyValue,
    context: maybe(nameOrAny),
  }),
  fc.record({
    op: fc.constant("logParams" as const),
    params: fc.dictionary(hostileString, anyValue, { maxKeys: 3 }),
    context: maybe(name),
  }),
  fc.record({
    op: fc.constant("logMetric" as const),
    name: nameOrAny,
    value: fc.oneof(hostileNumber, notANumber),
    context: maybe(nameOrAny),
    options: metricOptions,
  }),
  fc.record({
    op: fc.constant("logMetrics" as const),
    metrics: fc.dictionary(hostileString, fc.oneof(hostileNumber, notANumber), { maxKeys: 3 }),
    context: maybe(name),
  }),
  fc.record({ op: fc.constant("logCurrentExecutionTime" as const), label: nameOrAny, context: maybe(name) }),
  fc.record({ op: fc.constant("logContext" as const), name: nameOrAny, parent: maybe(nameOrAny) }),
  fc.record({ op: fc.constant("setTag" as const), key: nameOrAny, value: anyValue }),
  fc.record({
    op: fc.constant("logDataset" as const),
    label: nameOrAny,
    dataset: fc.oneof(
      fc.array(fc.integer(), { maxLength: 5 }),
      fc.record(
        {
          stats: fc.dictionary(hostileString, anyValue, { maxKeys: 3 }),
          source: maybe(hostileString),
          digest: maybe(hostileString),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    context: maybe(name),
    source: maybe(hostileString),
  }),
  fc.record({
    op: fc.constant("logArtifact" as const),
    name: artifactName,
    context: maybe(name),
    copy: maybe(fc.boolean()),
    isInput: maybe(fc.boolean()),
  }),
  fc.record({
    op: fc.constant("logModel" as const),
    name: fc.oneof(name, artifactName),
    withFile: fc.boolean(),
    context: maybe(name),
  }),
);

export interface StartOptions {
  experimentName: unknown;
  provUserNamespace: unknown;
  description: unknown;
  tags: unknown;
}

export const startOptions: fc.Arbitrary<StartOptions> = fc.record({
  experimentName: fc.oneof(
    { weight: 4, arbitrary: fc.constant("hostile") },
    { weight: 3, arbitrary: name },
    { weight: 1, arbitrary: anyValue },
  ),
  provUserNamespace: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      "https://example.org/ml/",
      "example.org",
      "urn:x",
      "http://a b/",
      "not a url",
      "javascript:alert(1)",
      "https://user:pw@host/",
      "",
    ),
    hostileString,
  ),
  description: maybe(hostileString),
  tags: maybe(fc.oneof(fc.dictionary(hostileString, hostileString, { maxKeys: 2 }), anyValue)),
});
