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
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ActingUser, type Actor } from './access.js';
import { ActionsService } from './actions.service.js';
import { MeetingsService } from './meetings.service.js';
import {
  ActionBodyDto,
  ActionDto,
  ActionListDto,
  ActionPatchDto,
  ActionsQueryDto,
  AgendaBodyDto,
  CommentBodyDto,
  MeetingBodyDto,
  MeetingBriefDto,
  MeetingDetailDto,
  MeetingListDto,
  MeetingPatchDto,
  MeetingsQueryDto,
  RakorDto,
  RakorQueryDto,
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
  @ApiOkResponse({ type: MeetingListDto })
  listMeetings(@Query() query: MeetingsQueryDto): Promise<MeetingListDto> {
    return this.meetings.list(query.kecamatan);
  }

  @Post('meetings')
  @ApiOkResponse({ type: MeetingDetailDto, description: '201 with the proposed agenda' })
  createMeeting(
    @Body() body: MeetingBodyDto,
    @ActingUser() user: Actor,
  ): Promise<MeetingDetailDto> {
    return this.meetings.create(body, user);
  }

  @Get('meetings/:id')
  @ApiOkResponse({ type: MeetingDetailDto })
  meeting(@Param('id') id: string, @ActingUser() user: Actor): Promise<MeetingDetailDto> {
    return this.meetings.detail(id, user);
  }

  @Patch('meetings/:id')
  @ApiOkResponse({ type: MeetingDetailDto })
  updateMeeting(
    @Param('id') id: string,
    @Body() body: MeetingPatchDto,
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
  @ApiOkResponse({ type: MeetingDetailDto })
  setAgenda(
    @Param('id') id: string,
    @Body() body: AgendaBodyDto,
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
  @ApiOkResponse({ type: ActionListDto })
  listActions(@Query() query: ActionsQueryDto, @ActingUser() user: Actor): Promise<ActionListDto> {
    return this.actions.list({
      opd: user.user.role === 'OPD' ? (user.user.opd ?? '') : undefined,
      ...query,
    });
  }

  @Post('actions')
  @ApiOkResponse({ type: ActionDto, description: '201 with the value of the indicator now' })
  createAction(@Body() body: ActionBodyDto, @ActingUser() user: Actor): Promise<ActionDto> {
    return this.actions.create(body, user);
  }

  @Get('actions/:id')
  @ApiOkResponse({ type: ActionDto })
  action(@Param('id') id: string, @ActingUser() user: Actor): Promise<ActionDto> {
    return this.actions.read(parseId('id', id), user);
  }

  @Patch('actions/:id')
  @ApiOkResponse({ type: ActionDto })
  updateAction(
    @Param('id') id: string,
    @Body() body: ActionPatchDto,
    @ActingUser() user: Actor,
  ): Promise<ActionDto> {
    return this.actions.update(parseId('id', id), body, user);
  }

  @Post('actions/:id/comments')
  @ApiOkResponse({ type: ActionDto })
  comment(
    @Param('id') id: string,
    @Body() body: CommentBodyDto,
    @ActingUser() user: Actor,
  ): Promise<ActionDto> {
    return this.actions.comment(parseId('id', id), body, user);
  }

  @Get('rakor')
  @ApiOkResponse({ type: RakorDto })
  rakor(@Query() query: RakorQueryDto): Promise<RakorDto> {
    return this.meetings.rakor(query.tanggal);
  }
}
