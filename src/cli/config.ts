/**
 * The schema of a `wampkit router --config` file: what the file may hold, checked before the
 * router starts, so a typo (`maxConnections: lots`, a principal without a role, an unknown key)
 * is a usage error naming the key instead of a router with a bound silently off.
 * @internal
 * @module
 */
import * as z from 'zod/mini';
import { ROUTER_LIMITS, type RouterOptions, type StaticPrincipals } from '../router/index.js';

const text = z.string().check(z.minLength(1));
const port = z.int().check(z.gte(0), z.lte(65535));
const match = z.enum(['exact', 'prefix', 'wildcard']);
const flag = z.optional(z.boolean());

const principals = z.strictObject({
  ticket: z.optional(z.record(z.string(), z.strictObject({ ticket: text, role: text }))),
  wampcra: z.optional(
    z.record(
      z.string(),
      z.strictObject({ secret: text, role: text, salt: z.optional(z.string()), iterations: z.optional(z.int().check(z.gte(1))), keylen: z.optional(z.int().check(z.gte(1))) }),
    ),
  ),
  cryptosign: z.optional(z.record(z.string(), z.strictObject({ authorizedKeys: z.array(z.string().check(z.regex(/^[0-9a-fA-F]{64}$/))), role: text }))),
  anonymousRole: z.optional(text),
});

const permission = z.strictObject({
  uri: z.string(),
  match: z.optional(match),
  allow: z.strictObject({ call: flag, register: flag, publish: flag, subscribe: flag }),
  disclose: z.optional(z.strictObject({ caller: flag, publisher: flag })),
});

/** Every limit is a finite number ≥ 0, and only the limits `RouterLimits` has. */
const limits = z.strictObject(
  Object.fromEntries(Object.keys(ROUTER_LIMITS).map((k) => [k, z.optional(z.number().check(z.gte(0)))])) as Record<keyof typeof ROUTER_LIMITS, z.ZodMiniOptional<z.ZodMiniNumber>>,
);

/** A router config file. */
export const routerConfigSchema = z.strictObject({
  host: z.optional(text),
  port: z.optional(port),
  path: z.optional(z.string().check(z.startsWith('/'))),
  rawsocketPort: z.optional(port),
  realms: z.optional(z.array(text).check(z.minLength(1))),
  principals: z.optional(principals),
  permissions: z.optional(z.record(z.string(), z.array(permission))),
  adminRoles: z.optional(z.array(text)),
  allowedOrigins: z.optional(z.array(text)),
  eventHistory: z.optional(z.array(z.strictObject({ uri: z.string(), match: z.optional(match), limit: z.optional(z.int().check(z.gte(1))), realm: z.optional(text) }))),
  limits: z.optional(limits),
});

/** What a router config file holds. */
export interface RouterConfig {
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly rawsocketPort?: number;
  readonly realms?: readonly string[];
  readonly principals?: StaticPrincipals;
  readonly permissions?: RouterOptions['permissions'];
  readonly adminRoles?: readonly string[];
  readonly allowedOrigins?: readonly string[];
  readonly eventHistory?: RouterOptions['eventHistory'];
  readonly limits?: RouterOptions['limits'];
}


/** The config, or what is wrong with it: one `path: message` per problem. */
export function checkRouterConfig(data: unknown): { ok: true; config: RouterConfig } | { ok: false; problems: string[] } {
  const r = routerConfigSchema.safeParse(data, { error: z.locales.en().localeError });
  if (r.success) return { ok: true, config: r.data satisfies RouterConfig };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(top)'}: ${i.message}`) };
}
