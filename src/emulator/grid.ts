/**
 * A sparse-by-row 2-D store (0-based). Rows are allocated when first written.
 *
 * Rows given one value over the same columns (a format set on whole columns of a 17,000-row
 * roster) share one array, copied the first time any of them changes otherwise: a district
 * import would else allocate a format row per student for every format call.
 */
export class Grid<T> {
  rows: (T | undefined)[][] = [];
  private shared = new WeakSet<(T | undefined)[]>();

  get(r: number, c: number): T | undefined {
    const row = this.rows[r];
    return row ? row[c] : undefined;
  }

  /** The row at `r`, its own array (a shared row is copied first); undefined where there is none. */
  private own(r: number): (T | undefined)[] | undefined {
    const row = this.rows[r];
    if (!row || !this.shared.has(row)) return row;
    return (this.rows[r] = row.slice());
  }

  set(r: number, c: number, v: T | undefined): void {
    let row = this.own(r);
    if (!row) {
      if (v === undefined) return;
      row = this.rows[r] = [];
    }
    row[c] = v;
  }

  /**
   * Set a block from a 2-D array (row-major), or one value everywhere. A row made here is sized
   * `width` at once (the sheet's width): formats set column by column on a 17,000-row sheet would
   * otherwise grow every row's array once per column.
   */
  fill(r0: number, c0: number, nr: number, nc: number, value: (r: number, c: number) => T | undefined, width = 0): void {
    for (let r = 0; r < nr; r++) {
      let row = this.own(r0 + r);
      for (let c = 0; c < nc; c++) {
        const v = value(r, c);
        if (!row) {
          if (v === undefined) continue;
          row = this.rows[r0 + r] = new Array<T | undefined>(Math.max(c0 + nc, width));
        }
        row[c0 + c] = v;
      }
    }
  }

  /**
   * One value over a block (formats set on whole columns). Rows without an array of their own, or
   * sharing one, end up sharing the filled array (one per array they shared before); a row with
   * its own array is filled in place.
   */
  fillWith(r0: number, c0: number, nr: number, nc: number, value: T | undefined, width = 0): void {
    const made = new Map<(T | undefined)[] | undefined, (T | undefined)[]>();
    for (let r = 0; r < nr; r++) {
      const row = this.rows[r0 + r];
      if (row && !this.shared.has(row)) {
        // fill stops at the array's end: a shorter row is lengthened first.
        if (row.length < c0 + nc) row.length = c0 + nc;
        row.fill(value, c0, c0 + nc);
        continue;
      }
      if (!row && value === undefined) continue;
      let filled = made.get(row);
      if (!filled) {
        filled = row ? row.slice() : new Array<T | undefined>(Math.max(c0 + nc, width));
        if (filled.length < c0 + nc) filled.length = c0 + nc;
        filled.fill(value, c0, c0 + nc);
        this.shared.add(filled);
        made.set(row, filled);
      }
      this.rows[r0 + r] = filled;
    }
  }

  clear(r0: number, c0: number, nr: number, nc: number): void {
    for (let r = r0; r < r0 + nr && r < this.rows.length; r++) {
      const row = this.own(r);
      if (!row) continue;
      for (let c = c0; c < c0 + nc && c < row.length; c++) row[c] = undefined;
    }
  }

  insertRows(at: number, n: number): void {
    if (at >= this.rows.length) return;
    this.rows.splice(at, 0, ...new Array<undefined>(n).fill(undefined).map(() => undefined as unknown as T[]));
  }

  deleteRows(at: number, n: number): void {
    this.rows.splice(at, n);
  }

  insertCols(at: number, n: number): void {
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r];
      if (row && at < row.length) this.own(r)!.splice(at, 0, ...new Array<T | undefined>(n).fill(undefined));
    }
  }

  deleteCols(at: number, n: number): void {
    for (let r = 0; r < this.rows.length; r++) if (this.rows[r]) this.own(r)!.splice(at, n);
  }

  /** Last row (1-based count) holding a value for which `has` is true; 0 when none. */
  lastRow(has: (v: T) => boolean = () => true): number {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const row = this.rows[r];
      if (row && row.some((v) => v !== undefined && has(v))) return r + 1;
    }
    return 0;
  }

  lastCol(has: (v: T) => boolean = () => true): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length - 1; c >= last; c--) {
        const v = row[c];
        if (v !== undefined && has(v)) {
          last = c + 1;
          break;
        }
      }
    }
    return last;
  }

  toJSON(): (T | undefined | null)[][] {
    return this.rows.map((row) => (row ? row.map((v) => (v === undefined ? null : v)) : []));
  }

  static from<T>(rows: (T | null)[][] | undefined, revive: (v: T) => T = (v) => v): Grid<T> {
    const g = new Grid<T>();
    g.rows = (rows ?? []).map((row) =>
      row && row.length ? row.map((v) => (v === null ? undefined : revive(v))) : (undefined as unknown as T[]),
    );
    return g;
  }
}
