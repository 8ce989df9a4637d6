import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { blobKey, InstanceRemediatedData, KeyRing, PhiFoundData } from '@gantry/domain';
import { BlobStore, EventStore, PermanentError } from '@gantry/platform';
import { ActiveConfigService, loadIngestedObject, VersionedConfig } from '../common';
import { applyPlan, appliedCounts, encode, planOf, protectOriginals } from './deid-steps';
import { PseudonymMapService } from './pseudonym-map/pseudonym-map.service';

/**
 * Carries out, on one instance, exactly the plan the inspector announced: the same
 * configuration version, re-planned from the same raw bytes and required to hash the same.
 * Writes the remediated object to the blob store and the pseudonyms to the encrypted map,
 * and returns the Remediated payload (keys, hashes and counts; no value).
 */
@Injectable()
export class RemediationService {
  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly config: ActiveConfigService,
    private readonly keys: KeyRing,
    private readonly map: PseudonymMapService,
  ) {}

  async remediate(found: PhiFoundData): Promise<InstanceRemediatedData> {
    const { config, version } = await this.configVersion(found.configVersion);
    const obj = await loadIngestedObject(this.store, this.blobs, found.key, found.rawBlobKey);
    const plan = planOf(obj, config);
    // Another engine build, or other bytes, than the inspector's: applying would not be what was announced.
    if (plan.planHash !== found.planHash) throw new PermanentError('PLAN_MISMATCH', 'the re-made plan differs from the announced one');
    const result = applyPlan(obj, plan, config, this.keys);
    const certificate = config.deid.recipientCertificate;
    const bytes = encode(certificate === undefined ? result.object : protectOriginals(result, certificate));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Reversible output is randomized (CMS), so it is content-addressed: two racing
    // attempts never overwrite each other's blob, and the recorded event names one exactly.
    const key = certificate === undefined ? blobKey('remediated', found.key) : blobKey('remediated', sha256);
    // The map first: a blob or an event never exists without the pseudonyms behind it.
    await this.map.record(result.pseudonyms);
    await this.blobs.put(key, bytes);
    return {
      key: found.key,
      blobKey: key,
      sha256,
      size: bytes.length,
      configVersion: version,
      planHash: plan.planHash,
      counts: appliedCounts(result.counts),
      reversible: certificate !== undefined,
    };
  }

  /** Whether the configuration version encrypts the originals (randomized output). */
  async isReversible(configVersion: number): Promise<boolean> {
    return (await this.configVersion(configVersion)).config.deid.recipientCertificate !== undefined;
  }

  /** Removes the blob of an attempt whose event lost a race to another attempt's. */
  async discard(blob: string): Promise<void> {
    await this.blobs.delete(blob);
  }

  /** The version the inspector planned under; a store outage is thrown as is (retried). */
  private async configVersion(version: number): Promise<VersionedConfig> {
    if (version === 0) return this.config.version(0);
    const known = async (fresh: boolean) => (await this.config.versions(fresh)).find((v) => v.version === version);
    const found = (await known(false)) ?? (await known(true));
    if (!found) throw new PermanentError('CONFIG_VERSION_UNKNOWN', `config version ${version} is not in the store`);
    return found;
  }
}
