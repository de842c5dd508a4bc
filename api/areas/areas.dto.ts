import { ApiProperty } from '@nestjs/swagger';
import { AreaRefDto } from '../common/dto.js';
import { TextField } from '../common/request-dto.js';

export class AreaSearchQueryDto {
  @TextField({ required: true, description: 'Part of a name, at least 2 characters' }) q?: string;
}

export class AreaRowDto extends AreaRefDto {
  @ApiProperty({ type: String, nullable: true }) parent_code!: string | null;
}

export class AreaSearchDto {
  @ApiProperty({ type: [AreaRowDto] }) rows!: AreaRowDto[];
}

export class AreaDetailDto extends AreaRowDto {
  @ApiProperty({ type: [AreaRefDto] }) ancestors!: AreaRefDto[];
  @ApiProperty({ type: [AreaRefDto] }) children!: AreaRefDto[];
}

export class MissingGeoDto {
  @ApiProperty({ type: [AreaRefDto] }) rows!: AreaRefDto[];
}
