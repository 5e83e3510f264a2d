import { Omittable } from '@/common/dto/omittable.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Language, LANGUAGES } from '@/common/language';
import { SESSION_MODES, SessionMode } from '../session.types';

export class StartSessionDto {
  @ApiPropertyOptional({ enum: SESSION_MODES, default: 'COLOR' })
  @Omittable()
  @IsIn(SESSION_MODES, { message: 'mode must be one of: COLOR' })
  mode?: SessionMode;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'zh' })
  @Omittable()
  @IsIn(LANGUAGES, { message: 'language must be one of: zh, en' })
  language?: Language;
}
