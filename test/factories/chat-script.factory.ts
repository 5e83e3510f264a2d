import { Language } from '@/common/language';
import { ColorDimension } from '@/quiz/quiz.types';
import { Session } from '@/session/session.types';
import { FakeClock } from '@test/support/fake-clock';
import { chat, getSession, Http } from './jti-api.factory';
import { AnswerForm, answerText, optionIndexFor } from './quiz-answer.factory';

/** A value as it comes back in a JSON body: dates become ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type SessionJson = Json<Session>;

/** What chat and every quiz button answer. */
export interface PlayBody {
  message: string;
  session: SessionJson;
  tool_calls: Record<string, unknown>[];
}

/** A chat message, fixed or worked out from the session it is sent to. */
export type ChatStep = string | ((session: SessionJson) => string);

/** One message sent, when, and what came back. */
export interface PlayedTurn {
  sent: string;
  at: Date;
  body: PlayBody;
}

/** Picks the option of `dimension` on whatever question is being asked. */
export function answerStep(
  form: AnswerForm,
  dimension: ColorDimension,
  language: Language,
): ChatStep {
  return (session) => {
    const questionId = session.current_question;
    if (!questionId) throw new Error('No question is being asked');

    return answerText(
      questionId,
      optionIndexFor(questionId, dimension),
      form,
      language,
    );
  };
}

/**
 * Sends the steps in order, one minute apart on the fake clock, and keeps
 * every reply. A reply other than 200 stops the script with its body.
 */
export async function playChat(
  http: Http,
  clock: FakeClock,
  sessionId: string,
  steps: ChatStep[],
): Promise<PlayedTurn[]> {
  const played: PlayedTurn[] = [];
  let session: SessionJson = (await getSession(http, sessionId).expect(200))
    .body;

  for (const step of steps) {
    clock.advanceMinutes(1);
    const sent = typeof step === 'string' ? step : step(session);
    const response = await chat(http, sessionId, sent);
    if (response.status !== 200) {
      throw new Error(
        `"${sent}" answered ${response.status}: ${response.text}`,
      );
    }

    played.push({ sent, at: clock.now(), body: response.body });
    session = response.body.session;
  }

  return played;
}
