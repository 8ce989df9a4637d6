import { DicomBuilder } from '@gantry/domain';

/** Invented identifiers planted in the stage tests' instances. */
export const PLANTED = { name: 'WINDMILL^QUIXANA', id: 'PID40404', accession: 'ACX31337', text: 'quixana' } as const;

/** A small CT of the planted patient with identifiers in the header, free text, a nested sequence and a private element. */
export function plantedInstance(seed: string): Uint8Array {
  return new DicomBuilder({ seed })
    .patient({ name: PLANTED.name, id: PLANTED.id, birthDate: '19700101', sex: 'F' })
    .study({ accession: PLANTED.accession, description: 'CT for Quixana Windmill' })
    .series({ modality: 'CT' })
    .pixels({ rows: 8, columns: 8, bitsAllocated: 16 })
    .set('ImageComments', 'LT', 'seen: windmill quixana')
    .set('AnatomicRegionSequence', 'SQ', [{ CodeValue: 'X', CodingSchemeDesignator: 'SRT', CodeMeaning: 'x', AnatomicRegionModifierSequence: [{ ConceptNameCodeSequence: [{ CodeValue: PLANTED.id, CodingSchemeDesignator: 'L', CodeMeaning: 'Quixana' }] }] }])
    .private(0x0011, 'ACME PRIVATE', 0x10, 'LO', 'Quixana Windmill')
    .toBytes();
}

/** The planted values found in some bytes or text, case-insensitively: [] when clean. */
export function plantedIn(bytes: Uint8Array | string): string[] {
  const text = (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1')).toLowerCase();
  return [PLANTED.name, PLANTED.id, PLANTED.accession, PLANTED.text, 'windmill'].filter((v) => text.includes(v.toLowerCase()));
}
