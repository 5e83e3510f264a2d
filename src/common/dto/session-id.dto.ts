import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A session id: a UUID v4 string, never an object or an operator. */
export class SessionIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'session_id must be a UUID v4' })
  session_id!: string;
}
