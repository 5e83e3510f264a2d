/** Credentials in connection strings, replaced wherever they appear. */
const URI_CREDENTIALS =
  /\b((?:mongodb(?:\+srv)?|rediss?):\/\/)[^\s/@:]*:[^\s/@]*@/gi;

/** Removes credentials from a log line; secrets are added by the logger. */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text.replace(URI_CREDENTIALS, '$1***:***@');
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join('***');
  }

  return clean;
}
