/**
 * Partner webhooks are signed: `X-Marquee-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * with `X-Marquee-Timestamp: <unix seconds>`. Verification is constant-time (WebCrypto's
 * verify), and a timestamp older than five minutes is refused so a captured request cannot be replayed later.
 */
export const MAX_SKEW_SECONDS = 300;

const enc = new TextEncoder();

const key = (secret: string, usage: 'sign' | 'verify') =>
  crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ]);

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length % 2 !== 0) return null;
  const out = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export async function signWebhook(
  secret: string,
  timestamp: number,
  rawBody: string,
): Promise<string> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    await key(secret, 'sign'),
    enc.encode(`${timestamp}.${rawBody}`),
  );
  return `v1=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export async function verifyWebhook(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: string,
  nowSeconds: number,
): Promise<SignatureCheck> {
  const ts = Number(timestampHeader);
  if (!timestampHeader || !Number.isInteger(ts))
    return { ok: false, reason: 'missing or malformed X-Marquee-Timestamp' };
  if (Math.abs(nowSeconds - ts) > MAX_SKEW_SECONDS)
    return { ok: false, reason: 'timestamp is more than 5 minutes off' };
  const m = /^v1=([0-9a-fA-F]{64})$/.exec(signatureHeader?.trim() ?? '');
  const mac = m ? hexToBytes(m[1]!) : null;
  if (!mac) return { ok: false, reason: 'missing or malformed X-Marquee-Signature' };
  const valid = await crypto.subtle.verify(
    'HMAC',
    await key(secret, 'verify'),
    mac,
    enc.encode(`${ts}.${rawBody}`),
  );
  return valid ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
