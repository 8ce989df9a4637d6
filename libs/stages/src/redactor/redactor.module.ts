import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { initializeCodecs } from '@gantry/domain';
import { HeldInstancesService } from './held-instances.service';
import { RedactionService } from './redaction.service';
import { RedactorConfigHandler } from './redactor-config.handler';
import { RedactorHandler } from './redactor.handler';
import { ReleaseService } from './release.service';
import { RuleSetService } from './rule-set';
import { ScaffoldService } from './scaffold';

const WARM_CODECS = Symbol('gantry.redactor.warm-codecs');

/**
 * The redactor stage: the Remediated handler (consumer `redactor`), the ConfigChanged
 * handler that releases held instances (consumer `redactor-config`), and the services
 * behind `gantry redaction` (rule set apply, scaffold).
 */
@Module({})
export class RedactorModule implements OnModuleInit {
  constructor(@Inject(WARM_CODECS) private readonly warmCodecs: boolean) {}

  static forRoot(options: { http?: boolean } = {}): DynamicModule {
    return {
      module: RedactorModule,
      controllers: [RedactorHandler, RedactorConfigHandler],
      providers: [
        RedactionService, ReleaseService, HeldInstancesService, RuleSetService, ScaffoldService,
        { provide: WARM_CODECS, useValue: options.http === true },
      ],
      exports: [RedactionService, HeldInstancesService, RuleSetService, ScaffoldService],
    };
  }

  /**
   * A service (HTTP on) loads the WASM codecs once at boot, before its first delivery and
   * before it reports ready: a replica that cannot decode must not start. The CLI boots this
   * module for read-only commands too, so it loads them on first use instead (about a
   * second of WASM compilation that `gantry status` should not pay).
   */
  async onModuleInit(): Promise<void> {
    if (this.warmCodecs) await initializeCodecs();
  }
}
