/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
}
