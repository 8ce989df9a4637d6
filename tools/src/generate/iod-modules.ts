import type { IodData, IodModulesData, ModuleData, SopClassesData } from '@gantry/domain';
import { emptyReport, expandModule, type ExpandReport } from './expand';
import { matchIodNames } from './iod-names';
import { buildMacroIndex } from './macro-index';
import { readModuleTables, type AttributeTable, type ModuleTables } from './module-tables';
import { GENERATED_BY, type SourceFile } from './sources';
import { parseXml } from './xml';

export interface IodModulesReport {
  readonly expand: ExpandReport;
  /** 2008 IOD titles no current SOP class uses (kept out of the data file). */
  readonly unmappedIods: readonly string[];
  /** Current SOP classes whose IOD has no 2008 module table (validated as UNKNOWN_IOD data). */
  readonly sopClassesWithoutModules: readonly string[];
}

/** 'Patient Module Attributes' → 'Patient'. */
const moduleName = (title: string): string => title.replace(/\s+Module(\s+Attributes)?\s*$/i, '').trim();

function byKey<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function keptIods(tables: ModuleTables, sopClasses: SopClassesData): { iods: Map<string, IodData>; unmapped: string[] } {
  const currentNames = [...new Set(Object.values(sopClasses.sopClasses).map((s) => s.iod))];
  const matches = matchIodNames(
    tables.iods.map((i) => i.name),
    currentNames,
  );
  const iods = new Map<string, IodData>();
  const unmapped: string[] = [];
  for (const iod of tables.iods) {
    const name = matches.get(iod.name);
    if (name === undefined) {
      unmapped.push(iod.name);
      continue;
    }
    if (iods.has(name)) throw new Error(`PS3.3: two 2008 IODs map to ${name}`);
    const modules = iod.modules.map((m) => [m.ref, m.usage] as const);
    iods.set(name, { table: iod.table, title: iod.name, modules });
  }
  return { iods, unmapped: unmapped.sort() };
}

function moduleData(table: AttributeTable, rows: ModuleData['attributes']): ModuleData {
  return { name: moduleName(table.name), table: table.table, attributes: rows };
}

/**
 * iod-modules.json: the IODs current SOP classes use, each with its module list, and
 * every module they reference with macros expanded into nested attribute paths.
 */
export function buildIodModules(
  source: SourceFile,
  sopClasses: SopClassesData,
): { data: IodModulesData; report: IodModulesReport } {
  const tables = readModuleTables(parseXml(source.text));
  const index = buildMacroIndex(tables.tables);
  const byRef = new Map(tables.tables.filter((t) => t.kind === 'module' && t.ref).map((t) => [t.ref as string, t]));
  const { iods, unmapped } = keptIods(tables, sopClasses);
  const expand = emptyReport();
  const modules = new Map<string, ModuleData>();
  for (const iod of iods.values()) {
    for (const [ref] of iod.modules) {
      const table = byRef.get(ref);
      if (!table) throw new Error(`PS3.3: ${iod.title} uses module ${ref}, which has no table`);
      if (!modules.has(ref)) modules.set(ref, moduleData(table, expandModule(table, index, expand)));
    }
  }
  const sopClassesWithoutModules = Object.entries(sopClasses.sopClasses)
    .filter(([, s]) => !iods.has(s.iod))
    .map(([uid]) => uid)
    .sort();
  const data: IodModulesData = {
    edition: tables.edition,
    source: source.name,
    sha256: source.sha256,
    generatedBy: GENERATED_BY,
    iods: byKey(iods),
    modules: byKey(modules),
  };
  return { data, report: { expand, unmappedIods: unmapped, sopClassesWithoutModules } };
}
