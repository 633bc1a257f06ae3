/**
 * Public types shared by the role modules.
 * @module
 */
import type { WampDict, WampList } from '../protocol/messages.js';
import type { PassthruOptions, ReceivedPassthru } from './passthru.js';

/** The result of a call (or one progressive chunk of it). */
export interface CallResult {
  /** Positional results (empty when none). */
  readonly args: WampList;
  /** Keyword results (empty when none). */
  readonly kwargs: WampDict;
  /** RESULT details (`progress: true` on a progressive chunk). */
  readonly details: WampDict;
  /** A Payload Passthru Mode result: its attributes and payload (args/kwargs unpacked where wampkit can). */
  readonly passthru?: ReceivedPassthru;
}

/**
 * What a callee handler returns to send a YIELD with both args and kwargs. Returning any other
 * value `v` yields `args: [v]` (nothing for `undefined`).
 *
 * @example
 * ```ts
 * await session.register('com.example.split', (args) => new Result(String(args[0]).split(' '), { count: 2 }));
 * ```
 */
export class Result {
  /** Positional results. */
  readonly args: WampList;
  /** Keyword results. */
  readonly kwargs: WampDict;

  /** Send the result in Payload Passthru Mode (default: as the INVOCATION came, if it did). */
  readonly passthru: PassthruOptions | undefined;

  /**
   * @param args - positional results. @param kwargs - keyword results.
   * @param options - `passthru`: send it in Payload Passthru Mode.
   */
  constructor(args: WampList = [], kwargs: WampDict = {}, options: { passthru?: PassthruOptions } = {}) {
    this.args = args;
    this.kwargs = kwargs;
    this.passthru = options.passthru;
  }
}
