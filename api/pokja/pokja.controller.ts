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
import { ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseText } from '../common/params.js';
import { ActingUser, type Actor } from './access.js';
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
  @ApiBody({ type: MeetingBodyDto })
  @ApiOkResponse({ type: MeetingDetailDto, description: '201 with the proposed agenda' })
  createMeeting(@Body() body: unknown, @ActingUser() user: Actor): Promise<MeetingDetailDto> {
    return this.meetings.create(body, user);
  }

  @Get('meetings/:id')
  @ApiOkResponse({ type: MeetingDetailDto })
  meeting(@Param('id') id: string, @ActingUser() user: Actor): Promise<MeetingDetailDto> {
    return this.meetings.detail(id, user);
  }

  @Patch('meetings/:id')
  @ApiBody({ type: MeetingPatchDto })
  @ApiOkResponse({ type: MeetingDetailDto })
  updateMeeting(
    @Param('id') id: string,
    @Body() body: unknown,
    @ActingUser() user: Actor,
  ): Promise<MeetingDetailDto> {
    return this.meetings.update(id, body, user);
  }

  @Delete('meetings/:id')
  @HttpCode(204)
  async deleteMeeting(@Param('id') id: string, @ActingUser() user: Actor): Promise<void> {
    await this.meetings.remove(id, user);
  }

  @Put('meetings/:id/agenda')
  @ApiBody({ type: AgendaBodyDto })
  @ApiOkResponse({ type: MeetingDetailDto })
  setAgenda(
    @Param('id') id: string,
    @Body() body: unknown,
    @ActingUser() user: Actor,
  ): Promise<MeetingDetailDto> {
    return this.meetings.setAgenda(id, body, user);
  }

  @Get('meetings/:id/brief')
  @ApiOkResponse({ type: MeetingBriefDto })
  brief(@Param('id') id: string, @ActingUser() user: Actor): Promise<MeetingBriefDto> {
    return this.meetings.brief(id, user);
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
    @Query('kecamatan') kecamatan: unknown,
    @Query('status') status: unknown,
    @Query('tanggal') tanggal: unknown,
    @Query('overdue') overdue: unknown,
    @ActingUser() user: Actor,
  ): Promise<ActionListDto> {
    return this.actions.list({
      opd: user.user.role === 'OPD' ? (user.user.opd ?? '') : undefined,
      kecamatan: parseText('kecamatan', kecamatan),
      status: parseText('status', status),
      tanggal: parseText('tanggal', tanggal),
      overdue: parseText('overdue', overdue),
    });
  }

  @Post('actions')
  @ApiBody({ type: ActionBodyDto })
  @ApiOkResponse({ type: ActionDto, description: '201 with the value of the indicator now' })
  createAction(@Body() body: unknown, @ActingUser() user: Actor): Promise<ActionDto> {
    return this.actions.create(body, user);
  }

  @Get('actions/:id')
  @ApiOkResponse({ type: ActionDto })
  action(@Param('id') id: string, @ActingUser() user: Actor): Promise<ActionDto> {
    return this.actions.read(parseId('id', id), user);
  }

  @Patch('actions/:id')
  @ApiBody({ type: ActionPatchDto })
  @ApiOkResponse({ type: ActionDto })
  updateAction(
    @Param('id') id: string,
    @Body() body: unknown,
    @ActingUser() user: Actor,
  ): Promise<ActionDto> {
    return this.actions.update(parseId('id', id), body, user);
  }

  @Post('actions/:id/comments')
  @ApiBody({ type: CommentBodyDto })
  @ApiOkResponse({ type: ActionDto })
  comment(
    @Param('id') id: string,
    @Body() body: unknown,
    @ActingUser() user: Actor,
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
