// Next.js calls register() once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareApp } = await import("./lib/startup");
  try {
    await prepareApp();
  } catch (error) {
    // A console that cannot reach its database must not pretend to be up.
    console.error(`\nCannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
