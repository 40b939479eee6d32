/** The one source of "now" for domain code, so tests can move time instead of waiting. */
export const clock = {
  now: (): Date => new Date(),
};
