/**
 * A live line chart in plain SVG: the temperature and the set-point over a sliding window. About
 * 50 lines instead of a charting library (uPlot is ~50 kB minified): two lines and three labels
 * are all this needs, and the page stays dependency-free.
 */

const NS = 'http://www.w3.org/2000/svg';

interface Reading {
  readonly t: number;
  readonly temperature: number;
  readonly setPoint: number | undefined;
}

/** A chart of timestamped readings over the last `windowMs`. */
export class TemperatureChart {
  readonly #svg: SVGSVGElement;
  readonly #windowMs: number;
  readonly #points: Reading[] = [];

  constructor(svg: SVGSVGElement, windowMs = 120_000) {
    this.#svg = svg;
    this.#windowMs = windowMs;
  }

  /** Adds a reading and redraws. */
  add(temperature: number, setPoint: number | undefined, t = Date.now()): void {
    this.#points.push({ t, temperature, setPoint });
    while (this.#points.length > 0 && this.#points[0]!.t < t - this.#windowMs) this.#points.shift();
    if (this.#points.length > 2_000) this.#points.splice(0, this.#points.length - 2_000);
    this.#draw(t);
  }

  /** How many readings are drawn. */
  get size(): number {
    return this.#points.length;
  }

  #draw(now: number): void {
    const values = this.#points.flatMap((p) => (p.setPoint === undefined ? [p.temperature] : [p.temperature, p.setPoint]));
    const lo = Math.floor(Math.min(...values) - 0.5);
    const hi = Math.ceil(Math.max(...values) + 0.5);
    // Until the window is full, the readings so far fill the width.
    const span = Math.max(1, Math.min(this.#windowMs, now - this.#points[0]!.t));
    const x = (t: number): number => 300 - ((now - t) / span) * 300;
    const y = (v: number): number => 92 - ((v - lo) / (hi - lo)) * 84;
    const line = (pick: (p: Reading) => number | undefined): string =>
      this.#points.flatMap((p) => {
        const v = pick(p);
        return v === undefined ? [] : [`${x(p.t).toFixed(1)},${y(v).toFixed(1)}`];
      }).join(' ');
    const el = (name: string, attrs: Record<string, string>, text?: string): SVGElement => {
      const e = document.createElementNS(NS, name);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      return e;
    };
    this.#svg.replaceChildren(
      el('polyline', { class: 'sp', points: line((p) => p.setPoint), fill: 'none' }),
      el('polyline', { class: 'temp', points: line((p) => p.temperature) }),
      el('text', { x: '2', y: '10' }, `${hi} °C`),
      el('text', { x: '2', y: '98' }, `${lo} °C`),
      el('text', { x: '270', y: '98' }, 'now'),
    );
  }
}
