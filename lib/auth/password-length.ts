// The policy's length bounds, apart from lib/auth/password-policy.ts (which reads its list
// from disk) so that forms in the browser can state them too.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;
