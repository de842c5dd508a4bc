import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AreaDetailDto, AreaSearchDto, AreaSearchQueryDto, MissingGeoDto } from './areas.dto.js';
import { AreasService } from './areas.service.js';
import { GeoService } from './geo.service.js';

@ApiTags('areas')
@Controller('api')
export class AreasController {
  constructor(
    private readonly areas: AreasService,
    private readonly geoService: GeoService,
  ) {}

  @Get('areas')
  @ApiOkResponse({ type: AreaSearchDto })
  search(@Query() query: AreaSearchQueryDto): Promise<AreaSearchDto> {
    return this.areas.search(query.q);
  }

  @Get('areas/:code')
  @ApiOkResponse({ type: AreaDetailDto })
  detail(@Param('code') code: string): Promise<AreaDetailDto> {
    return this.areas.detail(code);
  }

  @Get('geo')
  @ApiOkResponse({
    description:
      'TopoJSON, objects kecamatan and desa (and kabupaten on a province instance), properties {code, name, level}',
    schema: { type: 'object', additionalProperties: true },
  })
  geo(): unknown {
    return this.geoService.geo();
  }

  @Get('geo/missing')
  @ApiOkResponse({ type: MissingGeoDto })
  missing(): Promise<MissingGeoDto> {
    return this.geoService.missing();
  }
}
