/** Error classes: names, codes, causes, payloads, and instanceof across two copies of the package. */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError, CanceledError, ProtocolError, SessionAbortedError, SessionClosedError, TimeoutError, TransportError,
  UsageError, WampError, WampkitError,
} from '../../src/index.js';

/** src/errors.ts bundled and minified as an app's bundler would (class names mangled), loaded as its own copy. */
async function minifiedCopy(): Promise<Record<string, new (...args: never[]) => Error>> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('../../src/errors.ts', import.meta.url))],
    bundle: true, minify: true, format: 'esm', write: false, logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  expect(code).not.toContain('class WampError'); // really minified
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, new (...args: never[]) => Error>;
}

describe('errors', () => {
  it.each([
    [new WampError('com.x'), 'WampError', 'WAMP_ERROR'],
    [new ProtocolError('bad'), 'ProtocolError', 'PROTOCOL_ERROR'],
    [new TransportError('lost'), 'TransportError', 'TRANSPORT_ERROR'],
    [new SessionAbortedError('wamp.error.no_such_realm'), 'SessionAbortedError', 'SESSION_ABORTED'],
    [new AuthenticationError('wamp.error.not_authorized'), 'AuthenticationError', 'AUTHENTICATION_FAILED'],
    [new SessionClosedError('wamp.close.normal'), 'SessionClosedError', 'SESSION_CLOSED'],
    [new CanceledError('kill'), 'CanceledError', 'CANCELED'],
    [new TimeoutError(100), 'TimeoutError', 'TIMEOUT'],
    [new UsageError('wamp.error.invalid_uri', 'bad'), 'UsageError', 'USAGE'],
  ] as const)('%s has name %s and code %s', (error, name, code) => {
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error).toBeInstanceOf(WampkitError);
    expect(error).toBeInstanceOf(Error);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket reset');
    expect(new TransportError('lost', { cause }).cause).toBe(cause);
    expect(new SessionClosedError('x', { cause }).cause).toBe(cause);
  });

  it('WampError keeps uri, args, kwargs, details', () => {
    const e = new WampError('com.example.error', { args: ['why', 2], kwargs: { k: 1 }, details: { d: true } });
    expect(e).toMatchObject({ uri: 'com.example.error', args: ['why', 2], kwargs: { k: 1 }, details: { d: true } });
    expect(e.message).toBe('com.example.error: why');
  });

  it('WampError.from wraps anything else as runtime_error with the message only', () => {
    const e = WampError.from(new RangeError('out of range'));
    expect(e.uri).toBe('wamp.error.runtime_error');
    expect(e.args).toEqual(['out of range']);
    expect(e.cause).toBeInstanceOf(RangeError);
  });

  it('AuthenticationError is a SessionAbortedError', () => {
    expect(new AuthenticationError('wamp.error.not_authorized')).toBeInstanceOf(SessionAbortedError);
    expect(new SessionAbortedError('x')).not.toBeInstanceOf(AuthenticationError);
  });

  it('instanceof works for an error made by another copy of wampkit (brand by name)', () => {
    const foreign = Object.assign(new Error('from another copy'), { name: 'AuthenticationError' });
    Object.defineProperty(foreign, Symbol.for('wampkit.error.kinds'), { value: ['AuthenticationError', 'SessionAbortedError', 'WampkitError'] });
    expect(foreign).toBeInstanceOf(AuthenticationError);
    expect(foreign).toBeInstanceOf(SessionAbortedError);
    expect(foreign).toBeInstanceOf(WampkitError);
    expect(foreign).not.toBeInstanceOf(WampError);
    expect(new Error('plain')).not.toBeInstanceOf(WampkitError);
  });

  it('WampkitError.from keeps wampkit errors and wraps others', () => {
    const e = new TimeoutError(5);
    expect(WampkitError.from(e)).toBe(e);
    expect(WampkitError.from('text').message).toBe('text');
  });

  it('names survive minification, and instanceof works between a minified copy and this one', async () => {
    const copy = await minifiedCopy();
    const made = [
      new (copy['WampError'] as unknown as typeof WampError)('com.x'),
      new (copy['TransportError'] as unknown as typeof TransportError)('lost'),
      new (copy['AuthenticationError'] as unknown as typeof AuthenticationError)('wamp.error.not_authorized'),
      new (copy['UsageError'] as unknown as typeof UsageError)('wamp.error.invalid_uri', 'bad'),
    ];
    expect(made.map((e) => e.name)).toEqual(['WampError', 'TransportError', 'AuthenticationError', 'UsageError']);
    expect(made[0]).toBeInstanceOf(WampError);
    expect(made[1]).toBeInstanceOf(TransportError);
    expect(made[2]).toBeInstanceOf(SessionAbortedError);
    expect(made[2]).toBeInstanceOf(AuthenticationError);
    expect(made[3]).toBeInstanceOf(UsageError);
    expect(made[0]).not.toBeInstanceOf(TransportError);
    expect(new WampError('com.y')).toBeInstanceOf(copy['WampError']!);
  });
});
