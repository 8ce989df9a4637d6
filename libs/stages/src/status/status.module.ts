import { Module } from '@nestjs/common';
import { StatusService } from './status.service';

/** Pipeline counts from the store; used by `gantry status` and the services' status endpoint. */
@Module({ providers: [StatusService], exports: [StatusService] })
export class StatusModule {}
