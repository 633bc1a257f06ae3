/**
 * The Standard Schema interface (standardschema.dev), which zod, zod/mini, valibot and arktype
 * schemas implement: contracts take any of them. Only the types, and one function that runs a
 * schema and turns its issues into words and paths.
 * @module
 */

/** One problem a schema found: what, and where (a path of keys). */
export interface SchemaIssue {
  /** What is wrong, in words. */
  readonly message: string;
  /** Where: keys from the checked value down to the offending one. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** What a schema's `validate` returns. */
export type SchemaResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<SchemaIssue> };

/** A schema that implements Standard Schema v1 (zod 4, zod/mini, valibot, arktype, …). */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The Standard Schema interface. */
  readonly '~standard': {
    /** Standard Schema version (1). */
    readonly version: 1;
    /** The library (`zod`, `valibot`, …). */
    readonly vendor: string;
    /** Checks a value. */
    readonly validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>;
    /** The input and output types (for inference only). */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The type a schema accepts (what a caller or publisher passes). */
export type SchemaInput<S, Default> = S extends StandardSchema<infer I, unknown> ? I : Default;
/** The type a schema produces (what a callee or subscriber receives). */
export type SchemaOutput<S, Default> = S extends StandardSchema<unknown, infer O> ? O : Default;

/** An issue as wampkit reports it: a dotted path (`args.1`, `kwargs.unit`) and a message. */
export interface ContractIssue {
  /** Where, e.g. `args.0` or `kwargs.unit` (`result` for a whole result). */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/** Runs `schema` on `value`; the checked (possibly transformed) value, or the issues under `where`. */
export function runSchema(
  schema: StandardSchema | undefined,
  value: unknown,
  where: string,
): { ok: true; value: unknown } | { ok: false; issues: ContractIssue[] } | Promise<{ ok: true; value: unknown } | { ok: false; issues: ContractIssue[] }> {
  if (schema === undefined) return { ok: true, value };
  const r = schema['~standard'].validate(value);
  return r instanceof Promise ? r.then((x) => settle(x, where)) : settle(r, where);
}

function settle(r: SchemaResult<unknown>, where: string): { ok: true; value: unknown } | { ok: false; issues: ContractIssue[] } {
  if (r.issues === undefined) return { ok: true, value: r.value };
  return {
    ok: false,
    issues: r.issues.map((i) => ({
      path: [where, ...(i.path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p))].join('.'),
      message: i.message,
    })),
  };
}

/** Issues in one line: `args.1: Invalid input; kwargs.unit: Required`. */
export function describeIssues(issues: readonly ContractIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
