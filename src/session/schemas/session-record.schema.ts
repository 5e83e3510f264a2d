import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const SESSIONS_COLLECTION = 'sessions';

/** A session as stored in MongoDB; every time is a BSON date in UTC. */
@Schema({ collection: SESSIONS_COLLECTION, versionKey: false, _id: true })
export class SessionRecord {
  @Prop({ required: true }) session_id!: string;
  @Prop({ required: true }) mode!: string;
  @Prop({ required: true }) step!: string;
  @Prop({ required: true }) language!: string;
  @Prop({ type: String, default: null }) quiz_id!: string | null;
  @Prop({ required: true }) current_q_index!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  answers!: Record<string, string>;
  @Prop({ type: [String], default: [] }) selected_questions!: string[];
  @Prop({ type: String, default: null }) current_question!: string | null;
  @Prop({ default: false }) paused!: boolean;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  color_scores!: Record<string, number> | null;
  @Prop({ type: String, default: null }) result_id!: string | null;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  result!: Record<string, unknown> | null;
  @Prop({ type: Date, default: null }) quiz_started_at!: Date | null;
  @Prop({ type: Date, default: null }) quiz_completed_at!: Date | null;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] })
  chat_history!: { role: string; content: string; at: Date }[];
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  metadata!: Record<string, string>;
  @Prop({ required: true }) turn_count!: number;
  @Prop({ required: true }) created_at!: Date;
  @Prop({ required: true }) updated_at!: Date;
  @Prop({ required: true }) expires_at!: Date;
  @Prop({ required: true }) version!: number;
}

export const SessionRecordSchema = SchemaFactory.createForClass(SessionRecord);
SessionRecordSchema.index(
  { session_id: 1 },
  { unique: true, name: 'session_id_1' },
);
SessionRecordSchema.index(
  { expires_at: 1 },
  { expireAfterSeconds: 0, name: 'expires_at_1' },
);
SessionRecordSchema.index(
  { mode: 1, created_at: -1 },
  { name: 'mode_1_created_at_-1' },
);
SessionRecordSchema.index({ language: 1 }, { name: 'language_1' });
