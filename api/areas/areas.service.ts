import { Injectable } from '@nestjs/common';
import { badRequest, childLevel } from '../common/params.js';
import { checkAreaCode } from '../indicators/indicators.service.js';
import { type Area, AreaRepository } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import type { AreaDetailDto, AreaSearchDto } from './areas.dto.js';

const ref = (a: Area) => ({ code: a.code, name: a.name, level: a.level });

@Injectable()
export class AreasService {
  constructor(
    private readonly areas: AreaRepository,
    private readonly context: ContextService,
  ) {}

  async search(q: string | undefined): Promise<AreaSearchDto> {
    if (q === undefined || q.length < 2) {
      badRequest(
        "Parameter 'q' wajib, minimal 2 huruf (contoh q=selat)",
        "parameter 'q' is required, at least 2 characters",
      );
    }
    return { rows: await this.areas.search(this.context.regionCode, q, 50) };
  }

  async detail(code: string): Promise<AreaDetailDto> {
    const area = await this.context.area(checkAreaCode('code', code));
    const below = childLevel(area.level);
    const [ancestors, children] = await Promise.all([
      this.areas.ancestors(area.code),
      below ? this.areas.within(area.code, below) : Promise.resolve([]),
    ]);
    return { ...area, ancestors: ancestors.map(ref), children: children.map(ref) };
  }
}
