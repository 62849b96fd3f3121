/** Where the CLI prints; tests pass their own. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (for the progress bar). */
  tty?: boolean;
  /** Stops a long-running command (preview, build --watch); the process's signals do otherwise. */
  signal?: AbortSignal;
}
