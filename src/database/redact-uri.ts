/** The hosts of a MongoDB URI, without user, password or options. */
export function describeMongoHosts(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?#]*)/.exec(uri);

  return match?.[1] || 'the configured MongoDB server';
}

/** The URI with any password replaced, safe for logs and messages. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}
