/**
 * Which authentication scheme a Gallery is spoken to with: `auto` finds out (the token endpoint
 * first, OAuth1 when there is none), `oauth1` and `oauth2` force one. Set by `auth` in a profile
 * or ALTERYX_AUTH.
 */
import { UsageError } from "../errors.js";

/** The values `auth` and ALTERYX_AUTH take. */
export const AUTH_CHOICES = ["auto", "oauth1", "oauth2"] as const;
/** One of {@link AUTH_CHOICES}. */
export type AuthChoice = (typeof AUTH_CHOICES)[number];

/** True for a value of {@link AUTH_CHOICES}. */
export function isAuthChoice(value: string): value is AuthChoice {
  return (AUTH_CHOICES as readonly string[]).includes(value);
}

/** Parses an auth setting, naming where it came from when it is not one of the choices. */
export function parseAuthChoice(value: string, origin: string): AuthChoice {
  const lower = value.trim().toLowerCase();
  if (isAuthChoice(lower)) return lower;
  throw new UsageError(
    `${origin} must be ${AUTH_CHOICES.join(", ")} (auto finds out what the server speaks), got "${value}"`,
  );
}
