// What the sign-in endpoint answers in `error` for a right password when a second factor
// is needed: the login form (a client component) then asks for the code. Kept out of
// credentials.ts, which is server-only.
export const SECOND_FACTOR_REQUIRED = "SecondFactorRequired";
