import { Injectable } from '@nestjs/common';
import { ActiveConfigService, VersionedConfig } from '../../common';
import { mergeRuleSet, parseRuleSet } from './merge-rule-set';

export interface RuleSetApplied {
  /** False when the merged configuration is the active one already: nothing was emitted. */
  installed: boolean;
  config: VersionedConfig;
  rulesInFile: number;
  rulesActive: number;
}

/**
 * `gantry redaction apply`: merges a rule set into the active configuration and installs
 * it as the next version (ConfigChanged, cause REDACTION_RULES_APPLIED), which the
 * redactor-config consumer answers by re-evaluating every held instance. Applying the
 * same rule set again changes nothing and emits nothing.
 */
@Injectable()
export class RuleSetService {
  constructor(private readonly config: ActiveConfigService) {}

  async apply(data: unknown, options: { replace?: boolean } = {}): Promise<RuleSetApplied> {
    const file = parseRuleSet(data);
    const current = await this.config.active();
    const redaction = mergeRuleSet(current.config.redaction, file, options.replace === true);
    const counts = { rulesInFile: file.rules.machines.length, rulesActive: redaction.machines.length };
    const result = await this.config.install({ ...current.config, redaction }, { cause: 'REDACTION_RULES_APPLIED', current });
    return { ...result, ...counts };
  }
}
