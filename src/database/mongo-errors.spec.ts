import { MongoServerError } from 'mongodb';
import { isTimeout, isUnavailable } from './mongo-errors';

function serverError(code: number, errmsg: string): MongoServerError {
  return new MongoServerError({ ok: 0, code, errmsg });
}

describe('isUnavailable', () => {
  it.each([
    [
      'a command cut short by the server shutting down',
      1,
      'query_iterator.go:79 context canceled after delay',
    ],
    [
      'a command past its deadline',
      1,
      'msg_findandmodify.go:196 context deadline exceeded',
    ],
    [
      'a query interrupted by its deadline',
      1,
      '[collection.go:94 sqlite.(*collection).Query] interrupted (9)',
    ],
    [
      'a transaction rolled back by its deadline',
      1,
      '[db.go:167 fsql.(*DB).InTransaction] sql: transaction has already ' +
        'been committed or rolled back',
    ],
    ['InterruptedAtShutdown', 11600, 'interrupted at shutdown'],
    ['MaxTimeMSExpired', 50, 'operation exceeded time limit'],
  ])('should count %s as an outage', (_, code, message) => {
    expect(isUnavailable(serverError(code, message))).toBe(true);
  });

  it.each([
    ['a duplicate key', 11000, 'E11000 duplicate key error'],
    ['another internal error', 1, 'invalid document'],
    ['a bad value', 2, 'BSON field skip value must be >= 0'],
  ])('should not count %s as an outage', (_, code, message) => {
    expect(isUnavailable(serverError(code, message))).toBe(false);
  });
});

describe('isTimeout', () => {
  it('should count a deadline as a timeout but not a shutdown', () => {
    expect(isTimeout(serverError(1, 'context deadline exceeded'))).toBe(true);
    expect(isTimeout(serverError(1, 'Query] interrupted (9)'))).toBe(true);
    expect(isTimeout(serverError(1, 'context canceled'))).toBe(false);
  });
});
