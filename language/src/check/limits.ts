/** Limits that keep checking fast on any input. */

/** Elements per set. */
export const MAX_ELEMENTS = 100_000;

/** Combinations of type, outcome and state at which the payoffs are evaluated. */
export const MAX_POINTS = 2_000_000;

/** Values of one sweep. */
export const MAX_SWEEP_POINTS = 10_000;

/** Probabilities, row sums and sweep ends are compared with this tolerance. */
export const TOLERANCE = 1e-9;
