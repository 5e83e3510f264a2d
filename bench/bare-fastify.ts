import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';

/**
 * The HTTP ceiling: the same framework with one route and nothing else,
 * answering what start_session answers in shape (a new id, 201).
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  const app = Fastify({ logger: false });
  app.get('/uuid', async (_request, reply) => {
    void reply.status(201);
    return { session_id: randomUUID() };
  });

  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write(`Listening on 127.0.0.1:${port}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
