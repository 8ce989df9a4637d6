import type { DeidConfig, GantryPipelineConfig, ProfileOptions } from '../../config/config-types';
import { defaultConfig } from '../../config/default-config';
import type { ValueInput } from '../../dicom/value-input';
import type { Vr } from '../../dicom/vr';
import { KeyRing } from '../../keys/key-ring';

/*
 * Shared fixtures of the de-identification specs: keys, configurations and planted
 * values. Synthetic only; the 'PHI' here is invented.
 */

/** A deterministic deployment key from a one-byte seed. */
export const testKeys = (seed = 7): KeyRing => new KeyRing(new Uint8Array(32).fill(seed));

/** The default configuration with some options on and any deid fields replaced. */
export function configWith(options: Partial<ProfileOptions> = {}, deid: Partial<Omit<DeidConfig, 'options'>> = {}): GantryPipelineConfig {
  const base = defaultConfig();
  return { ...base, deid: { ...base.deid, ...deid, options: { ...base.deid.options, ...options } } };
}

/** A recognisable, VR-valid value for a row under test ('n' keeps UIDs distinct). */
export function plantedValue(vr: Vr, n: number): ValueInput {
  const text: Partial<Record<Vr, string>> = {
    AE: 'ROWAE', AS: '042Y', CS: 'ROWCS', DA: '20200315', DS: '12.5', DT: '20200315101500', IS: '7',
    LO: 'ROWLO', LT: 'ROWLT', PN: 'ROWPN^ROWGIVEN', SH: 'ROWSH', ST: 'ROWST', TM: '101500', UC: 'ROWUC',
    UR: 'http://row.example/x', UT: 'ROWUT', UI: `1.2.826.0.1.3680043.99.${n}`,
  };
  const t = text[vr];
  if (t !== undefined) return t;
  if (vr === 'US' || vr === 'SS' || vr === 'UL' || vr === 'SL' || vr === 'FL' || vr === 'FD') return [7];
  if (vr === 'SV' || vr === 'UV') return [7n];
  if (vr === 'AT') return ['00100010'];
  if (vr === 'SQ') return [{ CodeValue: 'ROWCODE', CodingSchemeDesignator: 'ROWSCHEME', CodeMeaning: 'ROWMEANING' }];
  return new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
}

/** The shape a dummy (D) of each VR must have. */
export const VALID_TEXT: Partial<Record<Vr, RegExp>> = {
  AE: /^[^\\]{1,16}$/, AS: /^\d{3}[DWMY]$/, CS: /^[A-Z0-9 _]{1,16}$/, DA: /^\d{8}$/, DS: /^[-+]?\d+(\.\d+)?$/,
  DT: /^\d{4,14}(\.\d{1,6})?([+-]\d{4})?$/, IS: /^[-+]?\d+$/, LO: /^.{1,64}$/, LT: /^.+$/, PN: /^.{1,64}$/,
  SH: /^.{1,16}$/, ST: /^.+$/, TM: /^\d{2,6}(\.\d{1,6})?$/, UC: /^.+$/, UI: /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/,
  UR: /^\S+$/, UT: /^.+$/,
};
