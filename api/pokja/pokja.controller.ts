import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseText } from '../common/params.js';
import { Actor } from './access.js';
import { ActionsService } from './actions.service.js';
import { MeetingsService } from './meetings.service.js';
import {
  ActionBodyDto,
  ActionDto,
  ActionListDto,
  ActionPatchDto,
  AgendaBodyDto,
  CommentBodyDto,
  MeetingBodyDto,
  MeetingBriefDto,
  MeetingDetailDto,
  MeetingListDto,
  MeetingPatchDto,
  RakorDto,
} from './pokja.dto.js';
import { parseId } from './validate.js';

const USER_HEADER = {
  name: 'X-Pokja-User',
  required: false,
  description: 'Acting user until login exists; default admin',
};

@ApiTags('pokja')
@Controller('api/pokja')
export class PokjaController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly actions: ActionsService,
  ) {}

  @Get('meetings')
  @ApiQuery({ name: 'kecamatan', required: false })
  @ApiOkResponse({ type: MeetingListDto })
  listMeetings(@Query('kecamatan') kecamatan?: unknown): Promise<MeetingListDto> {
    return this.meetings.list(parseText('kecamatan', kecamatan));
  }

  @Post('meetings')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: MeetingBodyDto })
  @ApiOkResponse({ type: MeetingDetailDto, description: '201 with the proposed agenda' })
  createMeeting(@Body() body: unknown, @Actor() user: string): Promise<MeetingDetailDto> {
    return this.meetings.create(body, user);
  }

  @Get('meetings/:id')
  @ApiOkResponse({ type: MeetingDetailDto })
  meeting(@Param('id') id: string): Promise<MeetingDetailDto> {
    return this.meetings.detail(id);
  }

  @Patch('meetings/:id')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: MeetingPatchDto })
  @ApiOkResponse({ type: MeetingDetailDto })
  updateMeeting(
    @Param('id') id: string,
    @Body() body: unknown,
    @Actor() user: string,
  ): Promise<MeetingDetailDto> {
    return this.meetings.update(id, body, user);
  }

  @Delete('meetings/:id')
  @HttpCode(204)
  @ApiHeader(USER_HEADER)
  async deleteMeeting(@Param('id') id: string, @Actor() user: string): Promise<void> {
    await this.meetings.remove(id, user);
  }

  @Put('meetings/:id/agenda')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: AgendaBodyDto })
  @ApiOkResponse({ type: MeetingDetailDto })
  setAgenda(
    @Param('id') id: string,
    @Body() body: unknown,
    @Actor() user: string,
  ): Promise<MeetingDetailDto> {
    return this.meetings.setAgenda(id, body, user);
  }

  @Get('meetings/:id/brief')
  @ApiOkResponse({ type: MeetingBriefDto })
  brief(@Param('id') id: string): Promise<MeetingBriefDto> {
    return this.meetings.brief(id);
  }

  @Get('actions')
  @ApiQuery({ name: 'kecamatan', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['BARU', 'PROSES', 'SELESAI', 'BATAL'] })
  @ApiQuery({
    name: 'tanggal',
    required: false,
    description: 'Reference date for overdue; default today (WIB)',
  })
  @ApiQuery({ name: 'overdue', required: false, enum: ['1', '0'] })
  @ApiOkResponse({ type: ActionListDto })
  listActions(
    @Query('kecamatan') kecamatan?: unknown,
    @Query('status') status?: unknown,
    @Query('tanggal') tanggal?: unknown,
    @Query('overdue') overdue?: unknown,
  ): Promise<ActionListDto> {
    return this.actions.list({
      kecamatan: parseText('kecamatan', kecamatan),
      status: parseText('status', status),
      tanggal: parseText('tanggal', tanggal),
      overdue: parseText('overdue', overdue),
    });
  }

  @Post('actions')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: ActionBodyDto })
  @ApiOkResponse({ type: ActionDto, description: '201 with the value of the indicator now' })
  createAction(@Body() body: unknown, @Actor() user: string): Promise<ActionDto> {
    return this.actions.create(body, user);
  }

  @Get('actions/:id')
  @ApiOkResponse({ type: ActionDto })
  action(@Param('id') id: string): Promise<ActionDto> {
    return this.actions.get(parseId('id', id));
  }

  @Patch('actions/:id')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: ActionPatchDto })
  @ApiOkResponse({ type: ActionDto })
  updateAction(
    @Param('id') id: string,
    @Body() body: unknown,
    @Actor() user: string,
  ): Promise<ActionDto> {
    return this.actions.update(parseId('id', id), body, user);
  }

  @Post('actions/:id/comments')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: CommentBodyDto })
  @ApiOkResponse({ type: ActionDto })
  comment(
    @Param('id') id: string,
    @Body() body: unknown,
    @Actor() user: string,
  ): Promise<ActionDto> {
    return this.actions.comment(parseId('id', id), body, user);
  }

  @Get('rakor')
  @ApiQuery({
    name: 'tanggal',
    required: false,
    description: 'Reference date; default today (WIB)',
  })
  @ApiOkResponse({ type: RakorDto })
  rakor(@Query('tanggal') tanggal?: unknown): Promise<RakorDto> {
    return this.meetings.rakor(parseText('tanggal', tanggal));
  }
}
