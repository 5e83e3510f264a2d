import { Omittable } from '@/common/dto/omittable.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString } from 'class-validator';
import { SessionIdDto } from '@/common/dto/session-id.dto';
import { Language, LANGUAGES } from '@/common/language';

export class ChatRequestDto extends SessionIdDto {
  @ApiProperty({ example: '開始', description: 'What the user typed' })
  @IsString()
  @IsNotEmpty()
  message!: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Switches language' })
  @Omittable()
  @IsIn(LANGUAGES, { message: 'language must be one of: zh, en' })
  language?: Language;
}
