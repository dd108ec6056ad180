/**
 * The one adapter between the product and HiGHS (the `highs` WebAssembly build). Everything else
 * builds `LinearProgram`s as plain arrays and reads `LpSolution`s; nothing else imports `highs`.
 * Models are passed as CSR arrays (never LP text), one persistent HiGHS instance is reused, and
 * after a WebAssembly `RuntimeError` the module is instantiated afresh.
 */
import loadHighs from 'highs';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
type HighsModel = ReturnType<Highs['createModel']>;
type Basis = ReturnType<HighsModel['getBasis']>;

/** max c·x s.t. rowLower ≤ A x ≤ rowUpper, colLower ≤ x ≤ colUpper; A row-wise (CSR). */
export interface LinearProgram {
  numCols: number;
  colCost: Float64Array | number[];
  colLower: Float64Array | number[];
  colUpper: Float64Array | number[];
  rowLower: number[];
  rowUpper: number[];
  /** CSR: row i has entries starts[i] .. starts[i+1]-1 of indices/values. */
  starts: number[];
  indices: number[];
  values: number[];
  /** A constant added to the objective. */
  offset?: number;
  /**
   * Names a family of LPs of one shape (same rows and columns, other coefficients); the solver
   * starts each from the last optimal basis of its family, which saves most simplex iterations.
   */
  family?: string;
}

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time_limit' | 'error';

export interface LpSolution {
  status: LpStatus;
  objective: number;
  x: Float64Array;
  /** Row activities A x. */
  activity: Float64Array;
  /** d(objective)/d(row bound) as HiGHS reports it for a maximisation. */
  rowDual: Float64Array;
  /** HiGHS's own words when status is 'error'. */
  detail?: string;
  /** When infeasible: rows of an irreducible infeasible subsystem, if HiGHS found one. */
  conflictRows?: number[];
}

export interface LpOptions {
  /** Seconds this one LP may take. */
  timeLimit?: number;
  /**
   * 'primal': the primal simplex on unscaled data. Measured (npm run bench) to solve the
   * certificate LPs of dual-certificate.ts about twice as fast as HiGHS's default dual simplex,
   * and the other LPs slower; the caller re-derives its bound from the solution, so the choice
   * changes speed, not results.
   */
  method?: 'dual' | 'primal';
}

/** Tolerances used for every LP; tighter than HiGHS's 1e-7 defaults so values hold to 1e-8. */
export const LP_TOLERANCES = { primalFeasibility: 1e-10, dualFeasibility: 1e-10 };

/** HiGHS's simplex_strategy for the primal simplex, and its defaults (dual simplex, scaled). */
const SIMPLEX_PRIMAL = 4;
const DEFAULT_SIMPLEX = { strategy: 1, scale: 2 };

let compiledModule: WebAssembly.Module | undefined;

/** Loads HiGHS; `locateFile` lets a browser or bundle say where `highs.wasm` is. */
async function instantiate(locateFile?: (file: string) => string): Promise<Highs> {
  if (compiledModule) {
    return loadHighs({ wasmModule: compiledModule, locateFile } as Parameters<typeof loadHighs>[0]);
  }
  return loadHighs(locateFile ? { locateFile } : undefined);
}

/** A reusable LP solver; create one per thread with `LpSolver.create()`. */
export class LpSolver {
  /** LPs solved since creation; analyses read it to report their cost. */
  count = 0;
  /** Milliseconds spent inside HiGHS (pass + run + read), for the benchmark. */
  insideMs = 0;
  private model: HighsModel;
  private timeLimit = Infinity;
  private method: 'dual' | 'primal' = 'dual';
  private readonly bases = new Map<string, { cols: number; rows: number; basis: Basis }>();

  private constructor(
    private highs: Highs,
    private readonly locateFile?: (file: string) => string,
  ) {
    this.model = this.freshModel();
  }

  static async create(locateFile?: (file: string) => string): Promise<LpSolver> {
    return new LpSolver(await instantiate(locateFile), locateFile);
  }

  get version(): string {
    return this.highs.version.string;
  }

  get infinity(): number {
    return this.highs.infinity;
  }

  /** Solves one LP (maximisation). Never throws for solver trouble: it returns status 'error'. */
  solve(lp: LinearProgram, options: LpOptions = {}): LpSolution {
    const started = performance.now();
    this.count++;
    try {
      return this.run(lp, options);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) this.recover();
      return failed(lp, error instanceof Error ? error.message : String(error));
    } finally {
      this.insideMs += performance.now() - started;
    }
  }

  /** Re-instantiates the WebAssembly module after a trap, which leaves it unusable. */
  async reset(): Promise<void> {
    this.highs = await instantiate(this.locateFile);
    this.model = this.freshModel();
  }

  private run(lp: LinearProgram, options: LpOptions): LpSolution {
    const inf = this.highs.infinity;
    const numRows = lp.rowLower.length;
    this.model.passModel({
      numCols: lp.numCols,
      numRows,
      sense: this.highs.constants.objectiveSense.maximize,
      offset: lp.offset ?? 0,
      colCost: Array.from(lp.colCost),
      colLower: Array.from(lp.colLower, (v) => clampInf(v, inf)),
      colUpper: Array.from(lp.colUpper, (v) => clampInf(v, inf)),
      rowLower: lp.rowLower.map((v) => clampInf(v, inf)),
      rowUpper: lp.rowUpper.map((v) => clampInf(v, inf)),
      matrix: {
        format: 'csr',
        numRows,
        numCols: lp.numCols,
        starts: lp.starts,
        indices: lp.indices,
        values: lp.values,
      },
    });
    const timeLimit = Math.max(0, Math.min(options.timeLimit ?? 1e7, 1e7));
    if (timeLimit !== this.timeLimit) {
      this.model.options.set('time_limit', timeLimit);
      this.timeLimit = timeLimit;
    }
    const method = options.method ?? 'dual';
    if (method !== this.method) {
      this.model.options.set(
        method === 'primal'
          ? { simplex_strategy: SIMPLEX_PRIMAL, simplex_scale_strategy: 0 }
          : {
              simplex_strategy: DEFAULT_SIMPLEX.strategy,
              simplex_scale_strategy: DEFAULT_SIMPLEX.scale,
            },
      );
      this.method = method;
    }
    // HiGHS counts time_limit against its clocks summed over every run of this instance.
    if (timeLimit < 1e7) this.model.zeroAllClocks();
    const warm = lp.family ? this.bases.get(lp.family) : undefined;
    if (warm && warm.cols === lp.numCols && warm.rows === numRows) {
      try {
        this.model.setBasis(warm.basis);
      } catch {
        // An unusable basis only costs the warm start.
      }
    }
    let status = this.runOnce();
    if (status === 'error') status = this.retryLoosely();
    if (status === 'optimal' && lp.family) this.remember(lp.family, lp.numCols, numRows);
    if (status === 'infeasible')
      return { ...failed(lp, undefined), status, conflictRows: this.conflict() };
    if (status !== 'optimal') return { ...failed(lp, undefined), status };
    const solution = this.model.getSolution();
    return {
      status,
      objective: this.model.getObjectiveValue(),
      x: solution.colValue,
      activity: solution.rowValue,
      rowDual: solution.rowDual,
    };
  }

  /**
   * Forgets every warm-start basis. A basis from another model changes which of several optimal
   * vertices HiGHS returns, and so the path of the envelope search: a solve that starts here
   * gives the same answer whatever this solver solved before.
   */
  forgetBases(): void {
    this.bases.clear();
  }

  private remember(family: string, cols: number, rows: number): void {
    try {
      this.bases.delete(family);
      this.bases.set(family, { cols, rows, basis: this.model.getBasis() });
      if (this.bases.size > 256) this.bases.delete(this.bases.keys().next().value!);
    } catch {
      this.bases.delete(family);
    }
  }

  /** The rows of an infeasible subsystem, to name the constraints that clash. */
  private conflict(): number[] | undefined {
    try {
      this.model.options.set('iis_strategy', this.highs.constants.iis.strategyRowPriority);
      return Array.from(this.model.getIis().rowIndex);
    } catch {
      return undefined;
    } finally {
      this.model.options.set('iis_strategy', this.highs.constants.iis.strategyLight);
    }
  }

  /** Runs HiGHS; a failed run (it throws on some numerical failures) counts as 'error'. */
  private runOnce(): LpStatus {
    try {
      this.model.run();
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) throw error;
      return 'error';
    }
    return this.status();
  }

  /**
   * The tight tolerances occasionally stall HiGHS on badly scaled data; one more try with its
   * defaults and presolve usually succeeds, and the caller's own checks still apply.
   */
  private retryLoosely(): LpStatus {
    this.model.options.set({
      primal_feasibility_tolerance: 1e-7,
      dual_feasibility_tolerance: 1e-7,
      presolve: 'on',
    });
    let status: LpStatus;
    try {
      status = this.runOnce();
    } finally {
      this.model.options.set({
        primal_feasibility_tolerance: LP_TOLERANCES.primalFeasibility,
        dual_feasibility_tolerance: LP_TOLERANCES.dualFeasibility,
        presolve: 'off',
      });
    }
    // Polish: continue from the loose optimum's basis at the tight tolerances. A solution that
    // only the loose tolerances accept is not reported: its mechanism could miss IC or IR by 1e-7.
    if (status === 'optimal') return this.runOnce() === 'optimal' ? 'optimal' : 'error';
    return status;
  }

  private status(): LpStatus {
    const codes = this.highs.constants.modelStatus;
    const code = this.model.getModelStatus();
    if (code === codes.optimal) return 'optimal';
    if (code === codes.infeasible) return 'infeasible';
    if (code === codes.unbounded) return 'unbounded';
    if (code === codes.unboundedOrInfeasible) return this.classifyUnboundedOrInfeasible();
    if (code === codes.timeLimit || code === codes.iterationLimit) return 'time_limit';
    return 'error';
  }

  /** Presolve may not tell infeasible from unbounded; a run without presolve does. */
  private classifyUnboundedOrInfeasible(): LpStatus {
    const codes = this.highs.constants.modelStatus;
    this.model.options.set('presolve', 'off');
    this.model.run();
    const code = this.model.getModelStatus();
    if (code === codes.unbounded) return 'unbounded';
    if (code === codes.infeasible) return 'infeasible';
    return code === codes.optimal ? 'optimal' : 'error';
  }

  private recover(): void {
    // The trapped instance cannot be used again; callers may await reset() for a new one.
    try {
      this.model = this.freshModel();
    } catch {
      /* reset() will replace the module */
    }
  }

  private freshModel(): HighsModel {
    const model = this.highs.createModel();
    this.timeLimit = Infinity;
    this.method = 'dual';
    model.options.set({
      output_flag: false,
      presolve: 'off',
      primal_feasibility_tolerance: LP_TOLERANCES.primalFeasibility,
      dual_feasibility_tolerance: LP_TOLERANCES.dualFeasibility,
    });
    return model;
  }
}

function clampInf(value: number, inf: number): number {
  if (value === Infinity) return inf;
  if (value === -Infinity) return -inf;
  return value;
}

function failed(lp: LinearProgram, detail: string | undefined): LpSolution {
  const rows = lp.rowLower.length;
  return {
    status: 'error',
    objective: NaN,
    x: new Float64Array(lp.numCols),
    activity: new Float64Array(rows),
    rowDual: new Float64Array(rows),
    detail,
  };
}
