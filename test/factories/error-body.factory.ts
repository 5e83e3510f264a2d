/** The body every error answers with; id and message are matched loosely. */
export function errorBody(
  statusCode: number,
  code: string,
  message: string | RegExp = /\S/,
): Record<string, unknown> {
  return {
    statusCode,
    code,
    message:
      typeof message === 'string'
        ? expect.stringContaining(message)
        : expect.stringMatching(message),
    requestId: expect.any(String),
  };
}

/** Lines of a stack trace, or paths into the code, in a response text. */
export const STACK_TRACE = /\n\s+at\s|\.(ts|js):\d+|node_modules|\/src\//;
