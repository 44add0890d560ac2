/** Process exit codes (documented in README and --help). */
export const ExitCode = {
  ok: 0,
  /** check/compare found a regression or a failed `expect:` assertion */
  regression: 1,
  /** usage, configuration or input validation error */
  invalidInput: 2,
  /** the simulation itself failed (invariant violation, internal error) */
  simulationError: 3,
  interrupted: 130,
} as const;
