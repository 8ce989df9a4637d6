import { DataSet } from '../data-set';
import { DicomElement } from '../element';
import { DicomModelError } from '../errors';
import { buildFileMeta } from '../file-meta';
import type { DicomObject } from '../parse-dicom';
import { TRANSFER_SYNTAX } from '../transfer-syntax';
import { uidFromSeed } from '../uids';
import type { ValueInput } from '../value-input';
import { vrKind, type Vr } from '../vr';
import { walk } from '../walk';
import { writeDicom } from '../write-dicom';
import type {
  BuilderModality,
  EquipmentOptions,
  InstanceOptions,
  PatientOptions,
  PixelOptions,
  ResolvedPixels,
  SeriesOptions,
  StudyOptions,
} from './builder-options';
import { equipmentModule, imagePixelModule, instanceModule, patientModule, seriesModule, spatialModules, studyModule } from './common-modules';
import { modalityProfile, type Attribute, type ModalityProfile } from './modality-profiles';
import { generatePixels } from './pixel-generator';

export interface DicomBuilderOptions {
  /** UIDs not given explicitly derive from this, so equal inputs build equal bytes. */
  seed?: string;
}

type PrivateArgs = readonly [group: number, creator: string, elementByte: number, vr: Vr, value: ValueInput];

const NATIVE = new Set<string>([TRANSFER_SYNTAX.EXPLICIT_LE, TRANSFER_SYNTAX.IMPLICIT_LE, TRANSFER_SYNTAX.DEFLATED_LE]);

/**
 * Fluent builder of synthetic, IOD-valid instances for tests and benchmarks. Each step
 * replaces that level's options; `build` can be called repeatedly (e.g. once per
 * `instance({ number })`) and never reads the clock or a random source.
 */
export class DicomBuilder {
  private readonly seed: string;
  private patientOptions: PatientOptions = {};
  private studyOptions: StudyOptions = {};
  private seriesOptions: SeriesOptions = {};
  private equipmentOptions: EquipmentOptions = {};
  private instanceOptions: InstanceOptions = {};
  private pixelOptions: PixelOptions | undefined;
  private readonly extras: DicomElement[] = [];
  private readonly privates: PrivateArgs[] = [];
  private transferSyntaxUid: string = TRANSFER_SYNTAX.EXPLICIT_LE;

  constructor(options: DicomBuilderOptions = {}) {
    this.seed = options.seed ?? 'gantry';
  }

  patient(options: PatientOptions): this {
    this.patientOptions = { ...options };
    return this;
  }

  study(options: StudyOptions): this {
    this.studyOptions = { ...options };
    return this;
  }

  series(options: SeriesOptions): this {
    if (options.modality !== undefined) profileFor(options.modality);
    this.seriesOptions = { ...options };
    return this;
  }

  equipment(options: EquipmentOptions): this {
    this.equipmentOptions = { ...options };
    return this;
  }

  instance(options: InstanceOptions): this {
    this.instanceOptions = { ...options };
    return this;
  }

  pixels(options: PixelOptions): this {
    this.pixelOptions = { ...options };
    return this;
  }

  /** Any extra attribute; validated now, applied after (and over) the defaults. */
  set(tagOrKeyword: string, ...args: [value: ValueInput] | [vr: Vr, value: ValueInput]): this {
    const probe = new DataSet().set(tagOrKeyword, ...args);
    this.extras.push(...probe.elements());
    return this;
  }

  /** A private element in the block reserved for `creator` (reserved on first use). */
  private(group: number, creator: string, elementByte: number, vr: Vr, value: ValueInput): this {
    new DataSet().setPrivate(group, creator, elementByte, vr, value);
    this.privates.push([group, creator, elementByte, vr, value]);
    return this;
  }

  /** Native transfer syntax to write: explicit VR LE (default), implicit VR LE or deflated. */
  transferSyntax(uid: string): this {
    if (!NATIVE.has(uid)) throw new DicomModelError('INVALID_VALUE', 'the builder writes native transfer syntaxes only');
    this.transferSyntaxUid = uid;
    return this;
  }

  build(): DicomObject {
    const profile = profileFor(this.seriesOptions.modality ?? 'CT');
    const pixels = this.resolvePixels(profile);
    const dataset = new DataSet();
    for (const [keyword, vr, value] of this.attributes(profile, pixels)) dataset.set(keyword, vr, value);
    for (const el of this.extras) dataset.put(el.vr === 'SQ' ? cloneSequence(el) : el);
    for (const args of this.privates) dataset.setPrivate(...args);
    if (!dataset.has('00080005') && hasNonAsciiText(dataset)) dataset.set('00080005', 'CS', 'ISO_IR 192');
    const meta = buildFileMeta(dataset, this.transferSyntaxUid);
    return { meta, dataset, transferSyntaxUid: this.transferSyntaxUid, hasPart10Header: true };
  }

  toBytes(): Uint8Array {
    return writeDicom(this.build(), { transferSyntaxUid: this.transferSyntaxUid });
  }

  private attributes(profile: ModalityProfile, pixels: ResolvedPixels): Attribute[] {
    const study = this.studyOptions;
    const studyUid = study.uid ?? uidFromSeed(`${this.seed}|study|${study.id ?? ''}|${study.accession ?? ''}|${study.date ?? ''}`);
    const seriesUid = this.seriesOptions.uid ?? uidFromSeed(`${studyUid}|series|${this.seriesOptions.number ?? 1}|${profile.modality}`);
    const instanceNumber = this.instanceOptions.number ?? 1;
    const sopInstanceUid = this.instanceOptions.uid ?? uidFromSeed(`${seriesUid}|instance|${instanceNumber}`);
    const sopClassUid = this.instanceOptions.sopClassUid ?? profile.sopClassUid(pixels.frames);
    return [
      ...patientModule(this.patientOptions),
      ...studyModule(study, studyUid),
      ...seriesModule(this.seriesOptions, seriesUid, profile, study),
      ...equipmentModule(this.equipmentOptions),
      ...instanceModule(this.instanceOptions, sopClassUid, sopInstanceUid, study),
      ...(profile.spatial ? spatialModules(pixels, uidFromSeed(`${studyUid}|frame-of-reference`), instanceNumber) : []),
      ...profile.attributes({ pixels, instanceNumber }),
      ...imagePixelModule(pixels, generatePixels(pixels)),
    ];
  }

  private resolvePixels(profile: ModalityProfile): ResolvedPixels {
    const o: Partial<PixelOptions> = this.pixelOptions ?? {};
    const d = profile.pixels;
    const bitsAllocated = o.bitsAllocated ?? d.bitsAllocated;
    // A caller changing Bits Allocated alone gets Bits Stored to match, not a stale 12.
    const bitsStored = o.bitsStored ?? (o.bitsAllocated === undefined ? d.bitsStored : Math.min(d.bitsStored, bitsAllocated));
    const samplesPerPixel = o.samplesPerPixel ?? (o.photometric === 'RGB' || o.photometric === 'YBR_FULL' ? 3 : d.samplesPerPixel);
    return {
      rows: o.rows ?? d.rows,
      columns: o.columns ?? d.columns,
      bitsAllocated,
      bitsStored,
      highBit: o.highBit ?? bitsStored - 1,
      pixelRepresentation: o.pixelRepresentation ?? d.pixelRepresentation,
      samplesPerPixel,
      photometric: o.photometric ?? (samplesPerPixel === 3 ? 'RGB' : d.photometric),
      planarConfiguration: o.planarConfiguration ?? 0,
      frames: o.frames ?? 1,
      pattern: o.pattern ?? 'gradient',
    };
  }
}

function profileFor(modality: BuilderModality): ModalityProfile {
  const profile = modalityProfile(modality) as ModalityProfile | undefined;
  if (!profile) throw new DicomModelError('INVALID_VALUE', 'no builder defaults for this modality');
  return profile;
}

/** Items given to `set` are copied per build so one fixture's edits never leak into another. */
function cloneSequence(el: DicomElement): DicomElement {
  return new DicomElement(el.tag, 'SQ', Object.freeze((el.value as readonly DataSet[]).map((i) => i.clone())));
}

function hasNonAsciiText(ds: DataSet): boolean {
  let found = false;
  walk(ds, (el) => {
    if (!found && vrKind(el.vr) === 'text') found = (el.value as readonly string[]).some((s) => /[\u0080-\uffff]/.test(s));
  });
  return found;
}
