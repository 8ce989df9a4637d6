import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { HealthService, ReadinessReport } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the event loop answers. Never checks dependencies, so an outage does not restart every pod. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when every registered check passes, else 503 with the same report. */
  @Get('ready')
  async ready(): Promise<ReadinessReport> {
    const report = await this.health.readiness();
    if (report.status !== 'ready') throw new ServiceUnavailableException(report);
    return report;
  }
}
