import { ApiProperty } from '@nestjs/swagger';

export class PlayResponseDto {
  @ApiProperty({ description: 'Reply to show the user' }) message!: string;
  @ApiProperty({ description: 'The session after the move' })
  session!: Record<string, unknown>;
  @ApiProperty({ description: 'Tools run for the move', isArray: true })
  tool_calls!: Record<string, unknown>[];
}
