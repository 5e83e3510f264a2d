import { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain.error';

/** No request of this API needs deeper JSON; deeper is refused unread. */
export const MAX_JSON_DEPTH = 32;
/**
 * No request body of this API has more than a handful of fields; wider
 * objects are refused before validation, whose cost grows with the
 * square of the number of unknown fields.
 */
export const MAX_JSON_FIELDS = 64;

/**
 * Replaces the JSON body parser: bodies nested deeper than MAX_JSON_DEPTH
 * are refused before parsing (deep nesting exhausts the stack of the
 * parsing and validation that follow), prototype poisoning is refused by
 * Fastify's own parser, and a body must be a JSON object. Every other
 * content type answers 415.
 */
export function useStrictJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');

  // text/plain would otherwise be read as an empty body and misreported.
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = body.toString();
      if (text.trim() === '') {
        done(invalid('Body is empty; send a JSON object'));
        return;
      }
      if (depthOf(text) > MAX_JSON_DEPTH) {
        done(invalid(`Body is nested deeper than ${MAX_JSON_DEPTH} levels`));
        return;
      }

      parse(request, text, (error, value) => {
        if (error) done(invalid(describeParseError(text)));
        else if (!isPlainObject(value))
          done(invalid('Body must be a JSON object'));
        else if (widestObject(value) > MAX_JSON_FIELDS) {
          done(
            invalid(
              `Body has an object with more than ${MAX_JSON_FIELDS} fields`,
            ),
          );
        } else done(null, value);
      });
    },
  );
}

/**
 * Why the parser refused text: valid JSON that it still refused can only
 * carry a prototype-poisoning key.
 */
function describeParseError(text: string): string {
  try {
    JSON.parse(text);
  } catch {
    return 'Body is not valid JSON';
  }
  return 'Body has a __proto__ or constructor.prototype key, which is refused';
}

function invalid(message: string): DomainError {
  return new DomainError('INVALID_JSON', message);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Most keys of any object in the value (arrays are walked, not counted). */
function widestObject(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;

  const children = Array.isArray(value) ? value : Object.values(value);
  let widest = Array.isArray(value) ? 0 : children.length;
  for (const child of children) {
    widest = Math.max(widest, widestObject(child));
  }
  return widest;
}

/** Deepest bracket nesting outside strings, in one pass. */
function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;

  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }

  return deepest;
}
