import { DEFAULT_CHARSET, type Charset } from './charset';
import type { DataSet } from './data-set';
import type { Tag } from './tag';
import { decodeValue } from './value-decoder';
import type { Vr } from './vr';

/** Encapsulated (compressed) Pixel Data, kept as the stream's fragments and never decoded. */
export interface EncapsulatedPixelData {
  readonly kind: 'encapsulated';
  /** The Basic Offset Table item's bytes (often empty). */
  readonly offsetTable: Uint8Array;
  readonly fragments: readonly Uint8Array[];
}

/**
 * A value in the model. Text VRs: one string per value, trailing padding removed (PN as
 * raw 'Family^Given'). Binary numbers: number[] (bigint[] for SV/UV). AT: tags. OB/OW/
 * OF/OD/OL/OV/UN: little-endian bytes. SQ: items. Arrays are frozen because an unchanged
 * element is written from its source bytes, so an in-place edit would be lost silently.
 */
export type DicomValue =
  | readonly string[]
  | readonly number[]
  | readonly bigint[]
  | Uint8Array
  | readonly DataSet[]
  | EncapsulatedPixelData;

/**
 * The charset text values were read under. A dataset's own (0008,0005) wins, else its
 * enclosing dataset's; resolution waits until decoding because a sequence may precede
 * (0008,0005) in its dataset (DICOMDIR's (0004,1220) does) yet falls under it.
 */
export class TextContext {
  own: Charset | undefined;

  constructor(private readonly parent?: TextContext) {}

  get charset(): Charset {
    return this.own ?? this.parent?.charset ?? DEFAULT_CHARSET;
  }
}

/**
 * Where an element's value sits in the bytes it was read from. Decoding waits until
 * the value is first read, and an unchanged element is written by copying these bytes.
 */
export interface ElementSource {
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  readonly text: TextContext | undefined;
}

export class DicomElement {
  private decoded: DicomValue | undefined;

  constructor(
    readonly tag: Tag,
    readonly vr: Vr,
    value: DicomValue | undefined,
    /** Set only by the reader; an element built from a value has no source. */
    readonly source?: ElementSource,
  ) {
    this.decoded = value;
  }

  get value(): DicomValue {
    if (this.decoded === undefined) {
      // The constructor's contract: an element without a value has a source.
      this.decoded = decodeValue(this.vr, this.source as ElementSource);
    }
    return this.decoded;
  }

  /** Whether the value has been decoded (or was given); for tests of laziness. */
  get isDecoded(): boolean {
    return this.decoded !== undefined;
  }
}
