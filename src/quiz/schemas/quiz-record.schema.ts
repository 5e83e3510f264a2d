import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const QUIZZES_COLLECTION = 'quizzes';

/** A completed quiz; _id is the quiz id, so saving twice keeps one. */
@Schema({ collection: QUIZZES_COLLECTION, versionKey: false })
export class QuizRecordDocument {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) session_id!: string;
  @Prop({ required: true }) language!: string;
  @Prop({ required: true }) started_at!: Date;
  @Prop({ required: true }) completed_at!: Date;
  @Prop({ required: true }) duration_seconds!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  answers!: Record<string, string>;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  result!: Record<string, unknown>;
}

export const QuizRecordSchema =
  SchemaFactory.createForClass(QuizRecordDocument);
QuizRecordSchema.index({ session_id: 1 }, { name: 'session_id_1' });
QuizRecordSchema.index({ completed_at: -1 }, { name: 'completed_at_-1' });
QuizRecordSchema.index(
  { language: 1, completed_at: -1 },
  { name: 'language_1_completed_at_-1' },
);
