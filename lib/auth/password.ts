import bcrypt from "bcryptjs";

// bcrypt at cost 11: about 0.1 s a check on this class of machine, slow enough to make
// offline guessing expensive and fast enough for a login.
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the email is unknown, so both cases take the same time.
export const DUMMY_HASH = "$2b$11$C6UzMDM.H6dfI/f/IKxGhuZ5zu7B7k9ZXq5u1V1b8q1Tz6zY3Xq1e";
