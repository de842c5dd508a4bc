import { ApiProperty } from '@nestjs/swagger';
import { AreaRefDto } from '../common/dto.js';

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
