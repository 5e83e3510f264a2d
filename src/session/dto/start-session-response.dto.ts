import { ApiProperty } from '@nestjs/swagger';
import { SESSION_MODES, SESSION_STEPS } from '../session.types';

export class StartSessionResponseDto {
  @ApiProperty({ format: 'uuid' }) session_id!: string;
  @ApiProperty({ enum: SESSION_MODES }) mode!: string;
  @ApiProperty({ enum: SESSION_STEPS }) step!: string;
  @ApiProperty({ description: 'Greeting in the session language' })
  message!: string;
}
