/**
 * Why a server refused a WebSocket upgrade, from its HTTP answer (Node's `ws` only: browsers do
 * not show it). Loaded when a refusal happens, so browser bundles do not carry it.
 * @internal
 * @module
 */
import type { TransportError } from '../errors.js';

/** What an HTTP status most likely means when a WAMP router refuses an upgrade. */
const HINTS: Readonly<Record<number, string>> = {
  403: ' (the router refused this origin or client: see its allowed origins)',
  429: ' (the router is limiting connections: retry later)',
  503: ' (the router is at its connection limit: retry later)',
};

/** The part of Node's `IncomingMessage` read here. */
export interface RefusalResponse {
  readonly statusCode?: number;
  readonly statusMessage?: string;
  on?(event: string, listener: (data?: unknown) => void): void;
}

/**
 * How refusals are told (passed in, so this chunk imports nothing and bundlers keep the start
 * chunk whole).
 */
export interface RefusalErrors {
  /** A refusal for any other reason. */
  other(message: string): TransportError;
  /** A refusal because no offered subprotocol is spoken; `said` is what the server answered. */
  noCommonSubprotocol(said: string): TransportError;
}

/**
 * Reads (a bounded part of) the answer's body, where routers say why (no common subprotocol, a
 * wrong path), and reports the refusal once, as a {@link TransportError} that says what to fix.
 */
export function readRefusal(res: RefusalResponse, url: string, errors: RefusalErrors, done: (failure: TransportError) => void): void {
  let body = '';
  let reported = false;
  const finish = (): void => {
    if (reported) return;
    reported = true;
    const status = `HTTP ${res.statusCode ?? '?'}${res.statusMessage ? ` ${res.statusMessage}` : ''}`;
    const said = body.trim().slice(0, 200);
    done(
      /subprotocol/i.test(`${res.statusMessage ?? ''} ${said}`)
        ? errors.noCommonSubprotocol(said ? `${status}: ${said}` : status)
        : errors.other(
            `${url}: the server answered ${status}${said ? ` (${said})` : ''} for path ${new URL(url).pathname} instead of a ` +
              `WebSocket upgrade${HINTS[res.statusCode ?? 0] ?? ' (is the path right, and is it a WAMP router?)'}`,
          ),
    );
  };
  res.on?.('data', (d) => {
    if (body.length < 1024) body += String(d);
  });
  res.on?.('end', finish);
  res.on?.('error', finish);
  res.on?.('close', finish);
}
