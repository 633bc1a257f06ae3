/**
 * WAMP ids (Basic Profile, "IDs"): integers in [1, 2^53].
 * @module
 */

/** The largest WAMP id, 2^53. */
export const MAX_ID = 2 ** 53;

/**
 * Session-scope ids: 1, 2, 3, … wrapping to 1 after 2^53, one sequence per direction.
 *
 * @param start - the first id to hand out (default 1; tests start near 2^53 to see the wrap).
 * @returns a function that returns the next id each time it is called.
 */
export function sessionScopeIds(start = 1): () => number {
  let next = start;
  return () => {
    const id = next;
    next = next >= MAX_ID ? 1 : next + 1;
    return id;
  };
}

/**
 * A global-scope id, drawn uniformly at random from [1, 2^53].
 *
 * @param random - a source of uniform numbers in [0, 1) (default `Math.random`).
 */
export function globalScopeId(random: () => number = Math.random): number {
  // 2^53 values: combine two draws so that every integer in range is reachable.
  const hi = Math.floor(random() * 2 ** 21);
  const lo = Math.floor(random() * 2 ** 32);
  return hi * 2 ** 32 + lo + 1;
}
