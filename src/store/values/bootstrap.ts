// bootstrap: set while a fresh deployment's first scrape may be under way or has just
// failed, so an empty archive starts at most one scrape every ten minutes however many
// requests it gets (a failing upstream would otherwise be asked every minute).
export const BOOTSTRAP_KEY = "bootstrap";
/** How long a try holds off the next one. */
export const BOOTSTRAP_WAIT_S = 600;

/** Present (whatever it holds) means a try started within the wait. */
export const encodeBootstrap = (now: number) => new Date(now).toISOString();
