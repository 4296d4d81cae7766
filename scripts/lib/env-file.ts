/**
 * An env file for `wrangler dev --env-file`. Values go in single quotes, which dotenv takes
 * literally: in double quotes it keeps backslashes, so JSON such as JWT_PRIVATE_KEYS came out
 * as `{\"keys\":…}` and sign-in failed with "JWT_PRIVATE_KEYS is not valid JSON".
 */
export function envFileText(vars: Record<string, string>): string {
  return (
    Object.entries(vars)
      .map(([k, v]) => {
        if (/['\r\n]/.test(v)) throw new Error(`${k}: a value with a single quote or a line break cannot go in an env file`);
        return `${k}='${v}'`;
      })
      .join('\n') + '\n'
  );
}
