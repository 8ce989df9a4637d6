import { AtRiskConfig, Condition, Zone } from '@gantry/domain';

/** A machine as the inventory lists it (CatalogService.inventory() rows fit this). */
export interface ScaffoldDevice {
  readonly deviceKey: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly modalities: readonly string[];
  readonly instances: number;
}

/** A CTP library rule that matched a sample image of the machine. */
export interface CtpSuggestion {
  readonly ruleId: string;
  /** The signature's line in DicomPixelAnonymizer.script. */
  readonly line: number;
  readonly zones: readonly Zone[];
  readonly conditions?: Condition;
}

/** One image size the machine produced. */
export interface ScaffoldGeometry {
  readonly rows: number | null;
  readonly columns: number | null;
  readonly instances: number;
  /** Images flagged at risk by the active at-risk policy. */
  readonly atRisk: number;
  /** Why (codes), over the at-risk images. */
  readonly riskReasons: readonly string[];
  readonly suggestion: CtpSuggestion | null;
  /** The active rule that already covers a sample image, if any. */
  readonly coveredBy: string | null;
}

export interface ScaffoldMachine extends ScaffoldDevice {
  readonly atRisk: number;
  readonly geometries: readonly ScaffoldGeometry[];
}

export interface Scaffold {
  readonly configVersion: number;
  readonly atRiskPolicy: AtRiskConfig;
  readonly library: { readonly source: string; readonly edition: string; readonly sha256: string };
  readonly machines: readonly ScaffoldMachine[];
}
