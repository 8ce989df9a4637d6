import { Command } from 'commander';
import { CatalogService } from '@gantry/stages';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printTable } from '../output';
import { withPipeline } from '../pipeline';

/**
 * `gantry inventory`: the machine-centric index (manufacturer, model, serial) with counts.
 * Device identity is not patient data; names and IDs are never printed here.
 */
export function inventoryCommand(program: Command): void {
  program
    .command('inventory')
    .description('devices (manufacturer, model, serial) with patient, study, series and instance counts')
    .action(async (_o: GlobalOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const devices = await withPipeline(configFor(options), (p) => p.get(CatalogService).inventory(), { consume: false });
      if (options.json) {
        printJson({ devices });
        return;
      }
      printTable(
        ['MANUFACTURER', 'MODEL', 'SERIAL', 'MODALITIES', 'PATIENTS', 'STUDIES', 'SERIES', 'INSTANCES'],
        devices.map((d) => [d.manufacturer, d.model, d.serial, d.modalities.join(','), d.patients, d.studies, d.series, d.instances]),
      );
    });
}
