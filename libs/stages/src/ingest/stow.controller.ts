import { Controller, HttpCode, HttpException, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IngestService } from './ingest.service';
import { IngestOutcome } from './ingest-outcome';
import { boundaryOf, MultipartError, splitMultipart } from './multipart-related';
import { stowResponse, StowResult } from './stow-response';

/**
 * DICOMweb STOW-RS (PS3.18 §10.5): `POST /studies` with multipart/related; type=application/dicom.
 * Each part is ingested on its own; the response lists stored and failed instances
 * (200 all stored, 202 some failed, 409 none stored).
 */
@Controller('studies')
export class StowController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(200)
  async store(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.handle(req, res);
  }

  @Post(':study')
  @HttpCode(200)
  async storeInStudy(@Req() req: Request, @Res() res: Response, @Param('study') study: string): Promise<void> {
    await this.handle(req, res, study);
  }

  private async handle(req: Request, res: Response, study?: string): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    if (!/^multipart\/related/i.test(type) || !/type="?application\/dicom"?/i.test(type)) {
      throw new HttpException('expected multipart/related; type="application/dicom"', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    const results: StowResult[] = [];
    try {
      for await (const part of splitMultipart(req, boundaryOf(type))) {
        results.push(await this.storePart(part.body, study));
      }
    } catch (e) {
      if (e instanceof MultipartError) throw new HttpException(e.message, HttpStatus.BAD_REQUEST);
      throw e;
    }
    const failed = results.filter((r) => r.outcome.kind === 'rejected').length;
    const status = results.length === 0 || failed === results.length ? 409 : failed > 0 ? 202 : 200;
    res.status(status).type('application/dicom+json').send(JSON.stringify(stowResponse(results)));
  }

  private async storePart(body: Buffer, study?: string): Promise<StowResult> {
    const outcome: IngestOutcome = await this.ingest.ingest(body, { source: 'stow', ...(study ? { expectedStudyUid: study } : {}) });
    return { outcome };
  }
}
