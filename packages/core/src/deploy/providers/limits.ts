/** User commands (deploy, stop, switch, nginx) get this long before they are killed. */
export const COMMAND_TIMEOUT_MS = 15 * 60_000
