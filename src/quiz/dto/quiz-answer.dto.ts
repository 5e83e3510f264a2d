import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { SessionIdDto } from '@/common/dto/session-id.dto';

export class QuizAnswerDto extends SessionIdDto {
  @ApiProperty({ example: 'B', description: 'Option letter of the question' })
  @IsString()
  @Length(1, 8)
  option_id!: string;
}
