// Encryption keys of the server-database test runs. Test files share that database in
// parallel, so each run knows both: the rotation test moves its own rows to the second key
// while other files (and the start-up's key check) keep reading everything.
export const TEST_KEY = "7465737420656e6372797074696f6e206b657920666f7220726563616c6c2121";
export const ROTATED_TEST_KEY = "726f74617465642074657374206b657920666f7220726563616c6c2064657368";
