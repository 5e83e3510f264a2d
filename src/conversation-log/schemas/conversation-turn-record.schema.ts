import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const CONVERSATIONS_COLLECTION = 'conversations';

/** One turn per document, so a long conversation never nears 16 MB. */
@Schema({ collection: CONVERSATIONS_COLLECTION, versionKey: false })
export class ConversationTurnRecord {
  @Prop({ required: true }) session_id!: string;
  @Prop({ required: true }) mode!: string;
  @Prop({ required: true }) language!: string;
  @Prop({ required: true }) turn_number!: number;
  @Prop({ required: true }) timestamp!: Date;
  @Prop({ default: '' }) user_message!: string;
  @Prop({ default: '' }) agent_response!: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] })
  tool_calls!: Record<string, unknown>[];
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  session_snapshot!: Record<string, unknown> | null;
  @Prop({ type: String, default: null }) error!: string | null;
}

export const ConversationTurnRecordSchema = SchemaFactory.createForClass(
  ConversationTurnRecord,
);
ConversationTurnRecordSchema.index(
  { session_id: 1, turn_number: 1 },
  { unique: true, name: 'session_id_1_turn_number_1' },
);
ConversationTurnRecordSchema.index(
  { mode: 1, timestamp: -1 },
  { name: 'mode_1_timestamp_-1' },
);
ConversationTurnRecordSchema.index({ timestamp: 1 }, { name: 'timestamp_1' });
