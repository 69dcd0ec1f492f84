// A page's read left by one scheduled run for the next to settle (values/stagedRead.ts says why).

import type { Task } from "../core/schedule";
import { logInvalid } from "./kv";
import {
  decodeStagedRead,
  encodeStagedRead,
  STAGED_READ_MAX_CHARS,
  STAGED_READ_TTL_S,
  type StagedRead,
  stagedReadKey,
} from "./values/stagedRead";

export type { StagedRead };

/** Stages the read; false (nothing written) when it is too large to, and the run settles it itself. */
export async function stageRead(kv: KVNamespace, task: Task, read: StagedRead): Promise<boolean> {
  const text = encodeStagedRead(read);
  if (text.length > STAGED_READ_MAX_CHARS) return false;
  await kv.put(stagedReadKey(task), text, { expirationTtl: STAGED_READ_TTL_S });
  return true;
}

/** The read staged for the task's run at `now` to settle, if there is one (values/stagedRead.ts). */
export async function readStagedRead(
  kv: KVNamespace,
  task: Task,
  now: number,
): Promise<StagedRead | undefined> {
  const key = stagedReadKey(task);
  const text = await kv.get(key, "text");
  if (text === null) return undefined;
  if (text.length > STAGED_READ_MAX_CHARS) {
    logInvalid(key, "larger than a staged read may be");
    return undefined;
  }
  return decodeStagedRead(text, key, now);
}

/** Drops the task's staged read once a run has settled it: no later run takes it again. */
export const dropStagedRead = (kv: KVNamespace, task: Task): Promise<void> => kv.delete(stagedReadKey(task));
