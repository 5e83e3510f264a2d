/** One measured figure and the bound it is held to. */
export interface Figure {
  scenario: string;
  name: string;
  /** The measured value, as printed. */
  value: string;
  /** The bound, as printed; "(info)" when the figure is only reported. */
  bound: string;
  ok: boolean;
}

const INFO = '(info)';

/**
 * Collects every figure of the run, prints each as it is measured and
 * renders them all as one table at the end.
 */
export class FigureBook {
  readonly figures: Figure[] = [];

  /** A figure held to a bound. */
  check(
    scenario: string,
    name: string,
    value: number | string,
    bound: string,
    ok: boolean,
  ): void {
    this.add({ scenario, name, value: show(value), bound, ok });
  }

  /** value ≤ max. */
  atMost(scenario: string, name: string, value: number, max: number): void {
    this.check(scenario, name, value, `≤ ${show(max)}`, value <= max);
  }

  /** value < max. */
  below(scenario: string, name: string, value: number, max: number): void {
    this.check(scenario, name, value, `< ${show(max)}`, value < max);
  }

  /** value === expected. */
  equals(
    scenario: string,
    name: string,
    value: number | string,
    expected: number | string,
  ): void {
    this.check(
      scenario,
      name,
      value,
      `= ${show(expected)}`,
      value === expected,
    );
  }

  /** A figure that is reported but not held to anything. */
  info(scenario: string, name: string, value: number | string): void {
    this.add({ scenario, name, value: show(value), bound: INFO, ok: true });
  }

  /** A scenario that could not finish counts as one failed figure. */
  crashed(scenario: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.check(scenario, 'scenario finished', message, 'no error', false);
  }

  get passed(): number {
    return this.held().filter((figure) => figure.ok).length;
  }

  get failed(): number {
    return this.held().filter((figure) => !figure.ok).length;
  }

  /** A Markdown table of every figure, failed ones marked. */
  render(): string {
    const rows = this.figures.map((figure) => [
      figure.scenario,
      figure.name,
      figure.value,
      figure.bound,
      figure.bound === INFO ? '' : figure.ok ? 'yes' : 'NO',
    ]);

    return table(['scenario', 'figure', 'measured', 'bound', 'holds'], rows);
  }

  private held(): Figure[] {
    return this.figures.filter((figure) => figure.bound !== INFO);
  }

  private add(figure: Figure): void {
    this.figures.push(figure);
    const mark = figure.bound === INFO ? '  ' : figure.ok ? 'ok' : 'NO';
    const bound = figure.bound === INFO ? '' : ` (${figure.bound})`;
    console.log(
      `  [${mark}] ${figure.scenario}: ${figure.name} = ${figure.value}${bound}`,
    );
  }
}

function show(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);

  return String(Math.round(value * 100) / 100);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;

  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}
