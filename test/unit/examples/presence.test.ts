/**
 * The smart-home dashboard's presence tracker. After a reconnect the dashboard reads who is there
 * (`wamp.session.list`, then `wamp.session.get` for each) while devices reconnect too: a device
 * that joins or leaves while that read is under way must not be undone by the (older) list.
 */
import { describe, expect, it } from 'vitest';
import { Presence } from '../../../examples/smart-home/presence.js';

function tracker() {
  const log: string[] = [];
  const presence = new Presence(['lamp.hall', 'hub'], {
    joined: (name, id) => log.push(`joined ${name} ${id}`),
    left: (name, id) => log.push(`left ${name} ${id}`),
    changed: () => undefined,
  });
  return { presence, log };
}

describe('Presence', () => {
  it('keeps a device that joined while the list was being read (the list predates it)', () => {
    const { presence } = tracker();
    const read = presence.beginRead();
    // The list is taken: only the hub. Then the hall lamp joins, before the list is applied.
    presence.join(7, 'lamp.hall');
    expect(presence.has('lamp.hall')).toBe(true);
    presence.reset([{ session: 3, authid: 'hub' }], read);
    expect(presence.has('lamp.hall')).toBe(true);
    expect(presence.has('hub')).toBe(true);
  });

  it('keeps a device gone that left while the list was being read', () => {
    const { presence } = tracker();
    presence.reset([{ session: 3, authid: 'hub' }, { session: 7, authid: 'lamp.hall' }]);
    const read = presence.beginRead();
    presence.leave(7);
    presence.reset([{ session: 3, authid: 'hub' }, { session: 7, authid: 'lamp.hall' }], read);
    expect(presence.has('lamp.hall')).toBe(false);
  });

  it('a list read without changes in between is taken as it is', () => {
    const { presence } = tracker();
    presence.join(9, 'lamp.hall');
    const read = presence.beginRead();
    presence.reset([{ session: 3, authid: 'hub' }], read);
    expect(presence.has('lamp.hall')).toBe(false); // gone while the dashboard was away
    expect(presence.has('hub')).toBe(true);
  });
});
