import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@/common/dto/page-query.dto';
import { Language, LANGUAGES } from '@/common/language';
import {
  SESSION_MODES,
  SESSION_STEPS,
  SessionMode,
  SessionStep,
} from '../session.types';

export class ListSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SESSION_MODES })
  @IsOptional()
  @IsIn(SESSION_MODES)
  mode?: SessionMode;

  @ApiPropertyOptional({ enum: SESSION_STEPS })
  @IsOptional()
  @IsIn(SESSION_STEPS)
  step?: SessionStep;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}
