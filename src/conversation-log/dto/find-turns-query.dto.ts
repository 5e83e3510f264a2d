import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { ToIsoDate } from '@/common/dto/iso-date.transform';
import { PageQueryDto } from '@/common/dto/page-query.dto';
import { Language, LANGUAGES } from '@/common/language';

export class TurnFilterDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'session_id must be a UUID v4' })
  session_id?: string;

  @ApiPropertyOptional({ example: 'COLOR' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  mode?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: 'language must be one of: zh, en' })
  language?: Language;

  @ApiPropertyOptional({ description: 'ISO time, inclusive' })
  @IsOptional()
  @ToIsoDate()
  @IsDate({ message: 'from must be an ISO date-time' })
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO time, exclusive' })
  @IsOptional()
  @ToIsoDate()
  @IsDate({ message: 'to must be an ISO date-time' })
  to?: Date;
}

export class FindTurnsQueryDto extends IntersectionType(
  TurnFilterDto,
  PageQueryDto,
) {}
