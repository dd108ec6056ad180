/** Limits that keep parsing fast and the stack safe on any input. */

/** Longer texts are refused outright (UTF-16 code units, about 5 MB of ASCII). */
export const MAX_TEXT_LENGTH = 5 * 1024 * 1024;

/**
 * Brackets and `if`s nested deeper than this are refused before parsing: the recursive-descent
 * parser exhausts a default Node stack at about 390 nested parentheses, and the caller's own
 * frames (a language server, a test runner) need room too.
 */
export const MAX_NESTING = 64;

/**
 * Expressions with more operators, calls and brackets than this are refused, which bounds the
 * depth that the checker's recursive passes must walk.
 */
export const MAX_EXPRESSION_SIZE = 1000;

/** After this many syntax errors the rest are not reported. */
export const MAX_SYNTAX_ERRORS = 100;
