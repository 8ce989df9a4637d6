import { ExportDestination } from '@gantry/domain';
import { ActiveConfigService, VersionedConfig } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { installConfig } from './config-install';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The configuration a run works under: the given file's (else the active one's) profile
 * and redaction rules, exporting to exactly the `--out` destination. Installed as the next
 * version only when it differs from the active one, so a repeated run changes nothing.
 */
export async function installRunConfig(active: ActiveConfigService, file: unknown, destination: ExportDestination): Promise<VersionedConfig> {
  const current = await active.active();
  const base: unknown = file ?? current.config;
  if (!isObject(base)) throw new UsageError('invalid configuration\n  - /: must be object');
  const exportSection = isObject(base['export']) ? base['export'] : {};
  const data = { ...base, export: { ...exportSection, destinations: [destination] } };
  return (await installConfig(active, data, current)).config;
}
