/** WELCOME details: the roles a router sends alike to every session are held once, frozen. */
import { describe, expect, it } from 'vitest';
import { shareWelcome } from '../../../src/session/features.js';

const roles = () => ({ dealer: { features: { call_canceling: true, progressive_call_results: true } }, broker: { features: {} } });

describe('shareWelcome', () => {
  it('shares equal roles (deep-frozen) and keeps what is per session', () => {
    const first = shareWelcome({ roles: roles(), authid: 'A' });
    const second = shareWelcome({ roles: roles(), authid: 'B' });
    expect(second['roles']).toBe(first['roles']);
    expect(second['roles']).toEqual(roles());
    expect(Object.isFrozen((first['roles'] as ReturnType<typeof roles>).dealer.features)).toBe(true);
    expect([first['authid'], second['authid']]).toEqual(['A', 'B']);
  });

  it('does not share roles that differ (another router)', () => {
    const first = shareWelcome({ roles: roles() });
    const other = roles();
    other.dealer.features.call_canceling = false;
    const second = shareWelcome({ roles: other });
    expect(second['roles']).not.toBe(first['roles']);
    expect((second['roles'] as ReturnType<typeof roles>).dealer.features.call_canceling).toBe(false);
    expect(Object.isFrozen(second['roles'])).toBe(true);
  });

  it('leaves details without roles, or with roles JSON cannot carry, as they are', () => {
    expect(shareWelcome({ authid: 'x' })).toEqual({ authid: 'x' });
    const big = { dealer: { features: { n: 10n } } };
    expect(shareWelcome({ roles: big })['roles']).toBe(big);
  });

  it('shares roles a router sends with its keys in another order each time (Nexus: a Go map)', () => {
    const first = shareWelcome({ roles: roles() });
    const reordered = { broker: { features: {} }, dealer: { features: { progressive_call_results: true, call_canceling: true } } };
    expect(shareWelcome({ roles: reordered })['roles']).toBe(first['roles']);
    // The same keys in another order, one value changed: not shared.
    const changed = { broker: { features: {} }, dealer: { features: { progressive_call_results: true, call_canceling: false } } };
    const second = shareWelcome({ roles: changed });
    expect(second['roles']).not.toBe(first['roles']);
    expect(second['roles']).toEqual(changed);
    // A feature more, or one fewer: not shared either.
    expect(shareWelcome({ roles: { ...changed, callee: { features: {} } } })['roles']).not.toBe(second['roles']);
    expect(shareWelcome({ roles: { dealer: changed.dealer } })['roles']).toEqual({ dealer: changed.dealer });
  });

  it('keeps roles that cannot be frozen (bytes in them) as sent', () => {
    const withBytes = { dealer: { features: {}, x_blob: new Uint8Array([1, 2]) } };
    const details = shareWelcome({ roles: withBytes });
    expect(details['roles']).toBe(withBytes);
    expect(Object.isFrozen(details)).toBe(true);
  });
});

