import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Language, LANGUAGES } from '@/common/language';
import { SESSION_MODES, SessionMode } from '../session.types';

export class StartSessionDto {
  @ApiPropertyOptional({ enum: SESSION_MODES, default: 'COLOR' })
  @IsOptional()
  @IsIn(SESSION_MODES, { message: 'mode must be one of: COLOR' })
  mode?: SessionMode;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'zh' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: 'language must be one of: zh, en' })
  language?: Language;
}
