/**
 * Charts drawn as SVG elements through the DOM (d3-scale for scales and ticks, d3-shape for
 * paths): no inline styles and no eval, so they work under the preview's strict CSP. Colours
 * come from CSS classes, and an exported SVG gets them copied in as attributes.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import { el, svg } from './dom';
import { decimal, formatNumber } from './format';
import type { PageHost } from './host';
import { exportButtons } from './toolbar';

const DEFAULT_WIDTH = 560;
const CHAR_WIDTH = 6.6;

export interface Series {
  name: string;
  /** Colour slot 0–7 (CSS classes `stroke-N` / `fill-N`). */
  color: number;
  /** Points in x order; a null y leaves a gap. */
  points: [number, number | null][];
  dashed?: boolean;
  /** Draw a dot at every point (for sparse data such as sweeps). */
  dots?: boolean;
}

export interface Marker {
  x: number;
  y: number;
  label: string;
  color: number;
  /** Drawn hollow (e.g. V at a vertex, where it may jump). */
  hollow?: boolean;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  markers?: Marker[];
  /** Vertical guides, e.g. the prior. */
  guides?: { x: number; label: string }[];
  /** Fix the x domain (default: the data's). */
  xDomain?: [number, number];
}

/** A figure that redraws its chart at the width it gets, with an SVG export button. */
export function chartFigure(
  id: string,
  caption: string,
  draw: (width: number) => SVGSVGElement,
  host: PageHost,
  description?: string,
): HTMLElement {
  const holder = el('div', { className: 'chart', attrs: { 'data-chart': id } });
  let drawnWidth = 0;
  const redraw = (width: number) => {
    const target = Math.max(260, Math.min(900, Math.floor(width)));
    if (Math.abs(target - drawnWidth) < 8) return;
    drawnWidth = target;
    holder.replaceChildren(draw(target));
  };
  redraw(DEFAULT_WIDTH);
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width;
      if (width) redraw(width);
    }).observe(holder);
  }
  const tools = exportButtons(
    host,
    [
      {
        format: 'svg',
        label: 'SVG',
        content: () => standaloneSvg(holder.querySelector('svg')!),
        name: `${id}.svg`,
      },
    ],
    `Save chart “${caption}” as`,
  );
  return el(
    'figure',
    'chart-figure',
    el('figcaption', { text: caption }),
    description ? el('p', { className: 'chart-description', text: description }) : null,
    holder,
    tools,
  );
}

interface Frame {
  root: SVGSVGElement;
  plot: SVGGElement;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** An SVG with title, axes, grid and axis labels; room at the top for a legend. */
function frame(
  width: number,
  height: number,
  spec: { title: string; xLabel: string; yLabel: string },
  xDomain: [number, number],
  yDomain: [number, number],
  legendRows: number,
): Frame {
  const margin = { top: 10 + legendRows * 18, right: 16, bottom: 42, left: 58 };
  const x = scaleLinear()
    .domain(xDomain)
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain(yDomain)
    .nice()
    .range([height - margin.bottom, margin.top]);
  const root = svg('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': spec.title,
    class: 'plot',
  });
  root.append(svg('title', {}, spec.title));
  const axes = svg('g', { class: 'axes' });
  for (const tick of x.ticks(Math.max(2, Math.floor(width / 80)))) {
    const px = x(tick);
    axes.append(
      svg('line', { class: 'grid', x1: px, x2: px, y1: y.range()[0], y2: y.range()[1] }),
      svg(
        'text',
        { class: 'tick', x: px, y: height - margin.bottom + 16, 'text-anchor': 'middle' },
        decimal(tick, 4),
      ),
    );
  }
  for (const tick of y.ticks(Math.max(2, Math.floor(height / 50)))) {
    const py = y(tick);
    axes.append(
      svg('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: py, y2: py }),
      svg(
        'text',
        { class: 'tick', x: margin.left - 6, y: py + 4, 'text-anchor': 'end' },
        decimal(tick, 4),
      ),
    );
  }
  axes.append(
    svg('line', {
      class: 'axis',
      x1: margin.left,
      x2: width - margin.right,
      y1: y.range()[0],
      y2: y.range()[0],
    }),
    svg('line', {
      class: 'axis',
      x1: margin.left,
      x2: margin.left,
      y1: y.range()[0],
      y2: y.range()[1],
    }),
    svg(
      'text',
      {
        class: 'axis-label',
        x: (margin.left + width - margin.right) / 2,
        y: height - 6,
        'text-anchor': 'middle',
      },
      spec.xLabel,
    ),
    svg(
      'text',
      {
        class: 'axis-label',
        x: 0,
        y: 0,
        'text-anchor': 'middle',
        transform: `translate(14 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`,
      },
      spec.yLabel,
    ),
  );
  root.append(axes);
  const plot = svg('g', { class: 'marks' });
  root.append(plot);
  return { root, plot, x, y };
}

/** Legend entries laid out in rows that fit the width; returns the rows' elements. */
function legend(
  width: number,
  entries: { name: string; color: number; dashed?: boolean }[],
): { rows: number; group: SVGGElement } {
  const group = svg('g', { class: 'legend' });
  let x = 58;
  let rowIndex = 0;
  for (const entry of entries) {
    const entryWidth = 26 + entry.name.length * CHAR_WIDTH + 14;
    if (x + entryWidth > width - 8 && x > 58) {
      x = 58;
      rowIndex++;
    }
    const y = 12 + rowIndex * 18;
    group.append(
      svg('line', {
        class: `stroke-${entry.color}${entry.dashed ? ' dashed' : ''}`,
        x1: x,
        x2: x + 20,
        y1: y,
        y2: y,
      }),
      svg('text', { class: 'legend-text', x: x + 26, y: y + 4 }, entry.name),
    );
    x += entryWidth;
  }
  return { rows: entries.length ? rowIndex + 1 : 0, group };
}

/** Lines over x, with optional point markers and vertical guides. */
export function lineChart(spec: LineChartSpec, width: number): SVGSVGElement {
  const keyed = legend(width, spec.series);
  const height = Math.round(Math.min(360, Math.max(220, width * 0.55))) + keyed.rows * 18;
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [
    ...spec.series.flatMap((s) => s.points.map((p) => p[1]).filter((v): v is number => v !== null)),
    ...(spec.markers ?? []).map((m) => m.y),
  ].filter(Number.isFinite);
  const xDomain = spec.xDomain ?? extent(xs, [0, 1]);
  const [low, high] = extent(ys, [0, 1]);
  const pad = (high - low) * 0.08 || Math.abs(high) * 0.1 || 1;
  const { root, plot, x, y } = frame(
    width,
    height,
    spec,
    xDomain,
    [low - pad, high + pad],
    keyed.rows,
  );
  root.insertBefore(keyed.group, plot);
  for (const guide of spec.guides ?? []) {
    const px = x(guide.x);
    plot.append(
      svg('line', { class: 'guide', x1: px, x2: px, y1: y.range()[0], y2: y.range()[1] }),
      svg('text', { class: 'guide-label', x: px + 4, y: y.range()[1] + 12 }, guide.label),
    );
  }
  const path = line<[number, number | null]>()
    .defined((p) => p[1] !== null && Number.isFinite(p[1]))
    .x((p) => x(p[0]))
    .y((p) => y(p[1] as number));
  for (const series of spec.series) {
    plot.append(
      svg('path', {
        class: `series stroke-${series.color}${series.dashed ? ' dashed' : ''}`,
        d: path(series.points) ?? '',
      }),
    );
    if (series.dots) {
      for (const [px, py] of series.points) {
        if (py === null) continue;
        plot.append(
          svg(
            'circle',
            { class: `dot fill-${series.color}`, cx: x(px), cy: y(py), r: 2.5 },
            svg('title', {}, `${series.name}: ${formatNumber(py)} at ${formatNumber(px)}`),
          ),
        );
      }
    }
  }
  for (const marker of spec.markers ?? []) {
    const cx = x(marker.x);
    const cy = y(marker.y);
    plot.append(
      svg(
        'circle',
        {
          class: marker.hollow
            ? `marker hollow stroke-${marker.color}`
            : `marker fill-${marker.color}`,
          cx,
          cy,
          r: 4.5,
        },
        svg('title', {}, marker.label),
      ),
    );
    if (!marker.hollow) {
      const anchor = cx > (x.range()[0] + x.range()[1]) / 2 ? 'end' : 'start';
      plot.append(
        svg(
          'text',
          {
            class: 'marker-label',
            x: cx + (anchor === 'end' ? -8 : 8),
            y: cy - 8,
            'text-anchor': anchor,
          },
          marker.label,
        ),
      );
    }
  }
  return root;
}

export interface SimplexSpec {
  title: string;
  /** The three state names, in order. */
  states: [string, string, string];
  /** V on a triangular grid (posterior in state order); null where infeasible. */
  samples: { posterior: number[]; value: number | null }[];
  prior: number[];
  posteriors: { posterior: number[]; label: string; probability: number }[];
}

/** The belief simplex of three states, coloured by V, with prior and posteriors marked. */
export function simplexChart(spec: SimplexSpec, width: number): SVGSVGElement {
  const legendHeight = 46;
  const side = Math.min(width - 120, 460);
  const triangleHeight = (side * Math.sqrt(3)) / 2;
  const height = Math.round(triangleHeight + 60 + legendHeight);
  const left = (width - side) / 2;
  const top = 26;
  const point = (p: number[]): [number, number] => [
    left + p[1] * side + p[2] * (side / 2),
    top + triangleHeight - p[2] * triangleHeight,
  ];
  const root = svg('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': spec.title,
    class: 'plot',
  });
  root.append(svg('title', {}, spec.title));

  // The grid is the one the solver samples: steps + 1 points along each edge.
  const steps = Math.round((Math.sqrt(8 * spec.samples.length + 1) - 3) / 2);
  const grid = new Map<string, number | null>();
  for (const s of spec.samples)
    grid.set(
      `${Math.round(s.posterior[1] * steps)},${Math.round(s.posterior[2] * steps)}`,
      s.value,
    );
  const values = spec.samples.map((s) => s.value).filter((v): v is number => v !== null);
  const [low, high] = extent(values, [0, 1]);
  const colour = (v: number) => interpolateViridis(high > low ? (v - low) / (high - low) : 0.5);
  const cells = svg('g', { class: 'cells' });
  const at = (i: number, j: number): number[] => [(steps - i - j) / steps, i / steps, j / steps];
  const addCell = (corners: [number, number][]) => {
    const vs = corners.map(([i, j]) => grid.get(`${i},${j}`));
    const known = vs.filter((v): v is number => v !== null && v !== undefined);
    const points = corners
      .map(([i, j]) =>
        point(at(i, j))
          .map((c) => c.toFixed(2))
          .join(','),
      )
      .join(' ');
    const fill = known.length === 3 ? colour(known.reduce((a, b) => a + b, 0) / 3) : undefined;
    cells.append(
      svg('polygon', { points, class: fill ? 'cell' : 'cell infeasible', fill, stroke: fill }),
    );
  };
  for (let i = 0; i < steps; i++) {
    for (let j = 0; i + j < steps; j++) {
      addCell([
        [i, j],
        [i + 1, j],
        [i, j + 1],
      ]);
      if (i + j + 2 <= steps)
        addCell([
          [i + 1, j],
          [i, j + 1],
          [i + 1, j + 1],
        ]);
    }
  }
  root.append(cells);

  const vertices = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ].map(point);
  root.append(
    svg('polygon', { class: 'simplex-edge', points: vertices.map((v) => v.join(',')).join(' ') }),
  );
  const labelOffsets: [number, number, string][] = [
    [-6, 16, 'end'],
    [6, 16, 'start'],
    [0, -8, 'middle'],
  ];
  spec.states.forEach((state, k) => {
    const [dx, dy, anchor] = labelOffsets[k];
    root.append(
      svg(
        'text',
        {
          class: 'vertex-label',
          x: vertices[k][0] + dx,
          y: vertices[k][1] + dy,
          'text-anchor': anchor,
        },
        state,
      ),
    );
  });

  const [px, py] = point(spec.prior);
  root.append(
    svg(
      'path',
      {
        class: 'prior-mark',
        d: `M${px - 6},${py - 6}L${px + 6},${py + 6}M${px - 6},${py + 6}L${px + 6},${py - 6}`,
      },
      svg('title', {}, 'prior'),
    ),
    svg('text', { class: 'marker-label', x: px + 8, y: py + 14 }, 'prior'),
  );
  spec.posteriors.forEach((p, k) => {
    const [cx, cy] = point(p.posterior);
    root.append(
      svg(
        'circle',
        { class: `marker posterior fill-${k % 8}`, cx, cy, r: 4 + 6 * Math.sqrt(p.probability) },
        svg('title', {}, `${p.label}: probability ${formatNumber(p.probability)}`),
      ),
      svg('text', { class: 'marker-label', x: cx + 10, y: cy - 8 }, p.label),
    );
  });

  // Colour bar.
  const barWidth = Math.min(260, width - 140);
  const barX = (width - barWidth) / 2;
  const barY = height - legendHeight + 6;
  const gradientId = `viridis-${Math.random().toString(36).slice(2, 8)}`;
  const gradient = svg('linearGradient', { id: gradientId, x1: 0, x2: 1, y1: 0, y2: 0 });
  for (let k = 0; k <= 10; k++)
    gradient.append(svg('stop', { offset: k / 10, 'stop-color': interpolateViridis(k / 10) }));
  root.append(
    svg('defs', {}, gradient),
    svg('rect', { x: barX, y: barY, width: barWidth, height: 10, fill: `url(#${gradientId})` }),
    svg(
      'text',
      { class: 'tick', x: barX - 6, y: barY + 9, 'text-anchor': 'end' },
      formatNumber(low),
    ),
    svg('text', { class: 'tick', x: barX + barWidth + 6, y: barY + 9 }, formatNumber(high)),
    svg(
      'text',
      { class: 'axis-label', x: width / 2, y: barY + 28, 'text-anchor': 'middle' },
      'V(μ); grey: no feasible mechanism',
    ),
  );
  return root;
}

export interface StackedBarsSpec {
  title: string;
  /** One bar per row (a state), split into segments (signals) that sum to 1. */
  rows: { label: string; segments: { value: number; color: number; label: string }[] }[];
  legend: { name: string; color: number }[];
}

/** Horizontal bars of φ(s | ω): where each state sends the receiver. */
export function stackedBars(spec: StackedBarsSpec, width: number): SVGSVGElement {
  const labelWidth = Math.min(
    140,
    16 + Math.max(...spec.rows.map((r) => r.label.length)) * CHAR_WIDTH,
  );
  const barHeight = 22;
  const legendRows = legend(width, spec.legend);
  const top = 8 + legendRows.rows * 18;
  const height = top + spec.rows.length * (barHeight + 10) + 26;
  const x = scaleLinear()
    .domain([0, 1])
    .range([labelWidth, width - 16]);
  const root = svg('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': spec.title,
    class: 'plot',
  });
  root.append(svg('title', {}, spec.title));
  // Legend swatches are filled boxes here, not lines.
  for (const swatch of Array.from(legendRows.group.querySelectorAll('line'))) {
    swatch.replaceWith(
      svg('rect', {
        class: swatch.getAttribute('class')!.replace('stroke-', 'fill-'),
        x: swatch.getAttribute('x1')!,
        y: Number(swatch.getAttribute('y1')) - 5,
        width: 20,
        height: 10,
      }),
    );
  }
  root.append(legendRows.group);
  spec.rows.forEach((row, k) => {
    const y = top + k * (barHeight + 10);
    root.append(
      svg(
        'text',
        { class: 'bar-label', x: labelWidth - 8, y: y + barHeight / 2 + 4, 'text-anchor': 'end' },
        row.label,
      ),
    );
    let start = 0;
    for (const segment of row.segments) {
      if (segment.value <= 1e-12) continue;
      const x0 = x(start);
      const x1 = x(start + segment.value);
      root.append(
        svg(
          'rect',
          {
            class: `fill-${segment.color}`,
            x: x0,
            y,
            width: Math.max(0.5, x1 - x0 - 1),
            height: barHeight,
          },
          svg('title', {}, segment.label),
        ),
      );
      const text = formatNumber(segment.value);
      if (x1 - x0 > text.length * CHAR_WIDTH + 8) {
        root.append(
          svg(
            'text',
            {
              class: 'bar-value',
              x: (x0 + x1) / 2,
              y: y + barHeight / 2 + 4,
              'text-anchor': 'middle',
            },
            text,
          ),
        );
      }
      start += segment.value;
    }
  });
  const axisY = top + spec.rows.length * (barHeight + 10) + 2;
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(
      svg(
        'text',
        { class: 'tick', x: x(tick), y: axisY + 12, 'text-anchor': 'middle' },
        decimal(tick),
      ),
    );
  }
  return root;
}

/** The upper concave hull of points, sorted by x (Andrew's monotone chain). */
export function upperHull(points: [number, number][]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const hull: [number, number][] = [];
  for (const p of sorted) {
    if (hull.length && Math.abs(hull[hull.length - 1][0] - p[0]) < 1e-12) continue;
    while (hull.length >= 2) {
      const [a, b] = [hull[hull.length - 2], hull[hull.length - 1]];
      const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
      if (cross >= -1e-12) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

/** A copy of a drawn chart that stands alone: computed colours and fonts become attributes. */
export function standaloneSvg(original: SVGSVGElement): string {
  const copy = original.cloneNode(true) as SVGSVGElement;
  const sources = [original, ...Array.from(original.querySelectorAll('*'))];
  const targets = [copy, ...Array.from(copy.querySelectorAll('*'))];
  const properties = [
    'fill',
    'stroke',
    'stroke-width',
    'stroke-dasharray',
    'opacity',
    'fill-opacity',
    'font-family',
    'font-size',
    'font-weight',
  ];
  sources.forEach((source, i) => {
    const computed = getComputedStyle(source);
    for (const property of properties) {
      const value = computed.getPropertyValue(property);
      if (value && !(property === 'fill' && source.hasAttribute('fill')))
        targets[i].setAttribute(property, value);
    }
    targets[i].removeAttribute('class');
  });
  const background = getComputedStyle(document.body).backgroundColor;
  const [, , width, height] = (copy.getAttribute('viewBox') ?? '0 0 0 0').split(' ');
  copy.insertBefore(svg('rect', { x: 0, y: 0, width, height, fill: background }), copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

function extent(values: number[], fallback: [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return fallback;
  return [Math.min(...finite), Math.max(...finite)];
}
