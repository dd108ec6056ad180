/**
 * The grammar of `.mech`, as a pure Chevrotain parser: it builds a concrete syntax tree and
 * nothing else. Meaning lives in `build-ast.ts`; user-facing error messages in
 * `syntax-errors.ts`, which decodes what `errorMessageProvider` records here.
 */
import {
  CstParser,
  EOF,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from 'chevrotain';
import * as t from './tokens';

/** What the parser knew when it failed; `syntax-errors.ts` turns it into a sentence. */
export type ParserFailure =
  | { kind: 'mismatch'; expected: string; rule: string }
  | { kind: 'noViableAlternative'; rule: string }
  | { kind: 'earlyExit'; rule: string }
  | { kind: 'notAllInput' };

function encode(failure: ParserFailure): string {
  return JSON.stringify(failure);
}

/** Parses the JSON that the message provider below puts into Chevrotain's error messages. */
export function decodeFailure(message: string): ParserFailure {
  try {
    return JSON.parse(message) as ParserFailure;
  } catch {
    return { kind: 'notAllInput' };
  }
}

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => {
    const name = expected === EOF ? 'EOF' : expected.name;
    return encode({ kind: 'mismatch', expected: name, rule: ruleName });
  },
  buildNotAllInputParsedMessage: () => encode({ kind: 'notAllInput' }),
  buildNoViableAltMessage: ({ ruleName }) =>
    encode({ kind: 'noViableAlternative', rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }) => encode({ kind: 'earlyExit', rule: ruleName }),
};

class MechParser extends CstParser {
  constructor() {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.modelDeclaration) },
      { ALT: () => this.SUBRULE(this.paramDeclaration) },
      { ALT: () => this.SUBRULE(this.setDeclaration) },
      { ALT: () => this.SUBRULE(this.priorDeclaration) },
      { ALT: () => this.SUBRULE(this.tableDeclaration) },
      { ALT: () => this.SUBRULE(this.transferDeclaration) },
      { ALT: () => this.SUBRULE(this.payoffDeclaration) },
      { ALT: () => this.SUBRULE(this.solveDeclaration) },
      { ALT: () => this.SUBRULE(this.sweepDeclaration) },
    ]);
  });

  modelDeclaration = this.RULE('modelDeclaration', () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
  });

  paramDeclaration = this.RULE('paramDeclaration', () => {
    this.CONSUME(t.Param);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  setDeclaration = this.RULE('setDeclaration', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.States) },
      { ALT: () => this.CONSUME(t.Types) },
      { ALT: () => this.CONSUME(t.Outcomes) },
    ]);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.CONSUME(t.LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.element);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.element);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RBrace);
  });

  element = this.RULE('element', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.expression);
    });
  });

  priorDeclaration = this.RULE('priorDeclaration', () => {
    this.CONSUME(t.Prior);
    this.OR([
      { ALT: () => this.SUBRULE(this.tupleKey) },
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.OPTION(() => {
            this.CONSUME(t.Bar);
            this.CONSUME2(t.Identifier);
          });
        },
      },
    ]);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.value);
  });

  tableDeclaration = this.RULE('tableDeclaration', () => {
    this.CONSUME(t.Table);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME2(t.Identifier) });
    this.CONSUME(t.RBracket);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.value);
  });

  /** A nested list `{ key: value, … }` or a single expression. */
  value = this.RULE('value', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.list) }, { ALT: () => this.SUBRULE(this.expression) }]);
  });

  list = this.RULE('list', () => {
    this.CONSUME(t.LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.entry);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.entry);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RBrace);
  });

  entry = this.RULE('entry', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.SUBRULE(this.tupleKey) },
    ]);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.value);
  });

  tupleKey = this.RULE('tupleKey', () => {
    this.CONSUME(t.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Identifier) });
    this.CONSUME(t.RParen);
  });

  transferDeclaration = this.RULE('transferDeclaration', () => {
    this.CONSUME(t.Transfer);
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.In);
      this.CONSUME(t.LBracket);
      this.SUBRULE(this.expression);
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.expression);
      this.CONSUME(t.RBracket);
    });
  });

  payoffDeclaration = this.RULE('payoffDeclaration', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Agent);
          this.CONSUME(t.Payoff);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Designer);
          this.CONSUME2(t.Payoff);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Outside);
          this.CONSUME(t.Option);
        },
      },
    ]);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  solveDeclaration = this.RULE('solveDeclaration', () => {
    this.CONSUME(t.Solve);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Identifier) });
  });

  sweepDeclaration = this.RULE('sweepDeclaration', () => {
    this.CONSUME(t.Sweep);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.From);
    this.SUBRULE(this.expression);
    this.CONSUME(t.To);
    this.SUBRULE2(this.expression);
    this.CONSUME(t.Step);
    this.SUBRULE3(this.expression);
  });

  // An expression is a flat sequence of operands and infix operators; precedence and
  // associativity are resolved when the AST is built. `if` is an atom whose `else` branch is
  // a whole expression, so it extends as far right as it can.
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(t.BinaryOperator);
      this.SUBRULE2(this.operand);
    });
  });

  /** Prefix operators, an atom and an optional exponent: `-x^2`, `not a`, `2^-1`. */
  operand = this.RULE('operand', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Minus) }, { ALT: () => this.CONSUME(t.Not) }]);
    });
    this.SUBRULE(this.atom);
    this.OPTION(() => {
      this.CONSUME(t.Caret);
      this.SUBRULE2(this.operand);
    });
  });

  /** A number, `inf`, a name, a call `f(…)`, a table read `w[…]`, `( … )` or an `if`. */
  atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.CONSUME(t.Inf) },
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.OPTION(() => {
            this.OR2([
              { ALT: () => this.SUBRULE(this.callArguments) },
              { ALT: () => this.SUBRULE(this.indexArguments) },
            ]);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.conditional) },
    ]);
  });

  callArguments = this.RULE('callArguments', () => {
    this.CONSUME(t.LParen);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(t.RParen);
  });

  indexArguments = this.RULE('indexArguments', () => {
    this.CONSUME(t.LBracket);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(t.RBracket);
  });

  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  conditional = this.RULE('conditional', () => {
    this.CONSUME(t.If);
    this.SUBRULE(this.expression);
    this.CONSUME(t.Then);
    this.SUBRULE2(this.expression);
    this.CONSUME(t.Else);
    this.SUBRULE3(this.expression);
  });
}

/** One parser for the whole process; `performSelfAnalysis` is costly, parsing is not. */
export const mechParser = new MechParser();

/** The token types by name, for decoding `ParserFailure.expected`. */
export const tokenTypesByName: ReadonlyMap<string, TokenType> = new Map(
  t.allTokens.map((type) => [type.name, type]),
);

export type { IToken };
