import { hash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { TokenKind } from "@/db/schema";
import { TOKEN_KINDS } from "./kinds";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = 4 + RANDOM_LENGTH + CHECKSUM_LENGTH;

/** The shape secret scanners match; it is published, so leaked tokens are found with no false positives. */
export const TOKEN_PATTERN = /^ts[ugpoax]_[0-9A-Za-z]{38}$/;
/** The same shape anywhere in a text, to redact tokens from what clients send alongside them. */
export const TOKENS_IN_TEXT = /ts[ugpoax]_[0-9A-Za-z]{38}/g;

/** Uniform base62 characters from the CSPRNG: bytes >= 248 (4 * 62) are dropped to avoid modulo bias. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function toBase62(value: number, width: number): string {
  let n = value;
  let out = "";
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, "0");
}

/** 6-char base62 CRC32 of everything before it (62^6 > 2^32, so it always fits). */
export function checksum(body: string): string {
  return toBase62(crc32(body), CHECKSUM_LENGTH);
}

export function generateTokenValue(kind: TokenKind): string {
  const body = TOKEN_KINDS[kind].prefix + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

/** Shape and checksum only: lets a typo or a forged string be refused without touching the database. */
export function isWellFormedToken(value: string): boolean {
  if (!TOKEN_PATTERN.test(value)) return false;
  const body = value.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === value.slice(-CHECKSUM_LENGTH);
}

export function kindOfToken(value: string): TokenKind | undefined {
  const prefix = value.slice(0, 4);
  const entry = Object.entries(TOKEN_KINDS).find(([, rules]) => rules.prefix === prefix);
  return entry?.[0] as TokenKind | undefined;
}

/** SHA-256 hex of the whole token: the only form of it that is stored. One-shot: it runs on every request. */
export function hashToken(value: string): string {
  return hash("sha256", value, "hex");
}

export function tokenHint(value: string): string {
  return value.slice(-4);
}
