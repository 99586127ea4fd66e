/** The graph as an SVG file, built from the element positions and the overlay's paint records. */
import type cytoscape from 'cytoscape';
import { escapeXml } from './shared';
import { edgeAlpha, nodeAlpha, type Scene } from './graphScene';

/** An SVG of the graph built from the element positions and the paint records. */
export function graphSvg(cy: cytoscape.Core, s: Scene): string {
  const bb = cy.elements().boundingBox();
  const pad = 20;
  const p = s.palette;
  const parts: string[] = [];
  const W = bb.w + 2 * pad;
  const H = bb.h + 2 * pad;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W.toFixed(0)}" height="${H.toFixed(0)}" viewBox="${(bb.x1 - pad).toFixed(1)} ${(bb.y1 - pad).toFixed(1)} ${W.toFixed(1)} ${H.toFixed(1)}" font-family="${escapeXml(p.fontFamily)}">`,
  );
  parts.push(
    `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${W}" height="${H}" fill="${escapeXml(p.bg)}"/>`,
  );
  for (const e of s.edges) {
    parts.push(
      `<line x1="${e.x1.toFixed(1)}" y1="${e.y1.toFixed(1)}" x2="${e.x2.toFixed(1)}" y2="${e.y2.toFixed(1)}" stroke="${escapeXml(e.c)}" stroke-width="${e.w}" stroke-opacity="${edgeAlpha(e)}"${e.dropped ? ' stroke-dasharray="6 3"' : ''}/>`,
    );
  }
  for (const n of s.nodes) {
    const { x, y } = n;
    const size = n.ele.width();
    if (n.unit === -1) {
      parts.push(
        `<rect x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" fill="${escapeXml(p.bg)}" stroke="${escapeXml(p.fg)}"/>`,
      );
      if (s.picture)
        parts.push(
          `<image href="${escapeXml(s.picture.toDataURL('image/png'))}" x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" style="image-rendering:pixelated"/>`,
        );
      parts.push(
        `<text x="${x}" y="${y + size / 2 + 16}" text-anchor="middle" font-size="12" fill="${escapeXml(p.fg)}">${escapeXml(n.name)}</text>`,
      );
      continue;
    }
    const opacity = n.unit > 0 ? nodeAlpha(n) : 1;
    const op = opacity < 1 ? ` opacity="${opacity}"` : '';
    if (n.unit === 0) {
      parts.push(
        `<rect x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" rx="4" fill="${escapeXml(p.bg)}" stroke="${escapeXml(p.muted)}" stroke-dasharray="3 2"/>`,
      );
    } else {
      parts.push(
        `<circle cx="${x}" cy="${y}" r="${size / 2}" fill="${escapeXml(n.fill)}" stroke="${escapeXml(n.dropped ? p.muted : p.fg)}" stroke-width="1.5"${n.dropped ? ' stroke-dasharray="3 2"' : ''}${op}/>`,
      );
    }
    const lines = n.label.split('\n');
    const fs = n.fs;
    const fill = n.unit > 0 ? (n.dropped ? p.muted : n.text) : p.fg;
    lines.forEach((line, k) => {
      const ty = y + (k - (lines.length - 1) / 2) * fs * 1.2 + fs * 0.35;
      parts.push(
        `<text x="${x}" y="${ty.toFixed(1)}" text-anchor="middle" font-size="${fs.toFixed(1)}" fill="${escapeXml(fill)}"${op}>${escapeXml(line)}</text>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('\n');
}
