import { DestinationKind } from '@gantry/domain';

/** One verified object on its way out. The bytes are exactly what the just-in-time check read. */
export interface ExportItem {
  /** The instance key: opaque, for logs and errors. */
  readonly key: string;
  /** The Part 10 bytes that passed the check. */
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** Where the object goes, relative to the destination (pseudonymous segments only). */
  readonly location: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
}

/** What a destination reports back: where the object now is, relative to the destination. */
export interface WriteResult {
  readonly location: string | null;
}

/**
 * A configured destination, ready to write. Writing the same item twice must be harmless
 * (at-least-once delivery): a folder or a bucket overwrites with equal bytes, a Storage
 * SCP or a DICOMweb server receives the same SOP instance again.
 */
export interface ExportTarget {
  readonly name: string;
  readonly kind: DestinationKind;
  write(item: ExportItem): Promise<WriteResult>;
  close(): Promise<void>;
}
