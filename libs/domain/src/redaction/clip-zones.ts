import { RedactionError } from './redaction-error';
import type { Zone } from './redaction-types';

/** A zone clipped to the image: columns [x0, x1) of rows [y0, y1). */
export interface PixelRect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * Clip zones to a rows x columns image. A zone reaching past the edge is cut to it (a
 * machine's zone is often drawn for its widest screen), but a zone that starts outside
 * the image is refused: it means the rule was written for another geometry, and
 * ignoring it would export text the rule meant to remove.
 */
export function clipZones(zones: readonly Zone[], rows: number, columns: number): PixelRect[] {
  return zones.map((z, i) => {
    const whole = [z.x, z.y, z.width, z.height].every((n) => Number.isInteger(n));
    if (!whole || z.x < 0 || z.y < 0 || z.width < 1 || z.height < 1) throw new RedactionError('INVALID_ZONE', `zone ${i} is not a rectangle of whole pixels`);
    if (z.x >= columns || z.y >= rows) throw new RedactionError('ZONE_OUTSIDE_IMAGE', `zone ${i} lies outside the image`);
    return { x0: z.x, y0: z.y, x1: Math.min(columns, z.x + z.width), y1: Math.min(rows, z.y + z.height) };
  });
}
