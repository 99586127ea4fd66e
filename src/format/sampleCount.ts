import type { DataSpec } from '../shared/spec';

/** m when it is known without reading files (null for csv). */
export function knownSampleCount(data: DataSpec): number | null {
  switch (data.kind) {
    case 'inline':
    case 'labels':
      return data.inputs.length;
    case 'generator':
    case 'mnist':
      return data.samples;
    case 'csv':
    case 'none':
      return null;
  }
}
