/**
 * The contract a thermostat service and its clients share: plain data (URIs and zod/mini
 * schemas) that a browser app and a Node service import alike.
 */
import * as z from 'zod/mini';
import { defineProcedure, defineTopic } from 'wampkit';

/** Sets the target temperature; answers the setting it applied. */
export const setTarget = defineProcedure({
  uri: 'home.thermostat.set_target',
  args: z.tuple([z.number().check(z.gte(5), z.lte(30))]),
  kwargs: z.object({ unit: z.optional(z.enum(['C', 'F'])) }),
  result: z.object({ target: z.number(), unit: z.enum(['C', 'F']) }),
});

/** Heats up to the target, reporting each degree on the way (progressive results). */
export const heatUp = defineProcedure({
  uri: 'home.thermostat.heat_up',
  args: z.tuple([z.number()]),
  progress: z.number(),
  result: z.literal('reached'),
});

/** A temperature reading. */
export const reading = defineTopic({
  uri: 'home.thermostat.reading',
  args: z.tuple([z.number()]),
  kwargs: z.object({ unit: z.enum(['C', 'F']) }),
});
