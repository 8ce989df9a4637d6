import { Global, Module } from '@nestjs/common';
import { ActiveConfigService } from './active-config.service';

/** Services every stage shares: the versioned pipeline configuration. */
@Global()
@Module({ providers: [ActiveConfigService], exports: [ActiveConfigService] })
export class CommonModule {}
