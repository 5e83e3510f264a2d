import { QuizMove, QuizMoves } from '@/quiz/quiz-moves';
import {
  QuizMessageKey,
  quizMessage,
  renderOutcome,
} from '@/quiz/quiz-messages';
import { Session } from '@/session/session.types';
import { ChatIntent, detectIntent } from './chat-intent';

/**
 * Reads a free-text message against the session's step and picks the
 * move: start, answer, pause or resume the quiz, or just reply.
 */
export function chooseChatMove(moves: QuizMoves, message: string): QuizMove {
  return (session, now) => pickMove(moves, session, message)(session, now);
}

function pickMove(
  moves: QuizMoves,
  session: Session,
  message: string,
): QuizMove {
  const intent = detectIntent(message);
  switch (session.step) {
    case 'WELCOME':
      return onWelcome(moves, intent);
    case 'QUIZ':
      return session.paused
        ? onPaused(moves, intent)
        : onQuiz(moves, session, message, intent);
    default:
      return onDone(intent);
  }
}

function onWelcome(moves: QuizMoves, intent: ChatIntent): QuizMove {
  if (intent === 'refuse') return say('refused');
  if (intent === 'start' || intent === 'resume') return moves.start();

  return say('welcome');
}

function onPaused(moves: QuizMoves, intent: ChatIntent): QuizMove {
  if (intent === 'resume' || intent === 'start') return moves.resume();

  return say('paused');
}

/** An answer wins over an intent: an option's text may hold any word. */
function onQuiz(
  moves: QuizMoves,
  session: Session,
  message: string,
  intent: ChatIntent,
): QuizMove {
  const option = moves.readAnswer(session, message);
  if (option) return moves.answer(option);
  if (intent === 'pause') return moves.pause();

  return (current) => ({
    changes: {},
    reply: `${quizMessage('notUnderstood', current.language)}\n\n${moves.currentQuestion(current)}`,
    toolCalls: [],
  });
}

function onDone(intent: ChatIntent): QuizMove {
  if (intent === 'start') return say('alreadyCompleted');

  return (session) => ({
    changes: {},
    reply: session.result
      ? renderOutcome(session.result)
      : quizMessage('help', session.language),
    toolCalls: [],
  });
}

/** A reply that changes nothing but the conversation itself. */
function say(key: QuizMessageKey): QuizMove {
  return (session) => ({
    changes: {},
    reply: quizMessage(key, session.language),
    toolCalls: [],
  });
}
