import { Injectable } from '@nestjs/common';
import { DeidPlan, DicomObject, GantryPipelineConfig, isGantryError, PhiFoundData, planDeidentification } from '@gantry/domain';
import { BlobStore, EventStore, PermanentError } from '@gantry/platform';
import { ActiveConfigService, loadIngestedObject } from '../common';
import { phiFoundData } from './phi-report';

/** Plans an object, turning a domain failure (a code, no value) into a dead letter. */
export function planOrFail(obj: DicomObject, config: GantryPipelineConfig): DeidPlan {
  try {
    return planDeidentification(obj, config);
  } catch (e) {
    if (isGantryError(e)) throw new PermanentError(e.code, 'the object cannot be planned', { cause: e });
    throw e;
  }
}

/** What the inspector concludes about one instance under the active configuration. */
@Injectable()
export class InspectionService {
  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly config: ActiveConfigService,
  ) {}

  async inspect(key: string, rawBlobKey?: string): Promise<PhiFoundData> {
    const obj = await loadIngestedObject(this.store, this.blobs, key, rawBlobKey);
    // The version is recorded with the plan: the remediator applies exactly this one.
    const active = await this.config.active();
    const data = phiFoundData(key, active.version, planOrFail(obj, active.config));
    return rawBlobKey === undefined ? data : { ...data, rawBlobKey };
  }
}
