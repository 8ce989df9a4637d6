import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ExportDestination } from '@gantry/domain';
import { canonicalJson } from '@gantry/platform';
import { CStoreTarget } from './cstore-target';
import { ExportTarget } from './export-target';
import { FolderTarget } from './folder-target';
import { S3Target } from './s3-target';
import { StowRsTarget } from './stowrs-target';

function create(d: ExportDestination): ExportTarget {
  switch (d.kind) {
    case 'folder':
      return new FolderTarget(d);
    case 's3':
      return new S3Target(d);
    case 'cstore':
      return new CStoreTarget(d);
    case 'stowrs':
      return new StowRsTarget(d);
  }
}

/**
 * The live target of each configured destination, created on first use and kept while
 * its configuration is unchanged: concurrent writes then share one C-STORE queue (and so
 * its associations) and one bucket client. A changed destination gets a fresh target.
 */
@Injectable()
export class TargetRegistry implements OnApplicationShutdown {
  private readonly targets = new Map<string, ExportTarget>();

  targetFor(destination: ExportDestination): ExportTarget {
    const id = canonicalJson(destination);
    let target = this.targets.get(id);
    if (target === undefined) {
      target = create(destination);
      this.targets.set(id, target);
    }
    return target;
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.targets.values()];
    this.targets.clear();
    await Promise.allSettled(all.map((t) => t.close()));
  }
}
