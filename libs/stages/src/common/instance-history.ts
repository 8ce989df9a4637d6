import {
  EXPORT_BLOCKED,
  GantryEvent,
  INSTANCE_EXPORTED,
  INSTANCE_INDEXED,
  INSTANCE_INGESTED,
  INSTANCE_REDACTED,
  INSTANCE_REMEDIATED,
  PHI_FOUND,
  REDACTION_HELD,
} from '@gantry/domain';
import { EventStore } from '@gantry/platform';

type Of<T extends GantryEvent['type']> = Extract<GantryEvent, { type: T }>;

/** The latest event of each kind in one instance's stream: what happened to it so far. */
export interface InstanceHistory {
  ingested?: Of<typeof INSTANCE_INGESTED>;
  indexed?: Of<typeof INSTANCE_INDEXED>;
  phiFound?: Of<typeof PHI_FOUND>;
  remediated?: Of<typeof INSTANCE_REMEDIATED>;
  redacted?: Of<typeof INSTANCE_REDACTED>;
  held?: Of<typeof REDACTION_HELD>;
  exported: Of<typeof INSTANCE_EXPORTED>[];
  blocked?: Of<typeof EXPORT_BLOCKED>;
  events: GantryEvent[];
}

export const instanceStream = (key: string): string => `instance-${key}`;

/** Reads an instance's stream and indexes it by event kind (later events win). */
export async function instanceHistory(store: EventStore, key: string): Promise<InstanceHistory> {
  const events = (await store.readStream(instanceStream(key))).map((s) => s.event);
  const h: InstanceHistory = { exported: [], events };
  for (const e of events) {
    if (e.type === INSTANCE_INGESTED) h.ingested = e;
    else if (e.type === INSTANCE_INDEXED) h.indexed = e;
    else if (e.type === PHI_FOUND) h.phiFound = e;
    else if (e.type === INSTANCE_REMEDIATED) h.remediated = e;
    else if (e.type === INSTANCE_REDACTED) h.redacted = e;
    else if (e.type === REDACTION_HELD) h.held = e;
    else if (e.type === INSTANCE_EXPORTED) h.exported.push(e);
    else if (e.type === EXPORT_BLOCKED) h.blocked = e;
  }
  return h;
}
