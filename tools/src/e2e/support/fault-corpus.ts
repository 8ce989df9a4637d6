import { DicomBuilder, KeyRing, writeDicom } from '@gantry/domain';
import { PLANTED } from '@gantry/testing';

export interface CorpusPatient {
  name: string;
  id: string;
  birthDate: string;
  accession: string;
  otherIds?: string[];
}

/** The fixture's planted patient (libs/testing), with a birth date. */
export const FIXTURE_PATIENT: CorpusPatient = { name: PLANTED.name, id: PLANTED.id, accession: PLANTED.accession, birthDate: '19650412' };

export interface Corpus {
  parts: Uint8Array[];
  /** Original SOP Instance UIDs, in the order of `parts`. */
  instanceUids: string[];
  /** Every original Study, Series and SOP Instance UID. */
  uids: string[];
}

/**
 * `count` small CT instances (16x16 pixels, ~3 KB each, so ingest is fast), `perStudy` to a
 * study, all of one patient, distinct and deterministic per `tag`.
 */
export function ctCorpus(tag: string, count: number, patient: CorpusPatient = FIXTURE_PATIENT, perStudy = 25): Corpus {
  const parts: Uint8Array[] = [];
  const instanceUids: string[] = [];
  const uids = new Set<string>();
  for (let i = 0; i < count; i++) {
    const study = Math.floor(i / perStudy);
    const obj = new DicomBuilder({ seed: `faults-${tag}-study-${study}` })
      .patient({ name: patient.name, id: patient.id, birthDate: patient.birthDate, sex: 'F', ...(patient.otherIds ? { otherIds: patient.otherIds } : {}) })
      .study({ accession: `${patient.accession}${study}`, description: 'CT chest' })
      .series({ modality: 'CT', number: 1 })
      .equipment({ manufacturer: 'ACME MEDICAL', model: 'Scanner 9', serial: 'SN-FAULTS' })
      .instance({ number: (i % perStudy) + 1 })
      .pixels({ rows: 16, columns: 16, bitsAllocated: 16 })
      .build();
    const ds = obj.dataset;
    const sop = ds.string('SOPInstanceUID') ?? '';
    instanceUids.push(sop);
    for (const k of ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID']) uids.add(ds.string(k) ?? '');
    parts.push(writeDicom(obj));
  }
  if (new Set(instanceUids).size !== count) throw new Error('corpus SOP Instance UIDs are not distinct');
  return { parts, instanceUids, uids: [...uids].filter((u) => u !== '') };
}

/** The opaque instance keys of a corpus under the stack's deployment key. */
export const instanceKeys = (ring: KeyRing, corpus: Pick<Corpus, 'instanceUids'>): string[] => corpus.instanceUids.map((u) => ring.instanceKey(u));
