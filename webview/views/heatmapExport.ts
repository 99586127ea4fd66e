/** The heatmaps as a file: all matrices stacked into one PNG, or an SVG with one rect per cell of small matrices. */
import { divergingIndex, type Palette } from '../colors';
import { fmt, thetaLabel } from '../notation';
import { escapeXml, type Numbers } from './shared';

/** What an export needs of a drawn matrix. */
export interface ExportFigure {
  title: HTMLElement;
  canvas: HTMLCanvasElement;
  legend: HTMLCanvasElement;
  geo: {
    rows: number;
    cols: number;
    x0: number;
    y0: number;
    cw: number;
    ch: number;
    width: number;
    height: number;
  } | null;
  max: number;
}

/** All matrices stacked into one PNG, with their titles and legends. */
export function heatmapsPng(figs: readonly ExportFigure[], p: Palette): string {
  const items = figs.filter((f) => f.canvas.width > 1);
  const dpr = window.devicePixelRatio || 1;
  const W = Math.max(...items.map((f) => f.canvas.width), 240 * dpr);
  const H = items.reduce((s, f) => s + f.canvas.height + f.legend.height + 24 * dpr, 0) + 8 * dpr;
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  const ctx = c.getContext('2d');
  if (!ctx) return '';
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, W, H);
  let y = 4 * dpr;
  for (const f of items) {
    ctx.fillStyle = p.fg;
    ctx.font = `${12 * dpr}px ${p.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.fillText(f.title.textContent ?? '', 4 * dpr, y);
    y += 20 * dpr;
    ctx.drawImage(f.canvas, 0, y);
    y += f.canvas.height;
    ctx.drawImage(f.legend, 0, y);
    y += f.legend.height + 4 * dpr;
  }
  return c.toDataURL('image/png');
}

/** SVG: one rect per cell for small matrices, an embedded picture for big ones; titles and scales as text. */
export function heatmapsSvg(
  figs: readonly ExportFigure[],
  values: (t: number) => Numbers | null,
  symbol: string,
  p: Palette,
): string {
  const parts: string[] = [];
  let y = 8;
  let W = 240;
  const body: string[] = [];
  figs.forEach((f, t) => {
    const g = f.geo;
    const v = values(t);
    if (!g) return;
    W = Math.max(W, g.width);
    body.push(
      `<text x="4" y="${y + 12}" font-size="12" fill="${escapeXml(p.fg)}">${escapeXml(f.title.textContent ?? '')}</text>`,
    );
    y += 20;
    const ox = g.x0;
    const oy = y + g.y0;
    if (v && g.rows * g.cols <= 4000) {
      for (let r = 0; r < g.rows; r++)
        for (let c = 0; c < g.cols; c++)
          body.push(
            `<rect x="${(ox + c * g.cw).toFixed(2)}" y="${(oy + r * g.ch).toFixed(2)}" width="${g.cw.toFixed(2)}" height="${g.ch.toFixed(2)}" fill="${p.diverging[divergingIndex(v[r * g.cols + c], f.max)]}"><title>${escapeXml(thetaLabel(t + 1, r + 1, c, symbol))} = ${fmt(v[r * g.cols + c], 4)}</title></rect>`,
          );
    } else {
      body.push(
        `<image href="${f.canvas.toDataURL('image/png')}" x="0" y="${y}" width="${g.width}" height="${g.height}"/>`,
      );
    }
    body.push(
      `<line x1="${ox + g.cw}" y1="${oy - 4}" x2="${ox + g.cw}" y2="${oy + g.rows * g.ch + 2}" stroke="${escapeXml(p.fg)}" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
    body.push(`<text x="${ox}" y="${oy - 8}" font-size="10" fill="${escapeXml(p.fg)}">bias</text>`);
    y += g.height + 4;
    // Legend: −max … 0 … +max
    const stops = [0, 64, 128, 192, 256]
      .map((k) => `<stop offset="${(k / 256) * 100}%" stop-color="${p.diverging[k]}"/>`)
      .join('');
    body.push(`<defs><linearGradient id="lg${t}">${stops}</linearGradient></defs>`);
    body.push(
      `<rect x="34" y="${y}" width="152" height="10" fill="url(#lg${t})" stroke="${escapeXml(p.border)}"/>`,
    );
    body.push(
      `<text x="34" y="${y + 22}" font-size="10" text-anchor="middle" fill="${escapeXml(p.fg)}">${fmt(-f.max, 2)}</text>`,
    );
    body.push(
      `<text x="110" y="${y + 22}" font-size="10" text-anchor="middle" fill="${escapeXml(p.fg)}">0</text>`,
    );
    body.push(
      `<text x="186" y="${y + 22}" font-size="10" text-anchor="middle" fill="${escapeXml(p.fg)}">${fmt(f.max, 2)}</text>`,
    );
    y += 34;
  });
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" font-family="${escapeXml(p.fontFamily)}">`,
  );
  parts.push(`<rect width="100%" height="100%" fill="${escapeXml(p.bg)}"/>`);
  parts.push(...body, '</svg>');
  return parts.join('\n');
}
