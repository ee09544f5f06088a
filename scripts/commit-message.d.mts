// Types for commit-message.mjs, a plain script so the git hook runs it with node alone.
export const MAX_SUBJECT: number;
export function commitMessageProblems(message: string): string[];
