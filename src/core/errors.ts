// What every pipeline needs to say about an error it caught.

/** "Name: message" for a report or a log line; anything thrown that is not an Error, as text. */
export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
